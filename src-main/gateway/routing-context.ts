import type { KeyBreaker } from '../routing/key-breaker.js';
import { expectedTokens } from '../routing/expected-tokens.js';
import { moneyLeft, spendableUsd } from '../routing/key-money.js';
import type { ResolvedModel } from '../routing/resolve-model.js';
import type { KeyEntry } from '../routing/route-table.js';
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

/** Seconds until the first of `coolingDown` may be tried again; null when none is cooling down. */
export function secondsUntilFirstReopens(breaker: KeyBreaker, coolingDown: readonly KeyEntry[]): number | null {
  let soonest: number | null = null;
  for (const entry of coolingDown) {
    // A half-open key whose probe is under way has no end time: it comes back as soon as the probe answers.
    const until = breaker.status(entry.provider.config.id, entry.key.id).coolingDownUntil ?? breaker.now();
    soonest = soonest === null ? until : Math.min(soonest, until);
  }
  return soonest === null ? null : (soonest - breaker.now()) / 1000;
}
