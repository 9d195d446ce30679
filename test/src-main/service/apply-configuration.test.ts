import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SwitchyardConfigInput } from '../../../src-shared/config-schema.js';
import { parseConfigText, type LoadedConfiguration } from '../../../src-main/config/load-config.js';
import { KeyHealth } from '../../../src-main/routing/key-health.js';
import type { RouteTable } from '../../../src-main/routing/route-table.js';
import { createConfigurationApplier, emptyLiveConfiguration, type LiveConfiguration } from '../../../src-main/service/apply-configuration.js';
import { InMemoryClientDirectory } from '../../../src-main/service/client-directory.js';
import { createAliasesRepository } from '../../../src-main/store/aliases-repository.js';
import { createClientsRepository } from '../../../src-main/store/clients-repository.js';
import { createConfigCreditsRepository } from '../../../src-main/store/config-credits-repository.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createProvidersRepository } from '../../../src-main/store/providers-repository.js';
import { MemorySecretStore } from '../../../src-main/store/secrets/memory-secret-store.js';
import { secretHint } from '../../../src-main/store/secrets/redact-secret.js';
import { CreditLedger } from '../../../src-main/usage/credit-ledger.js';
import { createPriceCatalog } from '../../../src-main/usage/price-catalog.js';

const storedSecret = 'sk-stored-earlier-0123456789';
const clientKey = 'sk-local-apply-client';

const config: SwitchyardConfigInput = {
  clients: [
    { name: 'editor', key: clientKey },
    { name: 'ci', key: 'env:APPLY_TEST_CLIENT' },
  ],
  providers: [
    {
      id: 'p',
      type: 'openai',
      baseUrl: 'https://api.openai.com/v1',
      keys: [
        { id: 'a', secret: 'env:APPLY_TEST_KEY_A' },
        { id: 'b', secret: 'sk-literal-b-0123456789' },
        { id: 'off', secret: 'env:APPLY_TEST_KEY_OFF', disabled: true },
      ],
    },
  ],
  prices: { 'gpt-4o': { inputPerMTok: 1, outputPerMTok: 2 } },
};

function load(env: NodeJS.ProcessEnv): LoadedConfiguration {
  const result = parseConfigText(JSON.stringify(config), env, 'config.json');
  if (!result.ok) throw new Error(result.error);
  return result.configuration;
}

describe('createConfigurationApplier', () => {
  let database: Database;
  let secretStore: MemorySecretStore;
  let health: KeyHealth;
  let clients: InMemoryClientDirectory;
  let live: LiveConfiguration;
  let warnings: string[];
  let applied: RouteTable[];

  beforeEach(() => {
    database = openDatabase(':memory:');
    secretStore = new MemorySecretStore([['provider/p/a', storedSecret]]);
    health = new KeyHealth();
    clients = new InMemoryClientDirectory();
    const catalog = createPriceCatalog({ vendors: {} });
    live = emptyLiveConfiguration(catalog);
    warnings = [];
    applied = [];
  });

  afterEach(() => database.close());

  const applier = () =>
    createConfigurationApplier({
      live,
      catalog: createPriceCatalog({ vendors: {} }),
      secretStore,
      providers: createProvidersRepository(database),
      clientsRepository: createClientsRepository(database),
      aliases: createAliasesRepository(database),
      configCredits: createConfigCreditsRepository(database),
      credits: new CreditLedger({ spentUsd: () => 0, spentSinceUsd: () => 0 }),
      health,
      clients,
      log: { info: () => {}, warn: (message) => warnings.push(message), error: () => {} },
      onApplied: (table) => applied.push(table),
    });

  it('puts the table and the config prices in effect, then says so', async () => {
    expect(live.table.keys).toHaveLength(0);
    await applier().apply(load({ APPLY_TEST_KEY_A: 'sk-from-env-a-0123456789', APPLY_TEST_CLIENT: 'sk-ci-client' }));
    expect(live.table.keys.map((entry) => entry.key.id)).toEqual(['a', 'b', 'off']);
    expect(live.prices.priceFor('p', 'gpt-4o', [])?.source).toBe('override');
    expect(applied).toEqual([live.table]);
    expect(clients.authenticate('sk-ci-client')).toBe('ci');
    expect(warnings).toEqual([]);
  });

  it('disables a key whose variable is unset, naming it, keeps the hint of its stored secret, and takes it back once set', async () => {
    const configurations = applier();
    await configurations.apply(load({}));
    expect(health.disabledReason('p', 'a')).toBe('environment variable APPLY_TEST_KEY_A is not set; set it, then reload the config or restart');
    expect(health.disabledReason('p', 'b')).toBeNull();
    // A key the config turns off anyway is not reported missing.
    expect(health.disabledReason('p', 'off')).toBeNull();
    expect(live.table.secretFor('p', 'a')).toBeUndefined();
    expect(warnings).toEqual([
      'key p/a disabled: environment variable APPLY_TEST_KEY_A is not set; set it, then reload the config or restart',
      'client ci left out of config.json: environment variable APPLY_TEST_CLIENT is not set; set it, then reload the config or restart',
    ]);
    const stored = createProvidersRepository(database).listProviders()[0]!.keys.find((key) => key.id === 'a')!;
    expect(stored).toMatchObject({ disabled: false, secretHint: secretHint(storedSecret) });
    // The stored disable state is not touched: the reason lives only as long as the variable is missing.
    expect(stored.disabledReason).toBeNull();

    await configurations.apply(load({ APPLY_TEST_KEY_A: 'sk-from-env-a-0123456789' }));
    expect(health.disabledReason('p', 'a')).toBeNull();
    expect(live.table.secretFor('p', 'a')).toBe('sk-from-env-a-0123456789');
  });

  it('leaves out a client whose variable is unset, also when it could sign in before', async () => {
    const configurations = applier();
    await configurations.apply(load({ APPLY_TEST_CLIENT: 'sk-ci-client' }));
    expect(clients.authenticate('sk-ci-client')).toBe('ci');
    await configurations.apply(load({}));
    expect(clients.authenticate('sk-ci-client')).toBeNull();
    expect(clients.authenticate(clientKey)).toBe('editor');
    expect(createClientsRepository(database).listClients().map((client) => client.name)).toEqual(['editor']);
  });
});
