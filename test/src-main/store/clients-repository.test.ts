import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createClientsRepository, type ClientsRepository } from '../../../src-main/store/clients-repository.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';

describe('clients repository', () => {
  let database: Database;
  let repository: ClientsRepository;
  let clock: number;

  beforeEach(() => {
    database = openDatabase(':memory:');
    clock = 1_000;
    repository = createClientsRepository(database, () => clock);
  });

  afterEach(() => {
    database.close();
  });

  it('adds a client and finds it by the hash of its key', () => {
    repository.upsertClient({ name: 'my-editor', keyHash: 'hash-1', keyHint: 'sk-...tor1', source: 'config' });
    expect(repository.findByKeyHash('hash-1')).toEqual({
      name: 'my-editor',
      keyHash: 'hash-1',
      keyHint: 'sk-...tor1',
      source: 'config',
      createdAt: 1_000,
    });
    expect(repository.findByKeyHash('unknown')).toBeNull();
  });

  it('updates the key of an existing client and keeps when it was created', () => {
    repository.upsertClient({ name: 'my-editor', keyHash: 'hash-1', keyHint: 'sk-...tor1', source: 'config' });
    clock = 2_000;
    repository.upsertClient({ name: 'my-editor', keyHash: 'hash-2', keyHint: 'sk-...tor2', source: 'config' });
    expect(repository.listClients()).toEqual([
      { name: 'my-editor', keyHash: 'hash-2', keyHint: 'sk-...tor2', source: 'config', createdAt: 1_000 },
    ]);
    // The old key no longer gets in.
    expect(repository.findByKeyHash('hash-1')).toBeNull();
  });

  it('lists clients by name', () => {
    repository.upsertClient({ name: 'zed', keyHash: 'z', keyHint: 'sk-...zzzz', source: 'generated' });
    repository.upsertClient({ name: 'agent', keyHash: 'a', keyHint: 'sk-...aaaa', source: 'config' });
    expect(repository.listClients().map((client) => client.name)).toEqual(['agent', 'zed']);
  });

  it('removes config clients the config no longer lists, and keeps generated ones', () => {
    repository.upsertClient({ name: 'kept', keyHash: 'k', keyHint: 'sk-...kept', source: 'config' });
    repository.upsertClient({ name: 'dropped', keyHash: 'd', keyHint: 'sk-...drop', source: 'config' });
    repository.upsertClient({ name: 'from-ui', keyHash: 'u', keyHint: 'sk-...ui01', source: 'generated' });

    expect(repository.removeConfigClientsNotIn(['kept'])).toBe(1);
    expect(repository.listClients().map((client) => client.name)).toEqual(['from-ui', 'kept']);
    expect(repository.findByKeyHash('d')).toBeNull();
  });

  it('removes every config client for an empty list', () => {
    repository.upsertClient({ name: 'a', keyHash: 'a', keyHint: 'sk-...aaaa', source: 'config' });
    repository.upsertClient({ name: 'b', keyHash: 'b', keyHint: 'sk-...bbbb', source: 'config' });
    expect(repository.removeConfigClientsNotIn([])).toBe(2);
    expect(repository.listClients()).toEqual([]);
  });
});
