import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { migrations, readUserVersion } from '../../../src-main/store/migrations.js';

describe('openDatabase', () => {
  let directory: string;
  const opened: Database[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-database-'));
  });

  afterEach(() => {
    for (const database of opened.splice(0)) if (database.open) database.close();
    vi.restoreAllMocks();
    rmSync(directory, { recursive: true, force: true });
  });

  function open(file: string): Database {
    const database = openDatabase(file);
    opened.push(database);
    return database;
  }

  it('sets WAL, synchronous NORMAL, foreign keys and a busy timeout on a file database', () => {
    const database = open(join(directory, 'switchyard.db'));
    expect(database.pragma('journal_mode', { simple: true })).toBe('wal');
    // 1 is NORMAL.
    expect(database.pragma('synchronous', { simple: true })).toBe(1);
    expect(database.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(database.pragma('busy_timeout', { simple: true })).toBeGreaterThan(0);
  });

  it('brings a new database to the latest schema version', () => {
    const database = open(':memory:');
    expect(readUserVersion(database)).toBe(migrations.length);
    const tables = database
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .all()
      .map((row) => row.name);
    expect(tables).toEqual(['clients', 'config_credits', 'key_balances', 'model_aliases', 'notifications', 'provider_keys', 'providers', 'quota_alerts', 'request_bodies', 'settings', 'usage_events', 'usage_latency_rollup', 'usage_rollup', 'usage_total_rollup']);
  });

  it('runs migrations once and keeps data across a reopen', () => {
    const file = join(directory, 'switchyard.db');
    const up = vi.spyOn(migrations[0]!, 'up');

    const first = open(file);
    first.prepare('INSERT INTO settings (name, value) VALUES (?, ?)').run('theme', 'dark');
    first.close();
    expect(up).toHaveBeenCalledTimes(1);

    const second = open(file);
    expect(up).toHaveBeenCalledTimes(1);
    expect(readUserVersion(second)).toBe(migrations.length);
    expect(second.prepare('SELECT value FROM settings WHERE name = ?').get('theme')).toEqual({ value: 'dark' });
  });

  it('refuses a database written by a newer schema, and closes it', () => {
    const file = join(directory, 'newer.db');
    const database = open(file);
    database.pragma(`user_version = ${migrations.length + 1}`);
    database.close();
    expect(() => open(file)).toThrow(/newer than this Switchyard knows/);
  });
});
