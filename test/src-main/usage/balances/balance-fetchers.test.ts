import { describe, expect, it } from 'vitest';
import { balanceSources } from '../../../../src-shared/balance-sources.js';
import { findVendorPreset } from '../../../../src-shared/vendor-presets.js';
import { balanceFetchers, balanceSourceFor } from '../../../../src-main/usage/balances/balance-fetchers.js';

describe('balanceSourceFor', () => {
  it.each([
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://api.deepseek.com/v1', 'deepseek'],
    ['https://api.deepseek.com', 'deepseek'],
    ['https://api.moonshot.cn/v1', 'moonshot-cn'],
    ['https://api.moonshot.ai/v1', 'moonshot-ai'],
    ['https://api.siliconflow.cn/v1', 'siliconflow-cn'],
    ['https://api.siliconflow.com/v1', 'siliconflow-com'],
    ['https://api.openai.com/v1', null],
    ['http://127.0.0.1:9999/v1', null],
    ['https://notopenrouter.ai/v1', null],
  ])('infers %s → %s from the host', (baseUrl, source) => {
    expect(balanceSourceFor({ baseUrl })).toBe(source);
  });

  it('lets the provider name its source, or turn it off', () => {
    expect(balanceSourceFor({ baseUrl: 'http://127.0.0.1:9999/v1', balance: 'deepseek' })).toBe('deepseek');
    expect(balanceSourceFor({ baseUrl: 'https://api.deepseek.com/v1', balance: 'none' })).toBeNull();
    expect(balanceSourceFor({ baseUrl: 'https://relay.example/v1', balance: 'moonshot-ai' })).toBe('moonshot-ai');
  });

  it('infers the source from a vendor preset, before the host', () => {
    expect(balanceSourceFor({ baseUrl: 'https://relay.example/v1', preset: 'siliconflow-com' })).toBe('siliconflow-com');
    expect(balanceSourceFor({ baseUrl: 'https://api.openai.com/v1', preset: 'openai' })).toBeNull();
  });

  it('has a fetcher for every source, each a vendor preset id with its documentation', () => {
    expect(Object.keys(balanceFetchers).sort()).toEqual([...balanceSources].sort());
    for (const source of balanceSources) {
      expect(findVendorPreset(source), source).toBeDefined();
      expect(balanceFetchers[source].docsUrl).toMatch(/^https:\/\//);
    }
  });
});
