import { describe, expect, it } from 'vitest';
import { createPriceBook } from '../../../src-main/usage/price-book.js';
import { createPriceCatalog } from '../../../src-main/usage/price-catalog.js';
import { createReplaceablePriceCatalog } from '../../../src-main/usage/replaceable-price-catalog.js';

const catalogWith = (inputPerMTok: number, generated: string) =>
  createPriceCatalog({ generated, vendors: { openai: { 'gpt-4o': { inputPerMTok, outputPerMTok: 10, maxOutputTokens: 100 * inputPerMTok } } } });

describe('createReplaceablePriceCatalog', () => {
  it('answers from the catalog it holds now, also through a price book built before the swap', () => {
    const catalog = createReplaceablePriceCatalog(catalogWith(2.5, '2025-01-01'));
    const book = createPriceBook({ catalog, overrides: { 'gpt-4o-mini': { inputPerMTok: 9, outputPerMTok: 9 } } });
    expect(book.priceFor('p', 'gpt-4o', ['openai'])?.price.inputPerMTok).toBe(2.5);
    expect(catalog.outputLimit('gpt-4o', ['openai'])).toBe(250);
    expect(catalog.generated).toBe('2025-01-01');

    catalog.replace(catalogWith(5, '2025-02-02'));
    expect(book.priceFor('p', 'gpt-4o', ['openai'])?.price.inputPerMTok).toBe(5);
    expect(catalog.outputLimit('gpt-4o', ['openai'])).toBe(500);
    expect(catalog.generated).toBe('2025-02-02');
    expect(catalog.vendors).toEqual(['openai']);
    // Overrides stay on top of whichever catalog is held.
    expect(book.priceFor('p', 'gpt-4o-mini', ['openai'])).toEqual({ price: { inputPerMTok: 9, outputPerMTok: 9 }, source: 'override' });
  });
});
