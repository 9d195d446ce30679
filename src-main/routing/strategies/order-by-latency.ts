import type { KeyEntry } from '../route-table.js';
import { latencyReadingLifetimeMs } from '../routing-state.js';
import { sortByScore } from './compare-priority.js';
import type { StrategyContext } from './strategy-context.js';

/**
 * `latency`: lowest recent time to first byte first. Keys with no current reading (never measured,
 * or not for `latencyReadingLifetimeMs`) go before all measured ones, in priority order, so each is
 * measured before the fastest is settled on, and a key that recovered is noticed.
 */
export function orderByLatency(candidates: readonly KeyEntry[], context: StrategyContext): KeyEntry[] {
  const now = context.state.now();
  return sortByScore(candidates, (entry) => {
    const reading = context.state.latencyOf(entry.provider.config.id, entry.key.id);
    if (reading === null || now - reading.measuredAt > latencyReadingLifetimeMs) return Number.NEGATIVE_INFINITY;
    return reading.ewmaMs;
  });
}
