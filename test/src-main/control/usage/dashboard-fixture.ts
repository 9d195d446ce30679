import type { SwitchyardConfigInput } from '../../../../src-shared/config-schema.js';
import type { ModelPrice } from '../../../../src-shared/prices.js';
import type { UsageEvent } from '../../../../src-shared/usage.js';
import { createControlClient, createMemoryTransport, type ControlClient } from '../../../../src-shared/control/rpc.js';
import { createControlEndpoint } from '../../../../src-main/control/control-endpoint.js';
import { createControlEvents } from '../../../../src-main/control/control-events.js';
import { combineControlService } from '../../../../src-main/control/create-control-service.js';
import { createDashboardControl, type DashboardControlDependencies } from '../../../../src-main/control/usage/dashboard-control.js';
import { createUsageControl } from '../../../../src-main/control/usage/usage-control.js';
import { openDatabase, type Database } from '../../../../src-main/store/database.js';
import { createUsageRepository } from '../../../../src-main/store/usage-repository.js';
import { environmentOnlySettings, providersNotBuilt } from '../../../support/control-fakes.js';
import { fakeRouteTable } from '../../../support/gateway-fakes.js';
import { usageEvent } from '../../../support/usage-event.js';

/** Two providers serving the same model at different prices, and one that serves only its own. */
export const twoProviderConfig: SwitchyardConfigInput = {
  providers: [
    { id: 'cheap', type: 'openai', baseUrl: 'https://cheap.test/v1', keys: [{ id: 'c1', secret: 'sk-cheap-0001' }], models: ['gpt-4o', 'solo'] },
    { id: 'dear', type: 'openai', baseUrl: 'https://dear.test/v1', keys: [{ id: 'd1', secret: 'sk-dear-0001' }], models: ['gpt-4o'] },
  ],
  modelAliases: { smart: 'gpt-4o' },
};

/** `provider/model` → price; what the price book would answer. */
export const twoProviderPrices: Record<string, ModelPrice> = {
  'cheap/gpt-4o': { inputPerMTok: 1, outputPerMTok: 2, cachedInputPerMTok: 0.5, cacheWritePerMTok: 1.25 },
  'dear/gpt-4o': { inputPerMTok: 3, outputPerMTok: 6, cachedInputPerMTok: 1.5, cacheWritePerMTok: 3.75 },
  'cheap/solo': { inputPerMTok: 1, outputPerMTok: 1 },
};

export interface DashboardFixture {
  client: ControlClient;
  database: Database;
  insert(events: readonly Partial<UsageEvent>[]): void;
}

export function dashboardFixture(
  options: {
    config?: SwitchyardConfigInput;
    prices?: Record<string, ModelPrice>;
    now: number;
    overrides?: Partial<DashboardControlDependencies>;
  },
): DashboardFixture {
  const database = openDatabase(':memory:');
  const repository = createUsageRepository(database);
  const table = fakeRouteTable(options.config ?? twoProviderConfig);
  const prices = options.prices ?? twoProviderPrices;
  const spentUsd = (providerId: string, keyId: string, sinceMs?: number) =>
    repository.spendUnitsSince(providerId, keyId, sinceMs ?? Number.MIN_SAFE_INTEGER) / 1e10;
  const dashboard = createDashboardControl({
    database,
    routeTable: () => table,
    priceOf: (provider, model) => prices[`${provider.id}/${model}`] ?? null,
    serves: (routeTable, providerId, model) => routeTable.providers.get(providerId)?.config.models?.includes(model) ?? false,
    money: { spentUsd, remainingCreditUsd: () => null },
    creditMark: () => null,
    balanceOf: () => undefined,
    balanceRefreshIntervalMs: 15 * 60_000,
    keyHints: () => new Map([['cheap/c1', 'sk-…0001']]),
    flushed: async () => {},
    now: () => options.now,
    ...options.overrides,
  });
  const service = combineControlService({
    providers: providersNotBuilt,
    usage: createUsageControl({ dashboard }),
    settings: environmentOnlySettings,
  });
  const endpoint = createControlEndpoint({ service, events: createControlEvents(), logError: () => {} });
  return {
    client: createControlClient(createMemoryTransport(endpoint)),
    database,
    insert: (events) => repository.insertUsageEvents(events.map((event) => usageEvent(event))),
  };
}
