import type { Dispatcher } from 'undici';
import { callUpstream } from '../upstream/upstream-call.js';
import { readBody } from '../upstream/read-body.js';
import type { ProviderEntry, RouteTable } from './route-table.js';

export interface ModelDirectory {
  serves(table: RouteTable, providerId: string, model: string): boolean;
  /** Every reachable model id: configured, discovered and aliases (the `/v1/models` list). */
  list(table: RouteTable): Promise<Array<{ id: string; ownedBy: string }>>;
  refresh(table: RouteTable): Promise<void>;
  /** One provider's models: configured, else as last discovered; null when neither is known. */
  modelsOf(table: RouteTable, providerId: string): readonly string[] | null;
}

/**
 * The models a provider's config names: `models`, or else the model names of Azure's `deployments`
 * map (a deployment is there because the user deployed that model; Azure's own list names every
 * model the resource could use, deployed or not).
 */
function configuredModels(provider: ProviderEntry): readonly string[] | undefined {
  return provider.config.models ?? (provider.config.deployments ? Object.keys(provider.config.deployments) : undefined);
}

interface Discovery {
  models: ReadonlySet<string> | null;
  fetchedAt: number;
  pending: Promise<void> | null;
}

/**
 * Which models each provider serves: the config's `models` where given, otherwise the provider's own
 * list, fetched with its first key and cached for `ttlMs`. A provider whose list could not
 * be fetched is still tried for any model, so a flaky `/models` endpoint never blocks real requests.
 */
export function createModelDirectory(options: {
  agent: Dispatcher;
  ttlMs?: number;
  timeoutMs?: number;
  log: (message: string) => void;
}): ModelDirectory & { discover(table: RouteTable): Promise<void> } {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const discoveries = new Map<string, Discovery>();

  function discoveryKey(provider: ProviderEntry): string {
    // A changed base URL or key set is a different provider as far as its model list goes.
    return `${provider.config.id}|${provider.config.baseUrl}|${provider.config.keys.map((key) => key.id).join(',')}`;
  }

  async function fetchList(table: RouteTable, provider: ProviderEntry): Promise<ReadonlySet<string> | null> {
    const adapter = provider.adapter;
    for (const key of provider.config.keys) {
      const secret = table.secretFor(provider.config.id, key.id);
      if (secret === undefined || key.disabled) continue;
      try {
        const response = await callUpstream(options.agent, {
          provider: provider.config,
          target: adapter.modelsTarget(provider.config),
          method: 'GET',
          headers: { ...provider.config.headers, accept: 'application/json', ...adapter.authHeaders(secret) },
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
          headersTimeoutMs: options.timeoutMs ?? 10_000,
        });
        const body = await readBody(response);
        if (response.statusCode !== 200) {
          options.log(`model list of provider ${provider.config.id}: upstream answered ${response.statusCode}`);
          continue;
        }
        return new Set(adapter.parseModelList(JSON.parse(body.toString('utf8'))));
      } catch (error) {
        // A JSON syntax error quotes the body it failed on, and a body may echo the key.
        options.log(table.redactSecrets(`model list of provider ${provider.config.id}: ${(error as Error).message}`));
      }
    }
    return null;
  }

  function ensure(table: RouteTable, provider: ProviderEntry, force: boolean): Promise<void> {
    const id = discoveryKey(provider);
    const known = discoveries.get(id);
    if (known?.pending) return known.pending;
    if (known && !force && Date.now() - known.fetchedAt < ttlMs) return Promise.resolve();
    const entry: Discovery = known ?? { models: null, fetchedAt: 0, pending: null };
    entry.pending = fetchList(table, provider).then((models) => {
      entry.models = models ?? entry.models;
      entry.fetchedAt = Date.now();
      entry.pending = null;
    });
    discoveries.set(id, entry);
    return entry.pending;
  }

  const needsDiscovery = (table: RouteTable) => [...table.providers.values()].filter((provider) => configuredModels(provider) === undefined);

  const directory = {
    serves(table: RouteTable, providerId: string, model: string): boolean {
      const provider = table.providers.get(providerId);
      if (!provider) return false;
      const configured = configuredModels(provider);
      if (configured !== undefined) return configured.includes(model);
      const discovered = discoveries.get(discoveryKey(provider))?.models;
      return discovered ? discovered.has(model) : true;
    },
    async list(table: RouteTable) {
      await Promise.all(needsDiscovery(table).map((provider) => ensure(table, provider, false)));
      const models = new Map<string, string>();
      for (const provider of table.providers.values()) {
        const ids = configuredModels(provider) ?? [...(discoveries.get(discoveryKey(provider))?.models ?? [])];
        for (const id of ids) if (!models.has(id)) models.set(id, provider.config.id);
      }
      for (const alias of Object.keys(table.config.modelAliases)) if (!models.has(alias)) models.set(alias, 'switchyard');
      return [...models].map(([id, ownedBy]) => ({ id, ownedBy })).sort((left, right) => left.id.localeCompare(right.id));
    },
    modelsOf(table: RouteTable, providerId: string) {
      const provider = table.providers.get(providerId);
      if (!provider) return null;
      const discovered = discoveries.get(discoveryKey(provider))?.models;
      return configuredModels(provider) ?? (discovered ? [...discovered] : null);
    },
    async refresh(table: RouteTable) {
      await Promise.all(needsDiscovery(table).map((provider) => ensure(table, provider, true)));
    },
    async discover(table: RouteTable) {
      await Promise.all(needsDiscovery(table).map((provider) => ensure(table, provider, false)));
    },
  };
  return directory;
}
