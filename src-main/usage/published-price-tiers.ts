import type { CatalogPrice, LongContextPrice } from './catalog-price.js';

/**
 * Claude Sonnet 4 and 4.5 with the 1M-context beta: a request whose prompt (input, cache reads and
 * cache writes together) is over 200k tokens is billed whole at $6 input / $22.50 output, with the
 * cache prices scaled alike (Anthropic's pricing page, "Long context pricing"). models.dev's
 * `anthropic` entries leave the tier out, while its OpenRouter entries for the same models carry
 * exactly these figures.
 */
const claudeSonnet4LongContext: LongContextPrice = {
  thresholdTokens: 200_000,
  inputPerMTok: 6,
  outputPerMTok: 22.5,
  cachedInputPerMTok: 0.6,
  cacheWritePerMTok: 7.5,
};

/** Long-context tiers a vendor publishes that the catalog's source lacks: vendor → model → tier. */
export const publishedLongContextTiers: Readonly<Record<string, Readonly<Record<string, LongContextPrice>>>> = {
  anthropic: {
    'claude-sonnet-4-0': claudeSonnet4LongContext,
    'claude-sonnet-4-20250514': claudeSonnet4LongContext,
    'claude-sonnet-4-5': claudeSonnet4LongContext,
    'claude-sonnet-4-5-20250929': claudeSonnet4LongContext,
  },
};

/** The catalog's price with the vendor's published long-context tier added where it has none. */
export function withPublishedTier(vendor: string, model: string, price: CatalogPrice): CatalogPrice {
  if (price.longContext !== undefined) return price;
  const tier = publishedLongContextTiers[vendor]?.[model];
  return tier === undefined ? price : { ...price, longContext: tier };
}
