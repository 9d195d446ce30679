import type { RouteTable } from '../routing/route-table.js';
import type { CandidateSources } from '../routing/select-candidates.js';
import type { GatewayDependencies } from './gateway-dependencies.js';

/** What candidate selection asks of the running gateway: key health, money, breaker, model lists. */
export function candidateSources(
  dependencies: GatewayDependencies,
  table: RouteTable,
  serves: CandidateSources['serves'] = (providerId, model) => dependencies.models.serves(table, providerId, model),
): CandidateSources {
  return {
    health: dependencies.health,
    spentUsd: dependencies.usage.spentUsd.bind(dependencies.usage),
    remainingCreditUsd: dependencies.usage.remainingCreditUsd?.bind(dependencies.usage),
    serves,
    admits: (providerId, keyId) => dependencies.breaker.admits(providerId, keyId),
  };
}
