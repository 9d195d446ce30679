import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createControlClient, createMemoryTransport } from '../../../../src-shared/control/rpc.js';
import type { ControlService } from '../../../../src-shared/control/control-service.js';
import { createControlEndpoint } from '../../../../src-main/control/control-endpoint.js';
import { createControlEvents } from '../../../../src-main/control/control-events.js';
import { createUsageControl } from '../../../../src-main/control/usage/usage-control.js';
import { createClientsRepository } from '../../../../src-main/store/clients-repository.js';
import { openDatabase, type Database } from '../../../../src-main/store/database.js';
import { createRequestLogRepository } from '../../../../src-main/store/request-log-repository.js';
import { createUsageRepository } from '../../../../src-main/store/usage-repository.js';
import { generateClientKey, hashClientKey, InMemoryClientDirectory } from '../../../../src-main/service/client-directory.js';
import { fakeControlService } from '../../../support/control-fakes.js';
import { usageEvent } from '../../../support/usage-event.js';

describe('listClients, createClient and revokeClient over the in-memory transport', () => {
  let database: Database;
  let client: ControlService;
  let directory: InMemoryClientDirectory;

  beforeEach(() => {
    database = openDatabase(':memory:');
    const clients = createClientsRepository(database, () => Date.UTC(2026, 0, 2));
    clients.upsertClient({ name: 'from-file', keyHash: hashClientKey('sk-file-key-0001'), keyHint: 'sk-...0001', source: 'config' });
    directory = new InMemoryClientDirectory();
    const reloadClients = () => directory.replace(clients.listClients());
    reloadClients();
    const usage = createUsageControl({
      clients: {
        clients,
        requestLog: createRequestLogRepository(database),
        newClientKey: () => {
          const key = generateClientKey();
          return { key, keyHash: hashClientKey(key) };
        },
        reloadClients,
        flushed: async () => {},
      },
    });
    const endpoint = createControlEndpoint({ service: fakeControlService(usage), events: createControlEvents(), logError: () => {} });
    client = createControlClient(createMemoryTransport(endpoint));
  });

  afterEach(() => database.close());

  it('makes a key shown once, stored only as a hash and a hint, that authenticates at once', async () => {
    const { client: created, key } = await client.createClient({ name: 'laptop' });
    expect(key).toMatch(/^sk-sy-[A-Za-z0-9_-]{40,}$/);
    expect(created).toMatchObject({ name: 'laptop', source: 'generated', hint: `sk-...${key.slice(-4)}`, requests: 0, costUsd: 0, lastUsedAt: null });
    expect(directory.authenticate(key)).toBe('laptop');
    const stored = JSON.stringify(database.prepare('SELECT * FROM clients').all());
    expect(stored).not.toContain(key.slice(6, 20));
    const listed = await client.listClients();
    expect(listed.map((view) => view.name)).toEqual(['from-file', 'laptop']);
    expect(JSON.stringify(listed)).not.toContain(key.slice(6, 20));
  });

  it('refuses a name that exists, by field', async () => {
    await client.createClient({ name: 'laptop' });
    await expect(client.createClient({ name: 'laptop' })).rejects.toMatchObject({ code: 'item_exists', field: 'name' });
    await expect(client.createClient({ name: 'from-file' })).rejects.toMatchObject({ code: 'item_exists' });
  });

  it('revokes a made client at once; a config client is removed in the file; an unknown one is not found', async () => {
    const { key } = await client.createClient({ name: 'laptop' });
    await client.revokeClient({ name: 'laptop' });
    expect(directory.authenticate(key)).toBeNull();
    expect((await client.listClients()).map((view) => view.name)).toEqual(['from-file']);
    const refused = await client.revokeClient({ name: 'from-file' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'managed_by_configuration', field: 'name' });
    expect((refused as Error).message).toMatch(/configuration file/);
    expect(directory.authenticate('sk-file-key-0001')).toBe('from-file');
    await expect(client.revokeClient({ name: 'nobody' })).rejects.toMatchObject({ code: 'item_not_found' });
  });

  it("lists each client's requests, priced cost and last use", async () => {
    createUsageRepository(database).insertUsageEvents([
      usageEvent({ client: 'from-file', time: Date.UTC(2026, 0, 3), costUsd: 0.25 }),
      usageEvent({ client: 'from-file', time: Date.UTC(2026, 0, 4), costUsd: null }),
      usageEvent({ client: 'from-file', time: Date.UTC(2026, 0, 4), costUsd: 0, final: false, status: 500 }),
    ]);
    const [view] = await client.listClients();
    expect(view).toEqual({
      name: 'from-file',
      hint: 'sk-...0001',
      source: 'config',
      createdAt: '2026-01-02T00:00:00.000Z',
      requests: 2,
      costUsd: 0.25,
      lastUsedAt: '2026-01-04T00:00:00.000Z',
    });
  });
});
