import { describe, expect, it } from 'vitest';
import type { ProviderConfig } from '../../../src-shared/config-schema.js';
import type { ModelPrice } from '../../../src-shared/prices.js';
import { createPriceBook, type PriceBook } from '../../../src-main/usage/price-book.js';
import { createPriceCatalog } from '../../../src-main/usage/price-catalog.js';
import { answerPrice, createPriceLookup } from '../../../src-main/usage/price-lookup.js';

const snapshotPrice: ModelPrice = { inputPerMTok: 2.5, outputPerMTok: 10 };
const aliasCatalogPrice: ModelPrice = { inputPerMTok: 5, outputPerMTok: 15 };
const askedOverride: ModelPrice = { inputPerMTok: 1, outputPerMTok: 2 };
const answeredOverride: ModelPrice = { inputPerMTok: 3, outputPerMTok: 6 };
const relayAskedOverride: ModelPrice = { inputPerMTok: 0.5, outputPerMTok: 1 };

const catalog = createPriceCatalog({ vendors: { openai: { 'gpt-4o-2024-08-06': snapshotPrice, 'gpt-4o': aliasCatalogPrice } } });
const hints = ['openai'];

function book(overrides: Record<string, ModelPrice>): PriceBook {
  return createPriceBook({ catalog, overrides });
}

describe('answerPrice: the answered model against the asked one', () => {
  it('takes a config price of the asked model over the catalog price of the snapshot that answered', () => {
    const resolved = answerPrice(book({ 'gpt-4o': askedOverride }), 'openai-main', 'gpt-4o-2024-08-06', 'gpt-4o', hints);
    expect(resolved).toEqual({ price: askedOverride, source: 'override' });
  });

  it('keeps the answered model price when both come from the catalog', () => {
    const resolved = answerPrice(book({}), 'openai-main', 'gpt-4o-2024-08-06', 'gpt-4o', hints);
    expect(resolved).toEqual({ price: snapshotPrice, source: 'catalog' });
  });

  it('keeps the answered model price when both come from the same kind of config price', () => {
    const resolved = answerPrice(
      book({ 'gpt-4o': askedOverride, 'gpt-4o-2024-08-06': answeredOverride }),
      'openai-main',
      'gpt-4o-2024-08-06',
      'gpt-4o',
      hints,
    );
    expect(resolved).toEqual({ price: answeredOverride, source: 'override' });
  });

  it('takes a provider/model price of the asked model over a plain config price of the answered one', () => {
    const resolved = answerPrice(
      book({ 'relay/gpt-4o': relayAskedOverride, 'gpt-4o-2024-08-06': answeredOverride }),
      'relay',
      'gpt-4o-2024-08-06',
      'gpt-4o',
      hints,
    );
    expect(resolved).toEqual({ price: relayAskedOverride, source: 'provider-override' });
  });

  it('falls back to the asked model when the answered one has no price, and to nothing when neither has', () => {
    expect(answerPrice(book({}), 'openai-main', 'gpt-4o-unknown-snapshot', 'gpt-4o', hints)).toEqual({ price: aliasCatalogPrice, source: 'catalog' });
    expect(answerPrice(book({}), 'openai-main', 'unpriced-a', 'unpriced-b', hints)).toBeNull();
  });

  it('uses the answered model alone when none was asked for or it is the same', () => {
    expect(answerPrice(book({ 'gpt-4o': askedOverride }), 'openai-main', 'gpt-4o-2024-08-06', undefined, hints)?.price).toEqual(snapshotPrice);
    expect(answerPrice(book({ 'gpt-4o': askedOverride }), 'openai-main', 'gpt-4o', 'gpt-4o', hints)?.price).toEqual(askedOverride);
  });
});

describe('createPriceLookup', () => {
  const provider = { id: 'openai-main', type: 'openai', baseUrl: 'https://api.openai.com/v1', keys: [] } as unknown as ProviderConfig;
  const usage = { inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };

  it('prices by the book in effect at the time of the call', () => {
    let current = book({});
    const lookup = createPriceLookup(() => current);
    expect(lookup.costUsd(provider, 'gpt-4o-2024-08-06', usage, 'gpt-4o')).toBe(12.5);
    current = book({ 'gpt-4o': askedOverride });
    expect(lookup.costUsd(provider, 'gpt-4o-2024-08-06', usage, 'gpt-4o')).toBe(3);
    expect(lookup.priceOf(provider, 'gpt-4o')).toEqual(askedOverride);
    expect(lookup.costUsd(provider, 'unpriced', usage)).toBeNull();
  });
});
