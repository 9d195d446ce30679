// The connection's type straight from the driver: database.ts runs these migrations, so importing
// its alias back would make a cycle.
import type { Database } from 'better-sqlite3';
import { usageRollupMigrationSql } from './usage-rollup-schema.js';

export interface Migration {
  /** 1, 2, 3…: the value `PRAGMA user_version` holds once this migration has run. */
  version: number;
  name: string;
  up: (database: Database) => void;
}

/**
 * Append only: a migration that has shipped is never edited, because databases out there already
 * ran it. Change the schema with a new one.
 */
export const migrations: readonly Migration[] = [
  {
    version: 1,
    name: 'initial schema',
    up: (database) => {
      database.exec(`
        CREATE TABLE providers (
          id TEXT PRIMARY KEY,
          type TEXT NOT NULL,
          base_url TEXT NOT NULL,
          models_json TEXT,
          updated_at INTEGER NOT NULL
        );

        -- Key metadata only: secrets live in the OS keychain or the vault, never here.
        CREATE TABLE provider_keys (
          provider_id TEXT NOT NULL REFERENCES providers(id) ON DELETE CASCADE,
          key_id TEXT NOT NULL,
          priority INTEGER,
          weight REAL,
          budget_usd REAL,
          credit_usd REAL,
          disabled INTEGER NOT NULL DEFAULT 0,
          disabled_reason TEXT,
          secret_hint TEXT NOT NULL,
          PRIMARY KEY (provider_id, key_id)
        );

        -- The client key itself is never stored: requests are matched by the hash of their key.
        CREATE TABLE clients (
          name TEXT PRIMARY KEY,
          key_hash TEXT NOT NULL,
          key_hint TEXT NOT NULL,
          source TEXT NOT NULL CHECK (source IN ('config', 'generated')),
          created_at INTEGER NOT NULL
        );
        CREATE INDEX clients_key_hash ON clients (key_hash);

        CREATE TABLE model_aliases (
          alias TEXT PRIMARY KEY,
          target TEXT NOT NULL
        );

        CREATE TABLE settings (
          name TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );

        CREATE TABLE usage_events (
          id INTEGER PRIMARY KEY,
          time INTEGER NOT NULL,
          client TEXT,
          provider TEXT,
          key_id TEXT,
          model_requested TEXT,
          model_used TEXT,
          status INTEGER NOT NULL,
          latency_ms REAL NOT NULL,
          first_byte_ms REAL,
          input_tokens INTEGER NOT NULL DEFAULT 0,
          output_tokens INTEGER NOT NULL DEFAULT 0,
          cached_input_tokens INTEGER NOT NULL DEFAULT 0,
          cache_write_tokens INTEGER NOT NULL DEFAULT 0,
          reasoning_tokens INTEGER NOT NULL DEFAULT 0,
          -- NULL means the model has no known price, which the UI must show as such, not as $0.
          cost_usd REAL,
          stream INTEGER NOT NULL,
          error TEXT,
          endpoint TEXT NOT NULL,
          final INTEGER NOT NULL DEFAULT 1,
          raw_usage TEXT
        );
        CREATE INDEX usage_events_time ON usage_events (time);
        CREATE INDEX usage_events_provider_key ON usage_events (provider, key_id);
      `);
    },
  },
  {
    version: 2,
    name: 'spend by key and time, config credit times',
    up: (database) => {
      database.exec(`
        -- Spend per key by time (at start, and a key's spend since a credit figure's time) is read
        -- from this index alone, never from the rows with their raw usage. It starts with
        -- (provider, key_id), so it serves everything the index it replaces did.
        CREATE INDEX usage_events_key_spend ON usage_events (provider, key_id, time, cost_usd);
        DROP INDEX usage_events_provider_key;

        -- When the config first said a key's creditUsd figure: spend before then is already out of
        -- it, so a reload or restart with the same figure subtracts nothing twice.
        CREATE TABLE config_credits (
          provider_id TEXT NOT NULL,
          key_id TEXT NOT NULL,
          credit_usd REAL NOT NULL,
          set_at INTEGER NOT NULL,
          PRIMARY KEY (provider_id, key_id)
        );
      `);
    },
  },
  {
    version: 3,
    name: 'vendor balances per key',
    up: (database) => {
      database.exec(`
        -- The last balance a vendor's API reported for a key, and when. raw_json keeps only the
        -- documented balance fields of the answer: never the key, never account details.
        CREATE TABLE key_balances (
          provider_id TEXT NOT NULL,
          key_id TEXT NOT NULL,
          currency TEXT NOT NULL,
          amount REAL NOT NULL,
          amount_usd REAL NOT NULL,
          fetched_at INTEGER NOT NULL,
          raw_json TEXT NOT NULL,
          PRIMARY KEY (provider_id, key_id)
        );
      `);
    },
  },
  {
    version: 4,
    name: 'dashboard rollups of usage',
    up: (database) => {
      database.exec(usageRollupMigrationSql());
    },
  },
  {
    version: 5,
    name: 'request log: bodies and filter indexes',
    up: (database) => {
      database.exec(`
        -- Kept only while the user has body logging on, redacted of every secret before they get here,
        -- and pruned after bodyRetentionDays. One row per logged request, keyed by its usage row.
        CREATE TABLE request_bodies (
          usage_id INTEGER PRIMARY KEY,
          time INTEGER NOT NULL,
          request_body TEXT,
          response_body TEXT,
          request_truncated INTEGER NOT NULL DEFAULT 0,
          response_truncated INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX request_bodies_time ON request_bodies (time);

        -- The request log pages newest first by id within one filter: an index on the filtered column
        -- (and final, which every log query names) holds its rows in rowid order, so a page is a short
        -- walk back from the cursor, and the page's total is counted from the index alone.
        CREATE INDEX usage_events_client ON usage_events (client, final);
        CREATE INDEX usage_events_provider ON usage_events (provider, final);
        CREATE INDEX usage_events_model_requested ON usage_events (model_requested, final);
        CREATE INDEX usage_events_model_used ON usage_events (model_used, final);
      `);
    },
  },
  {
    version: 6,
    name: 'notifications and quota alerts',
    up: (database) => {
      database.exec(`
        -- What the window's bell and the tray show. One row per kind and subject while unread: a
        -- repeat raises count and moves at instead of adding a row.
        CREATE TABLE notifications (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL,
          subject TEXT,
          at INTEGER NOT NULL,
          count INTEGER NOT NULL DEFAULT 1,
          values_json TEXT NOT NULL,
          read INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX notifications_unread ON notifications (kind, subject, read);
        CREATE INDEX notifications_at ON notifications (at);

        -- The quota thresholds a key has crossed, with the budget period or credit figure they were
        -- crossed in: a restart must not raise them again, a new period or figure must.
        CREATE TABLE quota_alerts (
          subject TEXT NOT NULL,
          level TEXT NOT NULL,
          armed_for TEXT NOT NULL,
          PRIMARY KEY (subject, level)
        );
      `);
    },
  },
];

/**
 * Runs every migration newer than the database's `user_version`, each in its own transaction with
 * the version bump, so a migration that fails leaves the database at the previous version.
 * Returns the version the database is at afterwards.
 */
export function runMigrations(database: Database, list: readonly Migration[] = migrations): number {
  list.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration "${migration.name}" has version ${migration.version}, expected ${index + 1}`);
    }
  });
  const latest = list.length;
  const current = readUserVersion(database);
  if (current > latest) {
    // Opening a newer app's database with an older app would silently misread it.
    throw new Error(`the database is at schema version ${current}, newer than this Switchyard knows (${latest})`);
  }
  for (const migration of list.slice(current)) {
    database.transaction(() => {
      migration.up(database);
      database.pragma(`user_version = ${migration.version}`);
    })();
  }
  return readUserVersion(database);
}

export function readUserVersion(database: Database): number {
  return database.pragma('user_version', { simple: true }) as number;
}
