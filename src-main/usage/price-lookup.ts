import type { ProviderConfig } from '../../src-shared/config-schema.js';
import type { TokenUsage } from '../../src-shared/usage.js';
import { computeCostUsd } from './compute-cost.js';
import type { PriceBook, PriceSource, ResolvedPrice } from './price-book.js';
import type { CatalogPrice } from './catalog-price.js';
import { providerVendorHints } from './vendor-hints.js';

/** Which price wins when the answered and the asked-for model are priced differently: lower first. */
const priceSourceRank: Record<PriceSource, number> = { 'provider-override': 0, override: 1, catalog: 2 };

/**
 * The price of an answer. OpenAI answers `gpt-4o` with `gpt-4o-2024-08-06`: a price the user set for
 * the model they asked for beats the catalog's price of the snapshot that answered, since config
 * prices come before the catalog. Otherwise the answered model's price holds, and the asked model's
 * only when the answered one has none.
 */
export function answerPrice(
  book: PriceBook,
  providerId: string,
  answeredModel: string,
  askedModel: string | undefined,
  vendorHints: readonly string[],
): ResolvedPrice | null {
  const answered = book.priceFor(providerId, answeredModel, vendorHints);
  if (askedModel === undefined || askedModel === answeredModel) return answered;
  const asked = book.priceFor(providerId, askedModel, vendorHints);
  if (asked === null) return answered;
  return answered === null || priceSourceRank[asked.source] < priceSourceRank[answered.source] ? asked : answered;
}

export interface PriceLookup {
  costUsd(provider: ProviderConfig, model: string, usage: TokenUsage, requestedModel?: string): number | null;
  priceOf(provider: ProviderConfig, model: string): CatalogPrice | null;
}

/** Prices from the book in effect now: a config reload swaps the book, a request reads it when it ends. */
export function createPriceLookup(currentBook: () => PriceBook): PriceLookup {
  return {
    costUsd(provider, model, usage, requestedModel) {
      const resolved = answerPrice(currentBook(), provider.id, model, requestedModel, providerVendorHints(provider));
      return resolved ? computeCostUsd(resolved.price, usage) : null;
    },
    priceOf: (provider, model) => currentBook().priceFor(provider.id, model, providerVendorHints(provider))?.price ?? null,
  };
}
