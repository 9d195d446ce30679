import type { RoutingStrategy } from '../../../src-shared/config-schema.js';
import type { KeyEntry } from '../route-table.js';
import { orderByCost } from './order-by-cost.js';
import { orderByLatency } from './order-by-latency.js';
import { orderByPriority } from './order-by-priority.js';
import { orderByQuota } from './order-by-quota.js';
import { orderByRotation } from './order-by-rotation.js';
import type { StrategyContext } from './strategy-context.js';

/** The strategy decides in which order the candidates that were not skipped are tried. */
export function orderCandidates(strategy: RoutingStrategy, candidates: readonly KeyEntry[], context: StrategyContext): KeyEntry[] {
  switch (strategy) {
    case 'priority':
      return orderByPriority(candidates, context);
    case 'cost':
      return orderByCost(candidates, context);
    case 'quota':
      return orderByQuota(candidates, context);
    case 'latency':
      return orderByLatency(candidates, context);
    case 'round-robin':
      return orderByRotation(candidates, context);
    default: {
      const _exhaustive: never = strategy;
      return _exhaustive;
    }
  }
}
