import { expectedTokens } from '../routing/expected-tokens.js';
import { moneyLeft, spendableUsd } from '../routing/key-money.js';
import type { ResolvedModel } from '../routing/resolve-model.js';
import type { StrategyContext } from '../routing/strategies/strategy-context.js';
import type { GatewayDependencies } from './gateway-dependencies.js';

/** What the strategy of one request sees: the shared state, prices, spend and the request's size. */
export function strategyContextFor(
  dependencies: GatewayDependencies,
  resolved: ResolvedModel,
  request: { body: unknown },
  outputTokenLimit: number | null | undefined,
): StrategyContext {
  return {
    state: dependencies.routing,
    route: resolved.pinnedProvider === null ? resolved.model : `${resolved.pinnedProvider}/${resolved.model}`,
    model: resolved.model,
    priceOf: (provider, model) => dependencies.prices.priceOf(provider, model),
    expectedTokens: () => expectedTokens(Buffer.isBuffer(request.body) ? request.body.length : 0, outputTokenLimit),
    // The same figures selectCandidates skips keys by: budget left in its period, credit left.
    remainingUsd: (entry) => spendableUsd(moneyLeft(entry, dependencies.usage)),
  };
}
