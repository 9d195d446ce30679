import type { CatalogPrice } from './catalog-price.js';
import { computeCostUsd } from './compute-cost.js';
import type { UsageSums } from './dashboard-queries.js';
import { usdToSpendUnits } from './key-spend.js';
import { usdFromUnits } from './usd-amount.js';

/** One requested model's priced requests over a range: their summed tokens and what they cost. */
export interface ModelSpend {
  model: string;
  sums: UsageSums;
}

/**
 * What routing saved: for each model asked for, its priced requests' tokens at the dearest price
 * among the providers that serve it now, less what they cost. Computed when the dashboard asks,
 * so no request pays for it.
 *
 * Summed tokens are priced at each price's base tier: a long-context tier depends on one request's
 * prompt, which a sum no longer shows. A model with fewer than two priced candidates saved nothing
 * (there was no choice to make), and a model never saves less than nothing, so a price that fell
 * since the requests, or a long-context surcharge, is not reported as a loss.
 */
export function computeSavedUsd(models: readonly ModelSpend[], candidatePrices: (model: string) => readonly CatalogPrice[]): number {
  let savedUnits = 0;
  for (const { model, sums } of models) {
    const prices = candidatePrices(model);
    if (prices.length < 2) continue;
    const usage = {
      inputTokens: sums.input_tokens,
      outputTokens: sums.output_tokens,
      cachedInputTokens: sums.cache_read_tokens,
      cacheWriteTokens: sums.cache_write_tokens,
      reasoningTokens: sums.reasoning_tokens,
    };
    const dearestUnits = Math.max(...prices.map((price) => usdToSpendUnits(computeCostUsd({ ...price, longContext: undefined }, usage))));
    savedUnits += Math.max(0, dearestUnits - sums.cost_units);
  }
  return usdFromUnits(savedUnits);
}
