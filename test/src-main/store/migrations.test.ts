import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Database } from '../../../src-main/store/database.js';
import { migrations, readUserVersion, runMigrations, type Migration } from '../../../src-main/store/migrations.js';

function tableNames(database: Database): string[] {
  return database
    .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
    .all()
    .map((row) => row.name);
}

function columnNames(database: Database, table: string): string[] {
  return database
    .prepare<[], { name: string }>(`SELECT name FROM pragma_table_info('${table}')`)
    .all()
    .map((row) => row.name);
}

describe('runMigrations', () => {
  let database: Database;

  beforeEach(() => {
    database = new BetterSqlite3(':memory:');
  });

  afterEach(() => {
    database.close();
  });

  it('numbers migrations 1, 2, 3… with no gaps', () => {
    expect(migrations.map((migration) => migration.version)).toEqual(migrations.map((_, index) => index + 1));
  });

  it('applies pending migrations in order and records the version', () => {
    const order: number[] = [];
    const list: Migration[] = [
      { version: 1, name: 'one', up: () => order.push(1) },
      { version: 2, name: 'two', up: () => order.push(2) },
    ];
    expect(runMigrations(database, list)).toBe(2);
    expect(order).toEqual([1, 2]);
    expect(readUserVersion(database)).toBe(2);
  });

  it('runs only the migrations newer than the database', () => {
    const first = vi.fn();
    const second = vi.fn();
    runMigrations(database, [{ version: 1, name: 'one', up: first }]);
    runMigrations(database, [
      { version: 1, name: 'one', up: first },
      { version: 2, name: 'two', up: second },
    ]);
    expect(first).toHaveBeenCalledTimes(1);
    expect(second).toHaveBeenCalledTimes(1);
  });

  it('rolls a failing migration back and leaves the version at the last good one', () => {
    const list: Migration[] = [
      { version: 1, name: 'good', up: (target) => target.exec('CREATE TABLE kept (id INTEGER)') },
      {
        version: 2,
        name: 'bad',
        up: (target) => {
          target.exec('CREATE TABLE half_done (id INTEGER)');
          throw new Error('disk on fire');
        },
      },
    ];
    expect(() => runMigrations(database, list)).toThrow('disk on fire');
    expect(readUserVersion(database)).toBe(1);
    expect(tableNames(database)).toEqual(['kept']);
  });

  it('refuses a list whose versions are out of sequence', () => {
    expect(() => runMigrations(database, [{ version: 2, name: 'skipped one', up: () => {} }])).toThrow(
      /expected 1/,
    );
  });

  it('refuses a database newer than the list', () => {
    database.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => runMigrations(database, migrations)).toThrow(`schema version ${migrations.length + 1}`);
  });

  it('migration 1 creates the tables and columns the repositories use', () => {
    runMigrations(database, migrations.slice(0, 1));
    expect(columnNames(database, 'providers')).toEqual(['id', 'type', 'base_url', 'models_json', 'updated_at']);
    expect(columnNames(database, 'provider_keys')).toEqual([
      'provider_id',
      'key_id',
      'priority',
      'weight',
      'budget_usd',
      'credit_usd',
      'disabled',
      'disabled_reason',
      'secret_hint',
    ]);
    expect(columnNames(database, 'clients')).toEqual(['name', 'key_hash', 'key_hint', 'source', 'created_at']);
    expect(columnNames(database, 'model_aliases')).toEqual(['alias', 'target']);
    expect(columnNames(database, 'settings')).toEqual(['name', 'value']);
    expect(columnNames(database, 'usage_events')).toEqual([
      'id',
      'time',
      'client',
      'provider',
      'key_id',
      'model_requested',
      'model_used',
      'status',
      'latency_ms',
      'first_byte_ms',
      'input_tokens',
      'output_tokens',
      'cached_input_tokens',
      'cache_write_tokens',
      'reasoning_tokens',
      'cost_usd',
      'stream',
      'error',
      'endpoint',
      'final',
      'raw_usage',
    ]);
    const indexes = database
      .prepare<[], { name: string }>("SELECT name FROM pragma_index_list('usage_events') ORDER BY name")
      .all()
      .map((row) => row.name);
    expect(indexes).toEqual(['usage_events_provider_key', 'usage_events_time']);
  });

  it('migration 2 indexes spend by key and time, and keeps when config credit figures were set', () => {
    runMigrations(database, migrations.slice(0, 2));
    const indexes = database
      .prepare<[], { name: string }>("SELECT name FROM pragma_index_list('usage_events') ORDER BY name")
      .all()
      .map((row) => row.name);
    expect(indexes).toEqual(['usage_events_key_spend', 'usage_events_time']);
    const indexed = database
      .prepare<[], { name: string }>("SELECT name FROM pragma_index_info('usage_events_key_spend') ORDER BY seqno")
      .all()
      .map((row) => row.name);
    expect(indexed).toEqual(['provider', 'key_id', 'time', 'cost_usd']);
    expect(columnNames(database, 'config_credits')).toEqual(['provider_id', 'key_id', 'credit_usd', 'set_at']);
    // Startup's spend pass reads the index, not the table with its raw usage.
    const plan = database
      .prepare<[], { detail: string }>(
        'EXPLAIN QUERY PLAN SELECT provider, key_id, SUM(cost_usd) FROM usage_events WHERE provider IS NOT NULL AND key_id IS NOT NULL AND cost_usd IS NOT NULL AND time >= 0 GROUP BY provider, key_id',
      )
      .all()
      .map((row) => row.detail)
      .join('\n');
    expect(plan).toMatch(/COVERING INDEX usage_events_key_spend/);
  });

  it('refuses a client source other than config or generated', () => {
    runMigrations(database);
    expect(() =>
      database
        .prepare('INSERT INTO clients (name, key_hash, key_hint, source, created_at) VALUES (?, ?, ?, ?, ?)')
        .run('x', 'hash', 'sk-...abcd', 'imported', 0),
    ).toThrow(/CHECK constraint/);
  });
});
