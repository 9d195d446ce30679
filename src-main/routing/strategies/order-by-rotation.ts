import type { KeyEntry } from '../route-table.js';
import type { StrategyContext } from './strategy-context.js';

/**
 * `round-robin`: every key serving the model takes its turn, priorities and weights aside. The
 * list starts at this request's turn and wraps around, so failover still reaches everyone.
 */
export function orderByRotation(candidates: readonly KeyEntry[], context: StrategyContext): KeyEntry[] {
  if (candidates.length === 0) return [];
  const inConfigOrder = [...candidates].sort((left, right) => left.order - right.order);
  const start = context.state.nextTurn(context.route) % inConfigOrder.length;
  return [...inConfigOrder.slice(start), ...inConfigOrder.slice(0, start)];
}
