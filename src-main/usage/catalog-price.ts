import type { ModelPrice } from '../../src-shared/prices.js';

/**
 * Prices that replace the base ones for a whole request whose prompt is longer than
 * `thresholdTokens` (Gemini 2.5 Pro above 200k, GPT-5.4 above 272k, Claude's 1M context above
 * 200k): the vendors bill every token of such a request, output included, at the higher rate.
 */
export interface LongContextPrice extends ModelPrice {
  thresholdTokens: number;
}

/** A model's price as the bundled catalog carries it. */
export interface CatalogPrice extends ModelPrice {
  longContext?: LongContextPrice;
}

/** A model as the bundled catalog carries it: its price, and the most tokens one answer may hold. */
export interface CatalogModel extends CatalogPrice {
  maxOutputTokens?: number;
}

/** `resources/price-catalog.json`, written by `scripts/build-price-catalog.ts`. */
export interface PriceCatalogFile {
  source?: string;
  license?: string;
  /** The day the file was built, `YYYY-MM-DD`. */
  generated?: string;
  /** Vendor id (models.dev's) → model id → price and output limit. */
  vendors: Record<string, Record<string, CatalogModel>>;
}
