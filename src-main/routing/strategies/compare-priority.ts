import type { KeyEntry } from '../route-table.js';

/** A key without a priority comes after every key with one. */
export function priorityOf(entry: KeyEntry): number {
  return entry.key.priority ?? Number.POSITIVE_INFINITY;
}

/**
 * The order every strategy falls back on for ties: lowest priority number first, keys without a
 * priority after those with one, then higher weight, then config order.
 */
export function comparePriority(left: KeyEntry, right: KeyEntry): number {
  const leftPriority = priorityOf(left);
  const rightPriority = priorityOf(right);
  if (leftPriority !== rightPriority) return leftPriority < rightPriority ? -1 : 1;
  const weightOrder = (right.key.weight ?? 1) - (left.key.weight ?? 1);
  if (weightOrder !== 0) return weightOrder;
  return left.order - right.order;
}

/** Sorts by `score` ascending, ties in priority order. Never mutates `candidates`. */
export function sortByScore(candidates: readonly KeyEntry[], score: (entry: KeyEntry) => number): KeyEntry[] {
  const scores = new Map(candidates.map((entry) => [entry, score(entry)]));
  return [...candidates].sort((left, right) => {
    const difference = scores.get(left)! - scores.get(right)!;
    // Infinity − Infinity is NaN: two equally unlimited keys are a tie.
    return difference < 0 ? -1 : difference > 0 ? 1 : comparePriority(left, right);
  });
}
