import type { KeyEntry } from '../route-table.js';
import { sortByScore } from './compare-priority.js';
import type { StrategyContext } from './strategy-context.js';

/** `quota`: the key with the most budget or credit left first; keys without limits count as unlimited. */
export function orderByQuota(candidates: readonly KeyEntry[], context: StrategyContext): KeyEntry[] {
  return sortByScore(candidates, (entry) => -context.remainingUsd(entry));
}
