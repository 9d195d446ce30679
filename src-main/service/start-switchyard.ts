import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Agent } from 'undici';
import { configSchema } from '../../src-shared/config-schema.js';
import { aliasTargets } from '../../src-shared/model-alias.js';
import type { StatsSummary, StatsWindow } from '../../src-shared/stats.js';
import { createConfigController, type ConfigController } from '../config/config-controller.js';
import type { LoadedConfiguration } from '../config/load-config.js';
import { buildGateway } from '../gateway/build-gateway.js';
import { GatewayMetrics } from '../gateway/metrics.js';
import { KeyBreaker } from '../routing/key-breaker.js';
import { KeyHealth } from '../routing/key-health.js';
import { keyStatusFields } from '../routing/key-status.js';
import { createModelDirectory } from '../routing/model-directory.js';
import { buildRouteTable, keyAccount, type RouteTable } from '../routing/route-table.js';
import { RoutingState } from '../routing/routing-state.js';
import { createAliasesRepository } from '../store/aliases-repository.js';
import { createClientsRepository } from '../store/clients-repository.js';
import { openDatabase } from '../store/database.js';
import { preparePrivateDataDir } from '../store/private-files.js';
import { createProvidersRepository, disabledInConfigReason } from '../store/providers-repository.js';
import { openSecretStore } from '../store/secrets/open-secret-store.js';
import { secretHint } from '../store/secrets/redact-secret.js';
import type { SecretStore } from '../store/secrets/secret-store.js';
import { createUsageRepository } from '../store/usage-repository.js';
import { createUsageWriter } from '../store/usage-writer.js';
import { computeCostUsd } from '../usage/compute-cost.js';
import { createPriceBook, type PriceBook, type PriceSource } from '../usage/price-book.js';
import { BalanceRefresher } from '../usage/balance-refresher.js';
import { loadStartupCatalog, syncPrices as syncPriceCatalog } from '../usage/price-sync.js';
import { createReplaceablePriceCatalog } from '../usage/replaceable-price-catalog.js';
import { createKeyBalancesRepository } from '../store/key-balances-repository.js';
import { summarizeUsage } from '../usage/stats-summary.js';
import { UsageRecorder } from '../usage/usage-recorder.js';
import { CreditLedger } from '../usage/credit-ledger.js';
import { syncConfiguredCredits } from '../usage/configured-credits.js';
import { createConfigCreditsRepository } from '../store/config-credits-repository.js';
import { moneyLeft, spendableUsd } from '../routing/key-money.js';
import type { UsageSink } from '../gateway/gateway-dependencies.js';
import { providerVendorHints } from '../usage/vendor-hints.js';
import { generateClientKey, hashClientKey, InMemoryClientDirectory } from './client-directory.js';
import type { Logger } from './logger.js';

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
}

export interface RunningSwitchyard {
  app: FastifyInstance;
  /** `http://HOST:PORT`, with the port actually bound. */
  url: string;
  port: number;
  adminToken: string;
  /** Set only on the start that generated it: printed once, then only the secret store has it. */
  newAdminToken: boolean;
  /** The client key made on first start, or null when one existed already. */
  generatedClientKey: string | null;
  secretStore: SecretStore;
  reloadConfig(): Promise<{ ok: boolean; error?: string }>;
  close(): Promise<void>;
}

const adminTokenAccount = 'admin-token';
/** Which price wins when the answered and the asked-for model are priced differently: lower first. */
const priceSourceRank: Record<PriceSource, number> = { 'provider-override': 0, override: 1, catalog: 2 };
const generatedClientName = 'default';

/** Opens the store, the secret store and the config, and starts the gateway listening. */
export async function startSwitchyard(options: SwitchyardOptions): Promise<RunningSwitchyard> {
  const { log } = options;
  preparePrivateDataDir(options.dataDir);
  const database = openDatabase(join(options.dataDir, 'switchyard.db'));
  const providersRepository = createProvidersRepository(database);
  const clientsRepository = createClientsRepository(database);
  const aliasesRepository = createAliasesRepository(database);
  const usageRepository = createUsageRepository(database);

  const secretStore = await openSecretStore({
    dataDir: options.dataDir,
    service: options.secretService,
    preferred: options.secretBackend ?? 'auto',
    env: options.env,
    log: (level, message) => log[level](message),
  });
  log.info(`secrets: ${secretStore.description}`);

  let adminToken = options.adminToken ?? (await secretStore.get(adminTokenAccount));
  const newAdminToken = adminToken === null;
  if (adminToken === null) {
    adminToken = `sya-${randomBytes(24).toString('base64url')}`;
    await secretStore.set(adminTokenAccount, adminToken);
  }

  let generatedClientKey: string | null = null;
  if (!clientsRepository.listClients().some((client) => client.source === 'generated')) {
    generatedClientKey = generateClientKey();
    await secretStore.set(`client/${generatedClientName}`, generatedClientKey);
    clientsRepository.upsertClient({
      name: generatedClientName,
      keyHash: hashClientKey(generatedClientKey),
      keyHint: secretHint(generatedClientKey),
      source: 'generated',
    });
  }

  const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
  const recorder = new UsageRecorder({
    repository: usageRepository,
    writer: createUsageWriter(database, usageRepository),
    flushIntervalMs: options.usageFlushIntervalMs,
    onError: (error) => log.error(`usage events could not be written yet (kept in memory, retrying): ${(error as Error).message}`),
  });
  // Credit left per key: the config's creditUsd and fetched balances (setCredit), less spend since.
  const credits = new CreditLedger(recorder);
  const configCreditsRepository = createConfigCreditsRepository(database);
  const usage: UsageSink = {
    record: (event) => recorder.record(event),
    spentUsd: (providerId, keyId, sinceMs) => recorder.spentUsd(providerId, keyId, sinceMs),
    remainingCreditUsd: (providerId, keyId) => credits.remainingCredit(providerId, keyId),
  };
  // The synced catalog (npm run prices:sync, POST /api/prices/sync) when there is one, else the
  // bundled one; held so a sync can swap it while requests are served.
  const startupCatalog = loadStartupCatalog(options.dataDir, (message) => log.warn(message));
  log.info(`prices: ${startupCatalog.source === 'synced' ? `synced catalog fetched ${startupCatalog.fetchedAt}` : 'bundled catalog'}`);
  const catalog = createReplaceablePriceCatalog(startupCatalog.catalog);
  const health = new KeyHealth((providerId, keyId, reason) => providersRepository.setKeyDisabled(providerId, keyId, reason));
  const clients = new InMemoryClientDirectory();
  const models = createModelDirectory({ agent, log: (message) => log.warn(message) });
  const metrics = new GatewayMetrics();
  const routing = new RoutingState({ now: options.routingClock });
  const breaker = new KeyBreaker({
    settings: () => table.config.routing,
    now: options.routingClock,
    onChange: (change) => {
      if (change.kind === 'opened') {
        log.warn(`key ${change.providerId}/${change.keyId} cooling down until ${new Date(change.until).toISOString()}: ${change.reason}`);
      } else {
        log.info(`key ${change.providerId}/${change.keyId} back in rotation: its probe succeeded`);
      }
    },
  });

  let table: RouteTable = buildRouteTable(configSchema.parse({}), new Map());
  let prices: PriceBook = createPriceBook({ catalog, overrides: {} });

  async function apply(configuration: LoadedConfiguration): Promise<void> {
    const { config, secrets } = configuration;
    // Secrets go to the secret store first: if the keychain refuses, nothing else changes.
    for (const [account, secret] of secrets) {
      if ((await secretStore.get(account)) !== secret) await secretStore.set(account, secret);
    }
    providersRepository.syncProviders(
      config.providers.map((provider) => ({
        id: provider.id,
        type: provider.type,
        baseUrl: provider.baseUrl,
        ...(provider.models ? { models: provider.models } : {}),
        keys: provider.keys.map((key) => ({
          id: key.id,
          priority: key.priority,
          weight: key.weight,
          budgetUsd: key.budgetUsd,
          creditUsd: key.creditUsd,
          disabled: key.disabled,
          secretHint: secretHint(secrets.get(keyAccount(provider.id, key.id)) ?? ''),
        })),
      })),
    );
    for (const client of config.clients) {
      const key = secrets.get(`client/${client.name}`) ?? '';
      clientsRepository.upsertClient({ name: client.name, keyHash: hashClientKey(key), keyHint: secretHint(key), source: 'config' });
    }
    clientsRepository.removeConfigClientsNotIn(config.clients.map((client) => client.name));
    aliasesRepository.replaceAliases(aliasTargets(config.modelAliases));
    restoreDisabledKeys();
    syncConfiguredCredits(config, configCreditsRepository, credits, Date.now());
    clients.replace(clientsRepository.listClients());
    prices = createPriceBook({ catalog, overrides: config.prices });
    table = buildRouteTable(config, secrets);
    // New keys, or a new yuan rate: balances are fetched again (joined if a fetch is under way).
    void balances?.refreshAll();
    void models.discover(table);
  }

  /** Keys disabled at run time (401/403) stay disabled across restarts until the user acts. */
  function restoreDisabledKeys(): void {
    for (const provider of providersRepository.listProviders()) {
      for (const key of provider.keys) {
        if (key.disabled && key.disabledReason && key.disabledReason !== disabledInConfigReason) {
          health.restore(provider.id, key.id, key.disabledReason);
        } else {
          health.enable(provider.id, key.id);
        }
      }
    }
  }

  clients.replace(clientsRepository.listClients());
  restoreDisabledKeys();

  let balances: BalanceRefresher | null = null;
  let controller: ConfigController | null = null;
  if (options.configPath) {
    controller = createConfigController({
      path: options.configPath,
      env: options.env,
      apply,
      log: (level, message) => log[level](message),
    });
    await controller.start();
    log.info(`config: ${options.configPath} (watched; changes apply without a restart)`);
  }

  // Vendor balances (OpenRouter, DeepSeek, Moonshot, SiliconFlow) become the keys' credit.
  balances = new BalanceRefresher({
    agent,
    routeTable: () => table,
    repository: createKeyBalancesRepository(database),
    credits,
    log,
    intervalMs: options.balanceRefreshIntervalMs,
  });
  balances.start();
  const balanceRefresher = balances;

  async function stats(window: StatsWindow): Promise<StatsSummary> {
    // Queued events count too: the summary must agree with what the gateway just answered. A failed
    // write was told to onError and is retried; the summary then shows what is stored.
    await recorder.flushed().catch(() => {});
    const summary = summarizeUsage(database, window, Date.now());
    const entries = new Map(table.keys.map((entry) => [`${entry.provider.config.id}/${entry.key.id}`, entry]));
    // Every configured key has a row, used in the window or not: a key that is disabled, cooling down
    // or out of credit must show as such even while nothing is sent to it.
    const listed = new Set(summary.byKey.map((row) => `${row.provider}/${row.key}`));
    for (const [id, entry] of entries) {
      if (!listed.has(id)) summary.byKey.push({ provider: entry.provider.config.id, key: entry.key.id, requests: 0, costUsd: 0, remainingUsd: null });
    }
    for (const row of summary.byKey) {
      const entry = entries.get(`${row.provider}/${row.key}`);
      const key = entry?.key;
      const left = entry === undefined ? null : moneyLeft(entry, usage);
      // The same figures routing skips keys by: the budget left this period, the credit left.
      if (left !== null && (left.budgetUsd !== null || left.creditUsd !== null)) row.remainingUsd = spendableUsd(left);
      Object.assign(row, keyStatusFields(row.provider, row.key, key, health, breaker));
      const balance = balanceRefresher.balanceOf(row.provider, row.key);
      if (balance) row.balance = balance;
    }
    return summary;
  }

  const app = buildGateway({
    routeTable: () => table,
    agent,
    usage,
    prices: {
      costUsd(provider, model, usage, requestedModel) {
        const hints = providerVendorHints(provider);
        const answered = prices.priceFor(provider.id, model, hints);
        // OpenAI answers `gpt-4o` with `gpt-4o-2024-08-06`: a price the user set for the model they
        // asked for beats the catalog's price of the snapshot (SPEC §3: config prices, then catalog).
        const asked = requestedModel !== undefined && requestedModel !== model ? prices.priceFor(provider.id, requestedModel, hints) : null;
        const resolved = asked && (!answered || priceSourceRank[asked.source] < priceSourceRank[answered.source]) ? asked : answered;
        return resolved ? computeCostUsd(resolved.price, usage) : null;
      },
      priceOf: (provider, model) => prices.priceFor(provider.id, model, providerVendorHints(provider))?.price ?? null,
    },
    modelOutputLimit: (provider, model) => catalog.outputLimit(model, providerVendorHints(provider)) ?? undefined,
    clients,
    models,
    health,
    breaker,
    routing,
    metrics,
    adminToken,
    host: options.host,
    bodyLimit: options.bodyLimit,
    stats,
    async syncPrices(url) {
      try {
        const { catalog: synced, ...summary } = await syncPriceCatalog({ agent, dataDir: options.dataDir, url: url ?? options.pricesUrl ?? undefined });
        catalog.replace(synced);
        log.info(`prices synced from ${summary.url}: ${summary.models} models, ${summary.changed} prices changed, ${summary.added} added, ${summary.removed} removed`);
        return summary;
      } catch (error) {
        log.warn((error as Error).message);
        throw error;
      }
    },
    refreshBalances: () => balanceRefresher.refreshAll(),
    requireClientKey: true,
    log,
  });

  let address: string;
  try {
    address = await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    controller?.close();
    balanceRefresher.stop();
    await recorder.close();
    database.close();
    throw error;
  }
  const port = app.server.address() !== null && typeof app.server.address() === 'object' ? (app.server.address() as { port: number }).port : options.port;

  return {
    app,
    url: address.replace('[::1]', '[::1]'),
    port,
    adminToken,
    newAdminToken,
    generatedClientKey,
    secretStore,
    reloadConfig: async () => (controller ? controller.reload() : { ok: true }),
    async close() {
      controller?.close();
      balanceRefresher.stop();
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
