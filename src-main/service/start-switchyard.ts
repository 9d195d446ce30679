import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Agent } from 'undici';
import { configSchema } from '../../src-shared/config-schema.js';
import type { StatsSummary, StatsWindow } from '../../src-shared/stats.js';
import { createConfigController, type ConfigController } from '../config/config-controller.js';
import type { LoadedConfiguration } from '../config/load-config.js';
import { buildGateway } from '../gateway/build-gateway.js';
import { GatewayMetrics } from '../gateway/metrics.js';
import { KeyHealth } from '../routing/key-health.js';
import { createModelDirectory } from '../routing/model-directory.js';
import { buildRouteTable, keyAccount, type RouteTable } from '../routing/route-table.js';
import { createAliasesRepository } from '../store/aliases-repository.js';
import { createClientsRepository } from '../store/clients-repository.js';
import { openDatabase } from '../store/database.js';
import { createProvidersRepository, disabledInConfigReason } from '../store/providers-repository.js';
import { openSecretStore } from '../store/secrets/open-secret-store.js';
import { secretHint } from '../store/secrets/redact-secret.js';
import type { SecretStore } from '../store/secrets/secret-store.js';
import { createUsageRepository } from '../store/usage-repository.js';
import { computeCostUsd } from '../usage/compute-cost.js';
import { createPriceBook, type PriceBook, type PriceSource } from '../usage/price-book.js';
import { loadPriceCatalog } from '../usage/price-catalog.js';
import { summarizeUsage } from '../usage/stats-summary.js';
import { UsageRecorder } from '../usage/usage-recorder.js';
import { vendorHintsFor } from '../usage/vendor-hints.js';
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
  mkdirSync(options.dataDir, { recursive: true, mode: 0o700 });
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
    flushIntervalMs: options.usageFlushIntervalMs,
    onError: (error) => log.error(`usage events could not be written yet (kept in memory, retrying): ${(error as Error).message}`),
  });
  const catalog = loadPriceCatalog();
  const health = new KeyHealth((providerId, keyId, reason) => providersRepository.setKeyDisabled(providerId, keyId, reason));
  const clients = new InMemoryClientDirectory();
  const models = createModelDirectory({ agent, log: (message) => log.warn(message) });
  const metrics = new GatewayMetrics();

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
    aliasesRepository.replaceAliases(config.modelAliases);
    restoreDisabledKeys();
    clients.replace(clientsRepository.listClients());
    prices = createPriceBook({ catalog, overrides: config.prices });
    table = buildRouteTable(config, secrets);
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

  function stats(window: StatsWindow): StatsSummary {
    // Queued events count too: the summary must agree with what the gateway just answered.
    recorder.flush();
    const summary = summarizeUsage(database, window, Date.now());
    const keys = new Map(table.keys.map((entry) => [`${entry.provider.config.id}/${entry.key.id}`, entry.key]));
    for (const row of summary.byKey) {
      const key = keys.get(`${row.provider}/${row.key}`);
      const spent = recorder.spentUsd(row.provider, row.key);
      if (key?.budgetUsd !== undefined) row.remainingUsd = Math.max(0, key.budgetUsd - spent);
      else if (key?.creditUsd !== undefined) row.remainingUsd = Math.max(0, key.creditUsd - spent);
    }
    return summary;
  }

  const app = buildGateway({
    routeTable: () => table,
    agent,
    usage: recorder,
    prices: {
      costUsd(provider, model, usage, requestedModel) {
        const hints = vendorHintsFor(provider.type, provider.baseUrl);
        const answered = prices.priceFor(provider.id, model, hints);
        // OpenAI answers `gpt-4o` with `gpt-4o-2024-08-06`: a price the user set for the model they
        // asked for beats the catalog's price of the snapshot (SPEC §3: config prices, then catalog).
        const asked = requestedModel !== undefined && requestedModel !== model ? prices.priceFor(provider.id, requestedModel, hints) : null;
        const resolved = asked && (!answered || priceSourceRank[asked.source] < priceSourceRank[answered.source]) ? asked : answered;
        return resolved ? computeCostUsd(resolved.price, usage) : null;
      },
    },
    modelOutputLimit: (provider, model) => catalog.outputLimit(model, vendorHintsFor(provider.type, provider.baseUrl)) ?? undefined,
    clients,
    models,
    health,
    metrics,
    adminToken,
    host: options.host,
    bodyLimit: options.bodyLimit,
    stats,
    requireClientKey: true,
    log,
  });

  let address: string;
  try {
    address = await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    controller?.close();
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
