import type { Dispatcher } from 'undici';
import type { ProviderConfig } from '../../src-shared/config-schema.js';
import type { ControlEndpoint } from '../../src-shared/control/rpc.js';
import type { StatsSummary, StatsWindow } from '../../src-shared/stats.js';
import type { TokenUsage, UsageEvent } from '../../src-shared/usage.js';
import type { KeyBreaker } from '../routing/key-breaker.js';
import type { KeyHealth } from '../routing/key-health.js';
import type { MoneySources } from '../routing/key-money.js';
import type { RoutingState } from '../routing/routing-state.js';
import type { ModelDirectory } from '../routing/model-directory.js';
import type { KeyEntry, RouteTable } from '../routing/route-table.js';
import type { CatalogPrice } from '../usage/catalog-price.js';
import type { BalanceRefreshReport } from '../usage/balance-refresher.js';
import type { PriceSyncSummary } from '../usage/price-sync.js';
import type { GatewayMetrics } from './metrics.js';

/** Where usage goes, and where a key's spend and credit are read back (MoneySources). */
export interface UsageSink extends MoneySources {
  /** Queues the event; never blocks on storage. Spend is visible to `spentUsd` at once. */
  record(event: UsageEvent): void;
}

export interface ClientDirectory {
  /** The client's name for a presented key, or null when the key is unknown. */
  authenticate(key: string): string | null;
}

export interface PriceLookup {
  /**
   * Null when the model has no known price: recorded as "no price", never as $0. `model` is the one
   * the upstream answered with; `requestedModel` (after aliases) is the one the client asked for.
   */
  costUsd(provider: ProviderConfig, model: string, usage: TokenUsage, requestedModel?: string): number | null;
  /** The price `provider` charges for `model`, from the same book `costUsd` uses (the `cost` strategy). */
  priceOf(provider: ProviderConfig, model: string): CatalogPrice | null;
}

/** Everything the gateway needs, injected so tests can build it without disk, keychain or network. */
export interface GatewayDependencies {
  routeTable(): RouteTable;
  agent: Dispatcher;
  usage: UsageSink;
  prices: PriceLookup;
  clients: ClientDirectory;
  models: ModelDirectory;
  health: KeyHealth;
  /** Cooldowns after failures, in memory. */
  breaker: KeyBreaker;
  /** Rotations and latency readings the strategies keep between requests. */
  routing: RoutingState;
  metrics: GatewayMetrics;
  adminToken: string;
  /** The host Switchyard listens on; allowed in the Host header besides loopback names. */
  host: string;
  /** Largest accepted request body in bytes, for the JSON routes. */
  bodyLimit: number;
  stats(window: StatsWindow): Promise<StatsSummary>;
  /** `POST /api/prices/sync`: refreshes the price catalog from `url`, else the configured one; throws PriceSyncError. */
  syncPrices?(url: string | undefined): Promise<PriceSyncSummary>;
  /** `POST /api/balances/refresh`: fetches every key's vendor balance now. */
  refreshBalances?(): Promise<BalanceRefreshReport>;
  /** The model's largest output in tokens, where the catalog knows it (fills Anthropic's `max_tokens`). */
  modelOutputLimit?(provider: ProviderConfig, model: string): number | undefined;
  /** The window's control service (`/api/control/*`, `/api/events`); absent in gateway-only tests. */
  control?: ControlEndpoint;
  /**
   * Whether to keep this request's bodies for the request log (off by default). Asked once per
   * request; with it off, the request path does nothing else for the log.
   */
  logBodies?(): boolean;
  /** A request moved to another provider's key after one failed (the window's failover notification). */
  failedOver?(from: KeyEntry, to: KeyEntry, model: string): void;
  /** Whether requests must present a client key (always, in the running service). */
  requireClientKey: boolean;
  log: GatewayLog;
}

export interface GatewayLog {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}
