import { describe, expect, it } from 'vitest';
import { configSchema, type SwitchyardConfigInput } from '../../../src-shared/config-schema.js';
import { resolveModel } from '../../../src-main/routing/resolve-model.js';
import { buildRouteTable } from '../../../src-main/routing/route-table.js';

function table(input: Partial<SwitchyardConfigInput>) {
  return buildRouteTable(
    configSchema.parse({
      providers: [
        { id: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1', keys: [{ id: 'k', secret: 's' }] },
        { id: 'openrouter', type: 'openai-compatible', baseUrl: 'https://openrouter.ai/api/v1', keys: [{ id: 'k', secret: 's' }] },
      ],
      ...input,
    }),
    new Map(),
  );
}

describe('resolveModel', () => {
  it('leaves a plain model name as it is, unpinned', () => {
    expect(resolveModel(table({}), 'gpt-4o')).toEqual({ model: 'gpt-4o', pinnedProvider: null, strategy: null });
  });

  it('follows an alias chain to its end', () => {
    const aliased = table({ modelAliases: { fast: 'small', small: 'gpt-4o-mini', unused: 'gpt-4o' } });
    expect(resolveModel(aliased, 'fast')).toEqual({ model: 'gpt-4o-mini', pinnedProvider: null, strategy: null });
    expect(resolveModel(aliased, 'small')).toEqual({ model: 'gpt-4o-mini', pinnedProvider: null, strategy: null });
  });

  it('pins the provider named before the slash', () => {
    expect(resolveModel(table({}), 'openai/gpt-4o')).toEqual({ model: 'gpt-4o', pinnedProvider: 'openai', strategy: null });
  });

  it('pins through an alias whose target names a provider', () => {
    expect(resolveModel(table({ modelAliases: { best: 'openai/gpt-4.1' } }), 'best')).toEqual({ model: 'gpt-4.1', pinnedProvider: 'openai', strategy: null });
  });

  it('keeps an OpenRouter-style vendor/model name whole when the vendor is no provider id', () => {
    expect(resolveModel(table({}), 'anthropic/claude-sonnet-4.5')).toEqual({ model: 'anthropic/claude-sonnet-4.5', pinnedProvider: null, strategy: null });
  });

  it('pins only on the first slash, keeping the vendor/model name after it', () => {
    expect(resolveModel(table({}), 'openrouter/anthropic/claude-sonnet-4.5')).toEqual({
      model: 'anthropic/claude-sonnet-4.5',
      pinnedProvider: 'openrouter',
      strategy: null,
    });
  });

  it('does not pin a name that starts with a slash', () => {
    expect(resolveModel(table({}), '/gpt-4o')).toEqual({ model: '/gpt-4o', pinnedProvider: null, strategy: null });
  });

  it('does not take inherited object keys for aliases', () => {
    expect(resolveModel(table({}), 'toString')).toEqual({ model: 'toString', pinnedProvider: null, strategy: null });
  });

  it('returns the strategy of an alias that names one, the alias nearest the client winning along a chain', () => {
    const aliased = table({
      modelAliases: {
        quick: { model: 'fast', strategy: 'latency' },
        fast: { model: 'small', strategy: 'cost' },
        small: 'gpt-4o-mini',
        plain: { model: 'openai/gpt-4o' },
      },
    });
    expect(resolveModel(aliased, 'quick')).toEqual({ model: 'gpt-4o-mini', pinnedProvider: null, strategy: 'latency' });
    expect(resolveModel(aliased, 'fast')).toEqual({ model: 'gpt-4o-mini', pinnedProvider: null, strategy: 'cost' });
    expect(resolveModel(aliased, 'small')).toEqual({ model: 'gpt-4o-mini', pinnedProvider: null, strategy: null });
    expect(resolveModel(aliased, 'plain')).toEqual({ model: 'gpt-4o', pinnedProvider: 'openai', strategy: null });
  });

  it('stops on an alias cycle the config loader would have refused', () => {
    const looped = table({ modelAliases: { a: 'b', b: 'a' } });
    expect(['a', 'b']).toContain(resolveModel(looped, 'a').model);
  });
});
