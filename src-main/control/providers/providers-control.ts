import type { Dispatcher } from 'undici';
import type { ModelAlias } from '../../../src-shared/config-schema.js';
import type { ImportPreview, ProviderView, ProvidersApi, RoutingSettings } from '../../../src-shared/control/providers-api.js';
import { isRecord } from '../../../src-shared/json-record.js';
import type { ConfigController } from '../../config/config-controller.js';
import { ContractError } from '../../conversion/contract-error.js';
import type { KeyBreaker } from '../../routing/key-breaker.js';
import type { KeyHealth } from '../../routing/key-health.js';
import type { MoneySources } from '../../routing/key-money.js';
import type { ModelDirectory } from '../../routing/model-directory.js';
import type { RouteTable } from '../../routing/route-table.js';
import type { ProvidersRepository } from '../../store/providers-repository.js';
import type { KeyBalanceView } from '../../usage/balance-refresher.js';
import type { PriceBook } from '../../usage/price-book.js';
import type { ControlEvents } from '../control-events.js';
import {
  addProviderToDocument,
  removeProviderFromDocument,
  saveProviderInDocument,
  setKeyDisabledInDocument,
} from './edit-provider-document.js';
import { recognizeImport } from './import/recognize-import.js';
import type { KeyFailures } from './key-failures.js';
import { modelViews } from './model-views.js';
import { providerViews } from './provider-views.js';
import { testProviderKey } from './test-provider-key.js';

export interface ProvidersControlDependencies {
  /** The configuration file: every edit goes through it. */
  config: Pick<ConfigController, 'edit' | 'document'>;
  routeTable(): RouteTable;
  prices(): PriceBook;
  repository: Pick<ProvidersRepository, 'listProviders' | 'setKeyDisabled'>;
  health: KeyHealth;
  breaker: KeyBreaker;
  money: MoneySources;
  failures: KeyFailures;
  balanceOf(providerId: string, keyId: string): KeyBalanceView | undefined;
  models: Pick<ModelDirectory, 'list' | 'modelsOf'>;
  agent: Dispatcher;
  events: ControlEvents;
  /** Defaults to the import recogniser; tests hand in their own. */
  recognizeImport?: (text: string) => ImportPreview;
}

/** Providers, keys, models, aliases and routing, read from and written to the configuration file. */
export function createProvidersControl(dependencies: ProvidersControlDependencies): ProvidersApi {
  const { config, health, repository, events } = dependencies;
  const recognize = dependencies.recognizeImport ?? recognizeImport;

  const listProviders = (): ProviderView[] =>
    providerViews(config.document(), {
      table: dependencies.routeTable(),
      stored: repository.listProviders(),
      health,
      breaker: dependencies.breaker,
      money: dependencies.money,
      failures: dependencies.failures,
      balanceOf: dependencies.balanceOf,
    });

  const routingSettings = (): RoutingSettings => {
    const { strategy, retries, timeoutMs, failureThreshold, cooldownMs } = dependencies.routeTable().config.routing;
    return { strategy, retries, timeoutMs, failureThreshold, cooldownMs };
  };

  const aliases = (): Record<string, ModelAlias> => {
    const written = config.document().modelAliases;
    return isRecord(written) ? (written as Record<string, ModelAlias>) : {};
  };

  return {
    async listProviders() {
      return listProviders();
    },

    async saveProvider(input) {
      await config.edit((document, secrets) => saveProviderInDocument(document, input, secrets));
      const saved = listProviders().find((provider) => provider.id === input.id);
      if (saved === undefined) throw new ContractError('item_not_found', `Provider "${input.id}" was saved but is not in the running configuration; reload the list.`);
      return saved;
    },

    async removeProvider({ id }) {
      await config.edit((document) => removeProviderFromDocument(document, id));
    },

    async setKeyEnabled({ providerId, keyId, enabled }) {
      const known = dependencies.routeTable().providers.get(providerId)?.config.keys.some((key) => key.id === keyId) ?? false;
      if (!known) throw new ContractError('item_not_found', `Provider "${providerId}" has no key "${keyId}"; reload the list.`, { field: 'keyId' });
      if (enabled) {
        // A 401/403 disable outlives reloads while the secret is the same; the user's word ends it.
        repository.setKeyDisabled(providerId, keyId, null);
        health.enable(providerId, keyId);
      }
      await config.edit((document) => setKeyDisabledInDocument(document, providerId, keyId, !enabled));
      events.emit({ type: 'keys-changed' });
    },

    async testKey({ providerId, keyId }) {
      const table = dependencies.routeTable();
      const provider = table.providers.get(providerId);
      if (provider === undefined || !provider.config.keys.some((key) => key.id === keyId)) {
        throw new ContractError('item_not_found', `Provider "${providerId}" has no key "${keyId}"; reload the list.`, { field: 'keyId' });
      }
      const secret = table.secretFor(providerId, keyId);
      if (secret === undefined) {
        const reason = health.disabledReason(providerId, keyId) ?? 'the key is not available';
        return { reachable: false, latencyMs: null, status: null, models: [], balance: null, error: { code: 'no_enabled_key', message: reason } };
      }
      return testProviderKey({ agent: dependencies.agent, provider, secret, cnyPerUsd: table.config.currency.cnyPerUsd, redact: table.redactSecrets });
    },

    async previewImport({ text }) {
      return recognize(text);
    },

    async applyImport({ text }) {
      const preview = recognize(text);
      const added = await config.edit((document, secrets) => {
        const ids = preview.providers.map((provider) => addProviderToDocument(document, provider, secrets));
        // The user's own aliases win over an imported one of the same name.
        const merged: Record<string, unknown> = { ...(isRecord(document.modelAliases) ? document.modelAliases : {}) };
        for (const [name, alias] of Object.entries(preview.aliases)) if (!Object.hasOwn(merged, name)) merged[name] = alias;
        if (Object.keys(merged).length > 0) document.modelAliases = merged;
        return ids;
      });
      return { added };
    },

    async listModels() {
      const table = dependencies.routeTable();
      // Fetches the lists of providers that name no models, or answers from the cache.
      await dependencies.models.list(table);
      return modelViews(table, dependencies.prices(), (providerId) => dependencies.models.modelsOf(table, providerId));
    },

    async getAliases() {
      return aliases();
    },

    async setAliases(input) {
      await config.edit((document) => {
        if (Object.keys(input.aliases).length === 0 && document.modelAliases === undefined) return;
        document.modelAliases = input.aliases;
      });
      return aliases();
    },

    async getRouting() {
      return routingSettings();
    },

    async setRouting(input) {
      await config.edit((document) => {
        const routing = isRecord(document.routing) ? document.routing : {};
        document.routing = { ...routing, ...input };
      });
      return routingSettings();
    },
  };
}
