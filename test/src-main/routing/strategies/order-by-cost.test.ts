import { describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../../../src-shared/config-schema.js';
import { orderByCost } from '../../../../src-main/routing/strategies/order-by-cost.js';
import type { CatalogPrice } from '../../../../src-main/usage/catalog-price.js';
import { contextWith, ids, keysOf } from './strategy-fixtures.js';

function pricedBy(prices: Record<string, CatalogPrice | null>) {
  const asked: string[] = [];
  const priceOf = (provider: ProviderConfig, model: string) => {
    asked.push(`${provider.id}:${model}`);
    return prices[provider.id] ?? null;
  };
  return { priceOf, asked };
}

describe('orderByCost', () => {
  it('puts the provider cheapest for the expected tokens first', () => {
    const keys = keysOf({ dear: [{ id: 'k', priority: 1 }], cheap: [{ id: 'k', priority: 2 }], middling: [{ id: 'k', priority: 3 }] });
    const { priceOf, asked } = pricedBy({
      dear: { inputPerMTok: 5, outputPerMTok: 15 },
      cheap: { inputPerMTok: 0.15, outputPerMTok: 0.6 },
      middling: { inputPerMTok: 1, outputPerMTok: 2 },
    });
    expect(ids(orderByCost(keys, contextWith({ priceOf, model: 'gpt-4o' })))).toEqual(['cheap/k', 'middling/k', 'dear/k']);
    expect(asked.sort()).toEqual(['cheap:gpt-4o', 'dear:gpt-4o', 'middling:gpt-4o']);
  });

  it('weighs input and output by the expected tokens: a long prompt favours cheap input', () => {
    const keys = keysOf({ cheapInput: [{ id: 'k' }], cheapOutput: [{ id: 'k' }] });
    const { priceOf } = pricedBy({ cheapInput: { inputPerMTok: 1, outputPerMTok: 10 }, cheapOutput: { inputPerMTok: 3, outputPerMTok: 2 } });
    const longPrompt = contextWith({ priceOf, expectedTokens: () => ({ input: 100_000, output: 100 }) });
    const longAnswer = contextWith({ priceOf, expectedTokens: () => ({ input: 100, output: 100_000 }) });
    expect(ids(orderByCost(keys, longPrompt))).toEqual(['cheapInput/k', 'cheapOutput/k']);
    expect(ids(orderByCost(keys, longAnswer))).toEqual(['cheapOutput/k', 'cheapInput/k']);
  });

  it('prices with the long-context tier when the expected prompt is past its threshold', () => {
    const keys = keysOf({ tiered: [{ id: 'k' }], flat: [{ id: 'k' }] });
    const { priceOf } = pricedBy({
      tiered: { inputPerMTok: 1, outputPerMTok: 1, longContext: { thresholdTokens: 200_000, inputPerMTok: 4, outputPerMTok: 4 } },
      flat: { inputPerMTok: 2, outputPerMTok: 2 },
    });
    expect(ids(orderByCost(keys, contextWith({ priceOf, expectedTokens: () => ({ input: 1000, output: 1000 }) })))).toEqual(['tiered/k', 'flat/k']);
    expect(ids(orderByCost(keys, contextWith({ priceOf, expectedTokens: () => ({ input: 300_000, output: 1000 }) })))).toEqual(['flat/k', 'tiered/k']);
  });

  it('puts keys with no known price last, and breaks ties by priority', () => {
    const keys = keysOf({
      unknown: [{ id: 'k', priority: 1 }],
      same: [{ id: 'second', priority: 2 }, { id: 'first', priority: 1 }],
      twin: [{ id: 'k', priority: 3 }],
      alsoUnknown: [{ id: 'k', priority: 0 }],
    });
    const equal = { inputPerMTok: 1, outputPerMTok: 1 };
    const { priceOf } = pricedBy({ same: equal, twin: equal });
    expect(ids(orderByCost(keys, contextWith({ priceOf })))).toEqual(['same/first', 'same/second', 'twin/k', 'alsoUnknown/k', 'unknown/k']);
  });

  it('counts a free model as cheapest, not as unpriced', () => {
    const keys = keysOf({ paid: [{ id: 'k', priority: 1 }], free: [{ id: 'k', priority: 2 }] });
    const { priceOf } = pricedBy({ paid: { inputPerMTok: 0.01, outputPerMTok: 0.01 }, free: { inputPerMTok: 0, outputPerMTok: 0 } });
    expect(ids(orderByCost(keys, contextWith({ priceOf })))).toEqual(['free/k', 'paid/k']);
  });
});
