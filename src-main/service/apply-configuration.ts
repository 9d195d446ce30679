import { configSchema } from '../../src-shared/config-schema.js';
import { aliasTargets } from '../../src-shared/model-alias.js';
import type { LoadedConfiguration } from '../config/load-config.js';
import { clientKeyAccount, providerKeyAccount } from '../store/secrets/secret-accounts.js';
import type { KeyHealth } from '../routing/key-health.js';
import { buildRouteTable, type RouteTable } from '../routing/route-table.js';
import type { AliasesRepository } from '../store/aliases-repository.js';
import type { ClientsRepository } from '../store/clients-repository.js';
import type { ConfigCreditsRepository } from '../store/config-credits-repository.js';
import { disabledInConfigReason, type ProvidersRepository } from '../store/providers-repository.js';
import { secretHint } from '../store/secrets/redact-secret.js';
import type { SecretStore } from '../store/secrets/secret-store.js';
import { syncConfiguredCredits } from '../usage/configured-credits.js';
import type { CreditLedger } from '../usage/credit-ledger.js';
import { createPriceBook, type PriceBook } from '../usage/price-book.js';
import type { PriceCatalog } from '../usage/price-catalog.js';
import { hashClientKey, type InMemoryClientDirectory } from './client-directory.js';
import type { Logger } from './logger.js';

/**
 * What requests read of the applied configuration. Replaced whole by each apply; a request keeps the
 * table it started with.
 */
export interface LiveConfiguration {
  table: RouteTable;
  prices: PriceBook;
}

/** Before any config file is applied: no providers, no config prices. */
export function emptyLiveConfiguration(catalog: Pick<PriceCatalog, 'lookup'>): LiveConfiguration {
  return { table: buildRouteTable(configSchema.parse({}), new Map()), prices: createPriceBook({ catalog, overrides: {} }) };
}

export interface ConfigurationTargets {
  live: LiveConfiguration;
  catalog: Pick<PriceCatalog, 'lookup'>;
  secretStore: SecretStore;
  providers: Pick<ProvidersRepository, 'syncProviders' | 'listProviders'>;
  clientsRepository: Pick<ClientsRepository, 'upsertClient' | 'removeConfigClientsNotIn' | 'listClients'>;
  aliases: Pick<AliasesRepository, 'replaceAliases'>;
  configCredits: ConfigCreditsRepository;
  credits: CreditLedger;
  health: KeyHealth;
  clients: InMemoryClientDirectory;
  log: Logger;
  /** After the new table is in place: balances and model lists are fetched again for it. */
  onApplied(table: RouteTable): void;
}

export interface ConfigurationApplier {
  apply(configuration: LoadedConfiguration): Promise<void>;
  /** Puts the stored key states (disabled at run time, or not) into the key health. */
  restoreKeyStates(): void;
}

export function createConfigurationApplier(targets: ConfigurationTargets): ConfigurationApplier {
  const { secretStore, health, log } = targets;

  /** Keys disabled at run time (401/403) stay disabled across restarts until the user acts. */
  function restoreKeyStates(): void {
    for (const provider of targets.providers.listProviders()) {
      for (const key of provider.keys) {
        if (key.disabled && key.disabledReason && key.disabledReason !== disabledInConfigReason) {
          health.restore(provider.id, key.id, key.disabledReason);
        } else {
          health.enable(provider.id, key.id);
        }
      }
    }
  }

  async function apply(configuration: LoadedConfiguration): Promise<void> {
    const { config, secrets, unresolvedSecrets } = configuration;
    // Secrets go to the secret store first: if the keychain refuses, nothing else changes.
    for (const [account, secret] of secrets) {
      // A `stored:` key is in the store already, under its own name; a second copy would outlive it.
      if (configuration.storedReferences.has(account)) continue;
      if ((await secretStore.get(account)) !== secret) await secretStore.set(account, secret);
    }
    // A key whose variable is unset keeps the hint of the secret it last had, so a key disabled by a
    // 401 stays disabled when its variable comes back with the same revoked value.
    const hints = new Map<string, string>();
    for (const provider of config.providers) {
      for (const key of provider.keys) {
        const account = providerKeyAccount(provider.id, key.id);
        const secret = secrets.get(account) ?? (unresolvedSecrets.has(account) ? await secretStore.get(account) : null);
        hints.set(account, secretHint(secret ?? ''));
      }
    }
    targets.providers.syncProviders(
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
          secretHint: hints.get(providerKeyAccount(provider.id, key.id)) ?? '',
        })),
      })),
    );
    // A client whose key variable is unset is left out: no one can present a key it does not have.
    const usableClients = config.clients.filter((client) => secrets.has(clientKeyAccount(client.name)));
    for (const client of usableClients) {
      const key = secrets.get(clientKeyAccount(client.name))!;
      targets.clientsRepository.upsertClient({ name: client.name, keyHash: hashClientKey(key), keyHint: secretHint(key), source: 'config' });
    }
    targets.clientsRepository.removeConfigClientsNotIn(usableClients.map((client) => client.name));
    targets.aliases.replaceAliases(aliasTargets(config.modelAliases));
    restoreKeyStates();
    disableUnresolvedKeys(configuration);
    syncConfiguredCredits(config, targets.configCredits, targets.credits, Date.now());
    targets.clients.replace(targets.clientsRepository.listClients());
    targets.live.prices = createPriceBook({ catalog: targets.catalog, overrides: config.prices });
    targets.live.table = buildRouteTable(config, secrets);
    targets.onApplied(targets.live.table);
  }

  /**
   * Kept in memory only, not stored: the reason goes away by itself once the variable is set and the
   * config applied again, and a restart with the variable set needs nothing cleared.
   */
  function disableUnresolvedKeys({ config, unresolvedSecrets, source }: LoadedConfiguration): void {
    for (const provider of config.providers) {
      for (const key of provider.keys) {
        const problem = unresolvedSecrets.get(providerKeyAccount(provider.id, key.id));
        // A key the config disables anyway is not missing anything.
        if (problem === undefined || key.disabled) continue;
        health.restore(provider.id, key.id, problem);
        log.warn(`key ${provider.id}/${key.id} disabled: ${problem}`);
      }
    }
    for (const client of config.clients) {
      const problem = unresolvedSecrets.get(clientKeyAccount(client.name));
      if (problem !== undefined) log.warn(`client ${client.name} left out of ${source}: ${problem}`);
    }
  }

  return { apply, restoreKeyStates };
}
