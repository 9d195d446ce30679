import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapCredentials } from '../../../src-main/service/bootstrap-credentials.js';
import { hashClientKey } from '../../../src-main/service/client-directory.js';
import { createClientsRepository } from '../../../src-main/store/clients-repository.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { MemorySecretStore } from '../../../src-main/store/secrets/memory-secret-store.js';
import { createSettingsRepository } from '../../../src-main/store/settings-repository.js';

describe('bootstrapCredentials', () => {
  let database: Database;
  let secretStore: MemorySecretStore;

  beforeEach(() => {
    database = openDatabase(':memory:');
    secretStore = new MemorySecretStore();
  });

  afterEach(() => database.close());

  /** One start: what it makes or finds, as a start of the gateway would. */
  const start = (adminToken: string | null = null) =>
    bootstrapCredentials({ secretStore, clients: createClientsRepository(database), settings: createSettingsRepository(database), adminToken });

  it('makes an admin token and a default client key on the first start and stores both', async () => {
    const credentials = await start();
    expect(credentials.adminToken).toMatch(/^sya-/);
    expect(credentials.adminTokenUnshown).toBe(true);
    expect(credentials.unshownClientKey).toMatch(/^sk-sy-/);
    expect(await secretStore.get('admin-token')).toBe(credentials.adminToken);
    expect(await secretStore.get('client/default')).toBe(credentials.unshownClientKey);
    const [client] = createClientsRepository(database).listClients();
    expect(client).toMatchObject({ name: 'default', source: 'generated', keyHash: hashClientKey(credentials.unshownClientKey!) });
  });

  it('hands the same credentials out again on every start until they were shown', async () => {
    const first = await start();
    // The first start failed (a taken port, say): markShown was never called.
    const second = await start();
    expect(second.adminToken).toBe(first.adminToken);
    expect(second.adminTokenUnshown).toBe(true);
    expect(second.unshownClientKey).toBe(first.unshownClientKey);
    second.markShown();

    const third = await start();
    expect(third.adminToken).toBe(first.adminToken);
    expect(third.adminTokenUnshown).toBe(false);
    expect(third.unshownClientKey).toBeNull();
    expect(createClientsRepository(database).listClients()).toHaveLength(1);
  });

  it('never shows a token given on the command line, and makes none', async () => {
    const credentials = await start('sya-given');
    expect(credentials).toMatchObject({ adminToken: 'sya-given', adminTokenUnshown: false });
    expect(await secretStore.get('admin-token')).toBeNull();
    // The client key is still made, and shown.
    expect(credentials.unshownClientKey).toMatch(/^sk-sy-/);
    credentials.markShown();
    expect((await start('sya-given')).unshownClientKey).toBeNull();
  });

  it('keeps a made token unshown through a start with a given token, and shows it on the next start without one', async () => {
    const made = await start();
    const withGiven = await start('sya-given');
    expect(withGiven.adminTokenUnshown).toBe(false);
    withGiven.markShown();
    const without = await start();
    expect(without).toMatchObject({ adminToken: made.adminToken, adminTokenUnshown: true, unshownClientKey: null });
  });
});
