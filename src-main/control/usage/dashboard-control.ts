import type { UsageApi } from '../../../src-shared/control/usage-api.js';
import type { ProviderConfig } from '../../../src-shared/config-schema.js';
import { resolveModel } from '../../routing/resolve-model.js';
import type { RouteTable } from '../../routing/route-table.js';
import type { Database } from '../../store/database.js';
import type { KeyBalanceView } from '../../usage/balance-refresher.js';
import type { CatalogPrice } from '../../usage/catalog-price.js';
import type { CreditMark } from '../../usage/credit-ledger.js';
import { buildDashboardFigures } from '../../usage/dashboard-figures.js';
import { createDashboardQueries, type DashboardQueriesOptions } from '../../usage/dashboard-queries.js';
import { defaultQuotaThresholds, keyQuota, toKeyQuota, type QuotaThresholds } from './key-quotas.js';

export interface DashboardControlDependencies {
  database: Database;
  routeTable(): RouteTable;
  /** The price a provider charges for a model now, from the price book in effect. */
  priceOf(provider: ProviderConfig, model: string): CatalogPrice | null;
  /** Whether a provider serves a model: its configured list, else its discovered one. */
  serves(table: RouteTable, providerId: string, model: string): boolean;
  money: {
    spentUsd(providerId: string, keyId: string, sinceMs?: number): number;
    remainingCreditUsd(providerId: string, keyId: string): number | null;
  };
  creditMark(providerId: string, keyId: string): CreditMark | null;
  balanceOf(providerId: string, keyId: string): KeyBalanceView | undefined;
  balanceRefreshIntervalMs: number;
  /** Secret hints (`sk-…abcd`) by `provider/key`; never the secret. */
  keyHints(): ReadonlyMap<string, string>;
  /** The settings' notification thresholds; the defaults (80 %, 95 %) until settings are wired. */
  thresholds?(): QuotaThresholds;
  /** Settles once queued usage events are written, so the figures include the request just answered. */
  flushed(): Promise<void>;
  now?(): number;
  queries?: DashboardQueriesOptions;
}

/** `dashboard` and `quotas` of the usage API. */
export function createDashboardControl(dependencies: DashboardControlDependencies): Pick<UsageApi, 'dashboard' | 'quotas'> {
  const queries = createDashboardQueries(dependencies.database, dependencies.queries);
  const now = dependencies.now ?? Date.now;

  /** The prices of every provider that would serve the model now, pinned or aliased as a request would be. */
  function candidatePrices(table: RouteTable, requested: string): CatalogPrice[] {
    const resolved = resolveModel(table, requested);
    const prices: CatalogPrice[] = [];
    for (const [providerId, provider] of table.providers) {
      if (resolved.pinnedProvider !== null && providerId !== resolved.pinnedProvider) continue;
      if (!dependencies.serves(table, providerId, resolved.model)) continue;
      const price = dependencies.priceOf(provider.config, resolved.model);
      if (price !== null) prices.push(price);
    }
    return prices;
  }

  async function quotas() {
    // A failed write was told to the recorder's onError and is retried; the figures show what is stored.
    await dependencies.flushed().catch(() => {});
    const table = dependencies.routeTable();
    const hints = dependencies.keyHints();
    const sources = {
      now: now(),
      spentUsd: dependencies.money.spentUsd,
      remainingCreditUsd: dependencies.money.remainingCreditUsd,
      creditMark: dependencies.creditMark,
      balanceOf: dependencies.balanceOf,
      staleAfterMs: 2 * dependencies.balanceRefreshIntervalMs,
      spendSince: queries.keySpendSince,
      hintOf: (providerId: string, keyId: string) => hints.get(`${providerId}/${keyId}`) ?? '',
      thresholds: dependencies.thresholds?.() ?? defaultQuotaThresholds,
    };
    return table.keys.map((entry) => keyQuota(entry, sources));
  }

  return {
    async dashboard(input) {
      const views = await quotas();
      const table = dependencies.routeTable();
      return { ...buildDashboardFigures(queries, input, now(), (model) => candidatePrices(table, model)), quotas: views.map(toKeyQuota) };
    },
    quotas,
  };
}
