import type { RouteTable } from '../routing/route-table.js';
import type { CandidateSources } from '../routing/select-candidates.js';
import type { GatewayDependencies } from './gateway-dependencies.js';

/** Each table's sources for the default `serves`: built once per table, not per request. */
const defaultSources = new WeakMap<RouteTable, { dependencies: GatewayDependencies; sources: CandidateSources }>();

/** What candidate selection asks of the running gateway: key health, money, breaker, model lists. */
export function candidateSources(dependencies: GatewayDependencies, table: RouteTable, serves?: CandidateSources['serves']): CandidateSources {
  if (serves !== undefined) return buildSources(dependencies, serves);
  const cached = defaultSources.get(table);
  if (cached !== undefined && cached.dependencies === dependencies) return cached.sources;
  const sources = buildSources(dependencies, (providerId, model) => dependencies.models.serves(table, providerId, model));
  defaultSources.set(table, { dependencies, sources });
  return sources;
}

function buildSources(dependencies: GatewayDependencies, serves: CandidateSources['serves']): CandidateSources {
  return {
    health: dependencies.health,
    spentUsd: dependencies.usage.spentUsd.bind(dependencies.usage),
    remainingCreditUsd: dependencies.usage.remainingCreditUsd?.bind(dependencies.usage),
    serves,
    admits: (providerId, keyId) => dependencies.breaker.admits(providerId, keyId),
  };
}
