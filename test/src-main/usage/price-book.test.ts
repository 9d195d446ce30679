import { describe, expect, it } from 'vitest';
import type { ModelPrice } from '../../../src-shared/prices.js';
import { createPriceBook } from '../../../src-main/usage/price-book.js';
import { createPriceCatalog } from '../../../src-main/usage/price-catalog.js';

const catalogPrice: ModelPrice = { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 };
const modelOverride: ModelPrice = { inputPerMTok: 2, outputPerMTok: 8 };
const relayOverride: ModelPrice = { inputPerMTok: 1, outputPerMTok: 4 };
const catalog = createPriceCatalog({ vendors: { openai: { 'gpt-4o': catalogPrice } } });

describe('createPriceBook', () => {
  it('prefers providerId/model, then model, then the catalog', () => {
    const book = createPriceBook({ catalog, overrides: { 'gpt-4o': modelOverride, 'relay/gpt-4o': relayOverride } });
    expect(book.priceFor('relay', 'gpt-4o', [])).toEqual({ price: relayOverride, source: 'provider-override' });
    expect(book.priceFor('openai-main', 'gpt-4o', ['openai'])).toEqual({ price: modelOverride, source: 'override' });
    expect(createPriceBook({ catalog, overrides: {} }).priceFor('openai-main', 'gpt-4o', ['openai'])).toEqual({
      price: catalogPrice,
      source: 'catalog',
    });
  });

  it('replaces the catalog entry whole rather than merging into it', () => {
    const book = createPriceBook({ catalog, overrides: { 'gpt-4o': modelOverride } });
    expect(book.priceFor('openai-main', 'gpt-4o', ['openai'])?.price.cachedInputPerMTok).toBeUndefined();
  });

  it('matches override keys exactly', () => {
    const book = createPriceBook({ catalog: null, overrides: { 'relay/gpt-4o': relayOverride } });
    expect(book.priceFor('other', 'gpt-4o', [])).toBeNull();
    expect(book.priceFor('relay', 'GPT-4o', [])).toBeNull();
    expect(book.priceFor('relay', 'gpt-4o-2024-08-06', [])).toBeNull();
  });

  it('passes the vendor hints to the catalog', () => {
    const hinted = createPriceCatalog({
      vendors: { openai: { m: catalogPrice }, deepseek: { m: modelOverride } },
    });
    const book = createPriceBook({ catalog: hinted, overrides: {} });
    expect(book.priceFor('ds', 'm', ['deepseek'])?.price).toEqual(modelOverride);
    expect(book.priceFor('oa', 'm', [])?.price).toEqual(catalogPrice);
  });

  it('answers null where nothing prices the model, so the UI says "no price", not $0', () => {
    expect(createPriceBook({ catalog, overrides: {} }).priceFor('p', 'unknown-model', [])).toBeNull();
    expect(createPriceBook({ catalog: null, overrides: {} }).priceFor('p', 'gpt-4o', [])).toBeNull();
  });

  it('honours a zero override, which is a real price', () => {
    const free: ModelPrice = { inputPerMTok: 0, outputPerMTok: 0 };
    const book = createPriceBook({ catalog, overrides: { 'local/gpt-4o': free } });
    expect(book.priceFor('local', 'gpt-4o', [])).toEqual({ price: free, source: 'provider-override' });
  });
});
