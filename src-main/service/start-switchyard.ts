import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Agent } from 'undici';
import type { ControlEndpoint } from '../../src-shared/control/rpc.js';
import type { Notification } from '../../src-shared/control/settings-api.js';
import type { StatsSummary, StatsWindow } from '../../src-shared/stats.js';
import { createConfigController, type ReloadResult } from '../config/config-controller.js';
import { ensureConfigFile } from '../config/ensure-config-file.js';
import { createControlEndpoint } from '../control/control-endpoint.js';
import { createControlEvents } from '../control/control-events.js';
import { combineControlService } from '../control/create-control-service.js';
import { KeyFailures } from '../control/providers/key-failures.js';
import { createProvidersControl } from '../control/providers/providers-control.js';
import { createSettingsControl } from '../control/settings/settings-control.js';
import { createSettingsStore } from '../control/settings/settings-store.js';
import { createDashboardControl } from '../control/usage/dashboard-control.js';
import { createRecordedRequests } from '../control/usage/recorded-requests.js';
import { createUsageControl } from '../control/usage/usage-control.js';
import { buildGateway } from '../gateway/build-gateway.js';
import type { UsageSink } from '../gateway/gateway-dependencies.js';
import { GatewayMetrics } from '../gateway/metrics.js';
import { KeyBreaker } from '../routing/key-breaker.js';
import { KeyHealth } from '../routing/key-health.js';
import { addKeyStates } from '../routing/key-stats.js';
import { createModelDirectory } from '../routing/model-directory.js';
import { QuotaWatch } from '../routing/quota-watch.js';
import { RoutingState } from '../routing/routing-state.js';
import { createAliasesRepository } from '../store/aliases-repository.js';
import { createClientsRepository } from '../store/clients-repository.js';
import { createConfigCreditsRepository } from '../store/config-credits-repository.js';
import { openDatabase, type Database } from '../store/database.js';
import { createKeyBalancesRepository } from '../store/key-balances-repository.js';
import { createNotificationsRepository } from '../store/notifications-repository.js';
import { preparePrivateDataDir } from '../store/private-files.js';
import { projectRoot } from '../store/project-root.js';
import { createProvidersRepository } from '../store/providers-repository.js';
import { openSecretStore } from '../store/secrets/open-secret-store.js';
import { storedSecretAccount } from '../store/secrets/secret-accounts.js';
import type { SecretStore } from '../store/secrets/secret-store.js';
import { createSettingsRepository } from '../store/settings-repository.js';
import { createRequestLogRepository } from '../store/request-log-repository.js';
import { createUsageHistory } from '../store/usage-history.js';
import { createUsageRepository } from '../store/usage-repository.js';
import { createUsageWriter } from '../store/usage-writer.js';
import { BalanceRefresher, defaultBalanceIntervalMs } from '../usage/balance-refresher.js';
import { CreditLedger } from '../usage/credit-ledger.js';
import { NotificationCenter } from '../usage/notification-center.js';
import { createPriceLookup } from '../usage/price-lookup.js';
import { loadStartupCatalog } from '../usage/price-sync.js';
import { createReplaceablePriceCatalog } from '../usage/replaceable-price-catalog.js';
import { createRunningCatalogSync } from '../usage/running-catalog-sync.js';
import { summarizeUsage } from '../usage/stats-summary.js';
import { UsageRecorder } from '../usage/usage-recorder.js';
import { createUsageRetention, type RequestLogSettings } from '../usage/usage-retention.js';
import { providerVendorHints } from '../usage/vendor-hints.js';
import { createConfigurationApplier, emptyLiveConfiguration } from './apply-configuration.js';
import { bootstrapCredentials } from './bootstrap-credentials.js';
import { generateClientKey, hashClientKey, InMemoryClientDirectory } from './client-directory.js';
import type { Logger } from './logger.js';
import { configurationDocumentOf } from './configuration-document.js';
import { notifyFailover, notifyingPriceSync } from './window-notifications.js';

export interface SwitchyardOptions {
  host: string;
  port: number;
  dataDir: string;
  configPath: string | null;
  adminToken: string | null;
  bodyLimit: number;
  env: NodeJS.ProcessEnv;
  log: Logger;
  /** Keychain service name; tests use their own so they never touch a user's entries. */
  secretService?: string;
  secretBackend?: 'auto' | 'keychain' | 'vault';
  /** How often queued usage events are written. */
  usageFlushIntervalMs?: number;
  /** How long a stop waits for open requests before closing their connections (default 5 s). */
  closeGraceMs?: number;
  /** Where `POST /api/prices/sync` fetches models.dev's api.json when its body names no URL. */
  pricesUrl?: string | null;
  /** How often vendor balances are fetched (default 15 minutes). */
  balanceRefreshIntervalMs?: number;
  /** The clock of key cooldowns and latency readings; tests move it instead of waiting. */
  routingClock?: () => number;
  /** Body logging and retention, read when used; until the settings store is wired, the defaults. */
  requestLogSettings?: () => RequestLogSettings;
}

export interface RunningSwitchyard {
  app: FastifyInstance;
  /** `http://HOST:PORT`, with the port actually bound. */
  url: string;
  port: number;
  adminToken: string;
  /**
   * Set on the first start that succeeds after the token was generated (a start that failed, on a
   * taken port say, does not count): show it then; afterwards only the secret store has it.
   */
  newAdminToken: boolean;
  /** The generated client key, on the first start that succeeds after it was made; else null. */
  generatedClientKey: string | null;
  secretStore: SecretStore;
  /** The configuration file in use: `--config`, or the app's own `<dataDir>/config.json`. */
  configPath: string;
  /** The window's control service, for the tray app's IPC transport. */
  control: ControlEndpoint;
  /** Every notification raised or repeated, for the tray's system notifications; returns the unsubscribe. */
  onNotification(listener: (notification: Notification) => void): () => void;
  reloadConfig(): Promise<ReloadResult>;
  close(): Promise<void>;
}

/**
 * Opens the store, the secret store and the config, and starts the gateway listening: what
 * `npm run serve` runs and what the desktop app's main process runs. Each part is built before
 * anything that uses it.
 */
export async function startSwitchyard(options: SwitchyardOptions): Promise<RunningSwitchyard> {
  const { log } = options;
  preparePrivateDataDir(options.dataDir);
  const database = openDatabase(join(options.dataDir, 'switchyard.db'));
  const providersRepository = createProvidersRepository(database);
  const clientsRepository = createClientsRepository(database);
  const usageRepository = createUsageRepository(database);
  const requestLog = createRequestLogRepository(database);
  // The window's settings: body logging, retention and notification thresholds are read from them live.
  const settings = createSettingsStore(createSettingsRepository(database));
  const requestLogSettings =
    options.requestLogSettings ??
    (() => {
      const current = settings.currentSettings();
      return { logBodies: current.logBodies, bodyRetentionDays: current.bodyRetentionDays, retentionDays: current.retentionDays };
    });
  const events = createControlEvents((error) => log.error(`a control event listener failed: ${(error as Error).message}`));

  const { secretStore, credentials } = await openSecrets(options, database).catch((error: unknown) => {
    database.close();
    throw error;
  });
  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const recorder = new UsageRecorder({
    repository: usageRepository,
    writer: createUsageWriter(database, usageRepository),
    flushIntervalMs: options.usageFlushIntervalMs,
    onError: (error) => log.error(`usage events could not be written yet (kept in memory, retrying): ${(error as Error).message}`),
    onWritten: createRecordedRequests({ events, requestLog, logError: (message) => log.error(message) }),
  });
  const retention = createUsageRetention({ repository: requestLog, settings: requestLogSettings, log: (message) => log.info(message) });
  // Credit left per key: the config's creditUsd and fetched balances (setCredit), less spend since.
  const credits = new CreditLedger(recorder);
  // The window's settings and notifications, and its event hub: routing and usage raise into them.
  const notificationsRepository = createNotificationsRepository(database);
  const notifications = new NotificationCenter({
    repository: notificationsRepository,
    onListenerError: (error) => log.error(`a notification listener failed: ${(error as Error).message}`),
  });
  notifications.subscribe((notification) => events.emit({ type: 'notification', notification }));
  const usage: UsageSink = {
    record: (event) => {
      recorder.record(event);
      if (event.costUsd !== null && event.provider !== null && event.keyId !== null) checkQuota(event.provider, event.keyId);
    },
    spentUsd: (providerId, keyId, sinceMs) => recorder.spentUsd(providerId, keyId, sinceMs),
    remainingCreditUsd: (providerId, keyId) => credits.remainingCredit(providerId, keyId),
  };
  // The synced catalog (npm run prices:sync, POST /api/prices/sync) when there is one, else the
  // bundled one; held so a sync can swap it while requests are served.
  const startupCatalog = loadStartupCatalog(options.dataDir, (message) => log.warn(message));
  log.info(`prices: ${startupCatalog.source === 'synced' ? `synced catalog fetched ${startupCatalog.fetchedAt}` : 'bundled catalog'}`);
  const catalog = createReplaceablePriceCatalog(startupCatalog.catalog);
  const live = emptyLiveConfiguration(catalog);

  // The window hears of keys changing state, and sees the last failure beside each key.
  const failures = new KeyFailures();
  const health = new KeyHealth((providerId, keyId, reason) => {
    providersRepository.setKeyDisabled(providerId, keyId, reason);
    failures.record(providerId, keyId, reason);
    events.emit({ type: 'keys-changed' });
    notifications.raise('key-disabled', `${providerId}/${keyId}`, { provider: providerId, key: keyId, reason });
  });
  const quotaWatch = new QuotaWatch({
    routeTable: () => live.table,
    money: usage,
    creditFigure: (providerId, keyId) => credits.markOf(providerId, keyId),
    thresholds: (subject) => settings.currentSettings().keyThresholds[subject] ?? settings.currentSettings().quotaThresholds,
    arms: notificationsRepository,
    raise: (kind, subject, values) => notifications.raise(kind, subject, values),
  });
  function checkQuota(providerId: string, keyId: string): void {
    // On the request's path: a failure here is logged, never the request's.
    try {
      quotaWatch.check(providerId, keyId);
    } catch (error) {
      log.error(`quota notification for ${providerId}/${keyId} failed: ${(error as Error).stack ?? String(error)}`);
    }
  }
  const clients = new InMemoryClientDirectory();
  const models = createModelDirectory({ agent, log: (message) => log.warn(message) });
  const metrics = new GatewayMetrics();
  const routing = new RoutingState({ now: options.routingClock });
  const breaker = new KeyBreaker({
    settings: () => live.table.config.routing,
    now: options.routingClock,
    onChange: (change) => {
      events.emit({ type: 'keys-changed' });
      if (change.kind === 'opened') {
        failures.record(change.providerId, change.keyId, change.reason);
        log.warn(`key ${change.providerId}/${change.keyId} cooling down until ${new Date(change.until).toISOString()}: ${change.reason}`);
      } else {
        log.info(`key ${change.providerId}/${change.keyId} back in rotation: its probe succeeded`);
      }
    },
  });
  // Vendor balances (OpenRouter, DeepSeek, Moonshot, SiliconFlow) become the keys' credit.
  const balances = new BalanceRefresher({
    agent,
    routeTable: () => live.table,
    repository: createKeyBalancesRepository(database),
    credits,
    log,
    intervalMs: options.balanceRefreshIntervalMs,
  });

  const applier = createConfigurationApplier({
    live,
    catalog,
    secretStore,
    providers: providersRepository,
    clientsRepository,
    aliases: createAliasesRepository(database),
    configCredits: createConfigCreditsRepository(database),
    credits,
    health,
    clients,
    log,
    onApplied(table) {
      // New keys, or a new yuan rate: balances are fetched again (joined if a fetch is under way).
      void balances.refreshAll();
      void models.discover(table);
      events.emit({ type: 'configuration-changed' });
    },
  });
  clients.replace(clientsRepository.listClients());
  applier.restoreKeyStates();

  // Without --config the app keeps its own file, which the window edits like any other.
  const configPath = options.configPath ?? join(options.dataDir, 'config.json');
  const controller = createConfigController({
    path: configPath,
    env: options.env,
    apply: applier.apply,
    log: (level, message) => log[level](message),
    storedSecrets: {
      read: (name) => secretStore.get(storedSecretAccount(name)),
      write: (name, secret) => secretStore.set(storedSecretAccount(name), secret),
      delete: (name) => secretStore.delete(storedSecretAccount(name)),
    },
  });
  const stopWork = async () => {
    controller.close();
    balances.stop();
    retention.stop();
    await recorder.close();
  };
  try {
    if (options.configPath === null) await ensureConfigFile(configPath);
    await controller.start();
  } catch (error) {
    await stopWork();
    await agent.close();
    database.close();
    throw error;
  }
  balances.start();
  retention.start();

  async function stats(window: StatsWindow): Promise<StatsSummary> {
    // Queued events count too: the summary must agree with what the gateway just answered. A failed
    // write was told to onError and is retried; the summary then shows what is stored.
    await recorder.flushed().catch(() => {});
    return addKeyStates(summarizeUsage(database, window, Date.now()), {
      keys: live.table.keys,
      money: usage,
      health,
      breaker,
      balanceOf: (providerId, keyId) => balances.balanceOf(providerId, keyId),
    });
  }

  const prices = createPriceLookup(() => live.prices);
  // The window's service: one implementation, reached over HTTP here and over IPC in the tray app.
  let boundPort = options.port;
  let catalogInUse: { source: 'bundled' | 'synced'; fetchedAt: string | null } = { source: startupCatalog.source, fetchedAt: startupCatalog.fetchedAt };
  const syncPrices = notifyingPriceSync(createRunningCatalogSync({ agent, dataDir: options.dataDir, defaultUrl: options.pricesUrl, catalog, log }), {
    notifications,
    events,
    synced: (summary) => (catalogInUse = { source: 'synced', fetchedAt: summary.fetchedAt }),
  });
  const control = combineControlService({
    providers: createProvidersControl({
      config: controller,
      routeTable: () => live.table,
      prices: () => live.prices,
      repository: providersRepository,
      health,
      breaker,
      money: usage,
      failures,
      balanceOf: (providerId, keyId) => balances.balanceOf(providerId, keyId),
      models,
      agent,
      events,
    }),
    usage: createUsageControl({
      dashboard: createDashboardControl({
        database,
        routeTable: () => live.table,
        priceOf: prices.priceOf,
        serves: (table, providerId, model) => models.serves(table, providerId, model),
        money: { spentUsd: usage.spentUsd, remainingCreditUsd: (providerId, keyId) => credits.remainingCredit(providerId, keyId) },
        creditMark: (providerId, keyId) => credits.markOf(providerId, keyId),
        balanceOf: (providerId, keyId) => balances.balanceOf(providerId, keyId),
        balanceRefreshIntervalMs: options.balanceRefreshIntervalMs ?? defaultBalanceIntervalMs,
        thresholds: () => {
          const current = settings.currentSettings();
          return { ...current.quotaThresholds, perKey: current.keyThresholds };
        },
        keyHints: () => new Map(providersRepository.listProviders().flatMap((provider) => provider.keys.map((key) => [`${provider.id}/${key.id}`, key.secretHint]))),
        flushed: () => recorder.flushed(),
      }),
      requestLog: { requestLog, flushed: () => recorder.flushed() },
      clients: {
        clients: clientsRepository,
        requestLog,
        newClientKey: () => {
          const key = generateClientKey();
          return { key, keyHash: hashClientKey(key) };
        },
        reloadClients: () => clients.replace(clientsRepository.listClients()),
        flushed: () => recorder.flushed(),
      },
    }),
    settings: createSettingsControl({
      environment: () => ({
        version: appVersion(),
        host: options.host,
        port: boundPort,
        baseUrl: `http://${urlHost(options.host)}:${boundPort}`,
        dataDir: options.dataDir,
        configPath,
        configOwned: options.configPath === null,
        secretBackend: secretStore.backend,
        prices: catalogInUse,
        firstRun: live.table.config.providers.length === 0,
      }),
      settings,
      events,
      notifications,
      syncPrices: () => syncPrices(undefined),
      refreshBalances: () => balances.refreshAll(),
      configuration: {
        document: configurationDocumentOf(controller, configPath),
        readStoredSecret: (name) => secretStore.get(storedSecretAccount(name)),
        env: options.env,
      },
      usage: {
        flushed: () => recorder.flushed(),
        history: createUsageHistory(database),
        derived: [],
        afterReset: () => {
          recorder.reloadSpend();
          credits.recount();
        },
      },
    }),
  });
  const controlEndpoint = createControlEndpoint({ service: control, events, logError: (message) => log.error(message) });

  const app = buildGateway({
    routeTable: () => live.table,
    agent,
    usage,
    prices,
    modelOutputLimit: (provider, model) => catalog.outputLimit(model, providerVendorHints(provider)) ?? undefined,
    clients,
    models,
    health,
    breaker,
    routing,
    metrics,
    adminToken: credentials.adminToken,
    host: options.host,
    bodyLimit: options.bodyLimit,
    stats,
    syncPrices,
    refreshBalances: () => balances.refreshAll(),
    requireClientKey: true,
    logBodies: () => requestLogSettings().logBodies,
    control: controlEndpoint,
    failedOver: (from, to, model) => notifyFailover(notifications, from, to, model),
    log,
  });

  let address: string;
  try {
    address = await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    // The credentials stay unshown: the next start that succeeds hands them out.
    await stopWork();
    await app.close();
    await agent.close();
    database.close();
    throw error;
  }
  credentials.markShown();
  const bound = app.server.address();
  const port = bound !== null && typeof bound === 'object' ? bound.port : options.port;
  boundPort = port;

  return {
    app,
    url: address,
    port,
    adminToken: credentials.adminToken,
    newAdminToken: credentials.adminTokenUnshown,
    generatedClientKey: credentials.unshownClientKey,
    secretStore,
    configPath,
    control: controlEndpoint,
    onNotification: (listener) => notifications.subscribe(listener),
    reloadConfig: () => controller.reload(),
    async close() {
      controller.close();
      balances.stop();
      retention.stop();
      // Open requests get a grace period to finish (a stream mid-answer, usage still to record);
      // connections a client keeps open past it must not hold the quit of a desktop app.
      const forceClose = setTimeout(() => app.server.closeAllConnections(), options.closeGraceMs ?? 5_000);
      await app.close();
      clearTimeout(forceClose);
      await recorder.close();
      await agent.close();
      database.close();
    },
  };
}

/**
 * Reads the configuration file for an export; writing it (an import) waits for the configuration
 * writer, which replaces this at the merge.
 */
/** The app's version, as package.json says. */
function appVersion(): string {
  try {
    return (JSON.parse(readFileSync(join(projectRoot(import.meta.url), 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

/** The host as it goes in a URL the user copies: loopback for a wildcard address, brackets for IPv6. */
function urlHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

/** The secret store and the credentials kept in it. */
async function openSecrets(options: SwitchyardOptions, database: Database) {
  // open-secret-store says which store it chose, and why, in one line.
  const secretStore = await openSecretStore({
    dataDir: options.dataDir,
    service: options.secretService,
    preferred: options.secretBackend ?? 'auto',
    env: options.env,
    log: (level, message) => options.log[level](message),
  });
  const credentials = await bootstrapCredentials({
    secretStore,
    clients: createClientsRepository(database),
    settings: createSettingsRepository(database),
    adminToken: options.adminToken,
  });
  return { secretStore, credentials };
}
