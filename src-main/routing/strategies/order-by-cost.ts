import { computeCostUsd } from '../../usage/compute-cost.js';
import type { KeyEntry } from '../route-table.js';
import { sortByScore } from './compare-priority.js';
import type { StrategyContext } from './strategy-context.js';

/**
 * `cost`: cheapest first for this request's expected size, priced exactly as its usage will be
 * (long-context tiers included). A key whose price is unknown goes last: it may be dear, and
 * "no price" must never pass for free. Ties keep priority order.
 */
export function orderByCost(candidates: readonly KeyEntry[], context: StrategyContext): KeyEntry[] {
  const expected = context.expectedTokens();
  const usage = { inputTokens: expected.input, outputTokens: expected.output, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 };
  const costOfProvider = new Map<string, number>();
  return sortByScore(candidates, (entry) => {
    const providerId = entry.provider.config.id;
    let cost = costOfProvider.get(providerId);
    if (cost === undefined) {
      const price = context.priceOf(entry.provider.config, context.model);
      cost = price === null ? Number.POSITIVE_INFINITY : computeCostUsd(price, usage);
      costOfProvider.set(providerId, cost);
    }
    return cost;
  });
}
