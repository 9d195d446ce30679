import { keyName, type KeyEntry } from '../route-table.js';
import { comparePriority, priorityOf } from './compare-priority.js';
import type { StrategyContext } from './strategy-context.js';

/**
 * `priority`: tiers by priority number, lowest first. Inside a tier the keys share the load by
 * `weight` (smooth weighted round-robin, one turn per request): the turn's key goes first and the
 * rest of the tier follows in weight order, ready for failover.
 */
export function orderByPriority(candidates: readonly KeyEntry[], context: StrategyContext): KeyEntry[] {
  const sorted = [...candidates].sort(comparePriority);
  const ordered: KeyEntry[] = [];
  for (let start = 0; start < sorted.length; ) {
    let end = start + 1;
    while (end < sorted.length && priorityOf(sorted[end]!) === priorityOf(sorted[start]!)) end++;
    const tier = sorted.slice(start, end);
    if (tier.length > 1) {
      // Config order, not weight order, decides who wins a tie, so equal weights simply alternate.
      const members = [...tier].sort((left, right) => left.order - right.order);
      const chosen = context.state.pickWeighted(
        `${context.route}\u0000${priorityOf(tier[0]!)}`,
        members.map((entry) => ({ id: keyName(entry), weight: entry.key.weight ?? 1 })),
      );
      const winner = tier.findIndex((entry) => keyName(entry) === chosen);
      tier.unshift(...tier.splice(winner, 1));
    }
    ordered.push(...tier);
    start = end;
  }
  return ordered;
}
