import type { Database } from './database.js';

/** `config` clients come and go with the config file; `generated` ones were made in the UI. */
export type ClientSource = 'config' | 'generated';

export interface ClientInput {
  name: string;
  /** SHA-256 hex of the client key: the key itself is never stored. */
  keyHash: string;
  /** A masked form such as `sk-...abcd`, for the UI. */
  keyHint: string;
  source: ClientSource;
}

export interface ClientRecord extends ClientInput {
  createdAt: number;
}

interface ClientRow {
  name: string;
  key_hash: string;
  key_hint: string;
  source: ClientSource;
  created_at: number;
}

function toRecord(row: ClientRow): ClientRecord {
  return { name: row.name, keyHash: row.key_hash, keyHint: row.key_hint, source: row.source, createdAt: row.created_at };
}

export function createClientsRepository(database: Database, now: () => number = Date.now) {
  // created_at is kept on update: it says when the client first appeared, not when its key changed.
  const upsert = database.prepare(`
    INSERT INTO clients (name, key_hash, key_hint, source, created_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (name) DO UPDATE SET key_hash = excluded.key_hash, key_hint = excluded.key_hint, source = excluded.source`);
  const selectAll = database.prepare<[], ClientRow>('SELECT * FROM clients ORDER BY name');
  const selectByHash = database.prepare<[string], ClientRow>('SELECT * FROM clients WHERE key_hash = ? LIMIT 1');
  const selectConfigNames = database.prepare<[], { name: string }>("SELECT name FROM clients WHERE source = 'config'");
  const deleteByName = database.prepare('DELETE FROM clients WHERE name = ?');

  function upsertClient(client: ClientInput): void {
    upsert.run(client.name, client.keyHash, client.keyHint, client.source, now());
  }

  function listClients(): ClientRecord[] {
    return selectAll.all().map(toRecord);
  }

  function findByKeyHash(keyHash: string): ClientRecord | null {
    const row = selectByHash.get(keyHash);
    return row === undefined ? null : toRecord(row);
  }

  /** Drops config clients the config no longer lists; clients made in the UI stay. Returns how many went. */
  const removeConfigClientsNotIn = database.transaction((names: readonly string[]): number => {
    const keep = new Set(names);
    let removed = 0;
    for (const { name } of selectConfigNames.all()) {
      if (!keep.has(name)) removed += deleteByName.run(name).changes;
    }
    return removed;
  });

  const deleteGenerated = database.prepare("DELETE FROM clients WHERE name = ? AND source = 'generated'");

  return {
    /** Removes a client made in the window; config clients go with the file. True when one went. */
    deleteGeneratedClient: (name: string): boolean => deleteGenerated.run(name).changes > 0,
    upsertClient,
    listClients,
    findByKeyHash,
    removeConfigClientsNotIn: (names: readonly string[]): number => removeConfigClientsNotIn(names),
  };
}

export type ClientsRepository = ReturnType<typeof createClientsRepository>;
