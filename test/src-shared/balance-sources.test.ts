import { describe, expect, it } from 'vitest';
import { defaultCnyPerUsd } from '../../src-shared/balance-sources.js';
import { configSchema } from '../../src-shared/config-schema.js';

const provider = { id: 'ds', type: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', keys: [{ id: 'k', secret: 'env:DEEPSEEK_API_KEY' }] };

describe('balance settings in the config', () => {
  it('accepts a balance source or none on a provider, and leaves it out by default', () => {
    expect(configSchema.parse({ providers: [{ ...provider, balance: 'deepseek' }] }).providers[0]!.balance).toBe('deepseek');
    expect(configSchema.parse({ providers: [{ ...provider, balance: 'none' }] }).providers[0]!.balance).toBe('none');
    expect(configSchema.parse({ providers: [provider] }).providers[0]!.balance).toBeUndefined();
  });

  it('refuses a vendor it has no balance API for, naming the choices', () => {
    const result = configSchema.safeParse({ providers: [{ ...provider, balance: 'openai' }] });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.path).toEqual(['providers', 0, 'balance']);
    expect(result.error!.issues[0]!.message).toMatch(/openrouter.*deepseek.*none/);
  });

  it('takes the yuan rate from currency.cnyPerUsd, with a dated default', () => {
    expect(configSchema.parse({}).currency).toEqual({ cnyPerUsd: defaultCnyPerUsd });
    expect(configSchema.parse({ currency: { cnyPerUsd: 7.25 } }).currency.cnyPerUsd).toBe(7.25);
    expect(configSchema.safeParse({ currency: { cnyPerUsd: 0 } }).success).toBe(false);
    expect(configSchema.safeParse({ currency: { cnyPerUSD: 7 } }).success).toBe(false);
  });
});
