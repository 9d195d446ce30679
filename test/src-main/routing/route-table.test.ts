import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-shared/config-schema.js';
import { anthropicAdapter } from '../../../src-main/providers/anthropic/anthropic-adapter.js';
import { openaiAdapter } from '../../../src-main/providers/openai/openai-adapter.js';
import { openaiCompatibleAdapter } from '../../../src-main/providers/openai-compatible/openai-compatible-adapter.js';
import { buildRouteTable } from '../../../src-main/routing/route-table.js';
import { providerKeyAccount } from '../../../src-main/store/secrets/secret-accounts.js';

const config = configSchema.parse({
  providers: [
    { id: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1', keys: [{ id: 'a', secret: 'x' }, { id: 'b', secret: 'x' }] },
    { id: 'claude', type: 'anthropic', baseUrl: 'https://api.anthropic.com', keys: [{ id: 'c', secret: 'x' }] },
    { id: 'deepseek', type: 'openai-compatible', baseUrl: 'https://api.deepseek.com', keys: [{ id: 'd', secret: 'x' }] },
  ],
});

describe('buildRouteTable', () => {
  const table = buildRouteTable(config, new Map([[providerKeyAccount('openai', 'b'), 'sk-b']]));

  it('lists every key in config order, each with its provider', () => {
    expect(table.keys.map((entry) => [entry.provider.config.id, entry.key.id, entry.order])).toEqual([
      ['openai', 'a', 0],
      ['openai', 'b', 1],
      ['claude', 'c', 2],
      ['deepseek', 'd', 3],
    ]);
    expect(table.keys[1]!.provider).toBe(table.providers.get('openai'));
  });

  it('gives each provider its type\'s adapter', () => {
    expect(table.providers.get('openai')!.adapter).toBe(openaiAdapter);
    expect(table.providers.get('deepseek')!.adapter).toBe(openaiCompatibleAdapter);
    expect(table.providers.get('claude')!.adapter).toBe(anthropicAdapter);
  });

  it('finds secrets by provider and key id', () => {
    expect(providerKeyAccount('openai', 'b')).toBe('provider/openai/b');
    expect(table.secretFor('openai', 'b')).toBe('sk-b');
    expect(table.secretFor('openai', 'a')).toBeUndefined();
    expect(table.secretFor('deepseek', 'b')).toBeUndefined();
  });

  it('keeps the config it was built from', () => {
    expect(table.config).toBe(config);
  });
});
