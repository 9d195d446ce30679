import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createKeyBalancesRepository, type KeyBalancesRepository } from '../../../src-main/store/key-balances-repository.js';
import { migrations, runMigrations } from '../../../src-main/store/migrations.js';

const deepseekRow = {
  providerId: 'deepseek',
  keyId: 'ds-1',
  currency: 'CNY',
  amount: 110,
  amountUsd: 15.4929577465,
  fetchedAt: Date.UTC(2025, 10, 20, 12, 0, 0),
  rawJson: '{"is_available":true}',
};

describe('key balances repository', () => {
  let database: Database;
  let repository: KeyBalancesRepository;

  beforeEach(() => {
    database = openDatabase(':memory:');
    repository = createKeyBalancesRepository(database);
  });

  afterEach(() => {
    database.close();
  });

  it('keeps the last balance per key, with its time', () => {
    expect(repository.listBalances()).toEqual([]);
    repository.saveBalance(deepseekRow);
    repository.saveBalance({ ...deepseekRow, keyId: 'ds-2', amount: 1, amountUsd: 0.1408450704 });
    repository.saveBalance({ ...deepseekRow, amount: 100, amountUsd: 14.0845070423, fetchedAt: deepseekRow.fetchedAt + 900_000 });
    expect(repository.listBalances()).toEqual([
      { ...deepseekRow, amount: 100, amountUsd: 14.0845070423, fetchedAt: deepseekRow.fetchedAt + 900_000 },
      { ...deepseekRow, keyId: 'ds-2', amount: 1, amountUsd: 0.1408450704 },
    ]);
  });

  it('forgets a key whose vendor reports no limit any more', () => {
    repository.saveBalance(deepseekRow);
    repository.deleteBalance('deepseek', 'ds-1');
    repository.deleteBalance('deepseek', 'never-had-one');
    expect(repository.listBalances()).toEqual([]);
  });
});

describe('the key_balances migration', () => {
  it('adds the table to a database at the version before it, keeping what was there', () => {
    const database = new BetterSqlite3(':memory:');
    const index = migrations.findIndex((migration) => migration.name === 'vendor balances per key');
    expect(index).toBeGreaterThan(0);
    runMigrations(database, migrations.slice(0, index));
    database.prepare("INSERT INTO settings (name, value) VALUES ('kept', 'yes')").run();
    runMigrations(database, migrations);
    const columns = database.prepare<[], { name: string }>("SELECT name FROM pragma_table_info('key_balances')").all().map((row) => row.name);
    expect(columns).toEqual(['provider_id', 'key_id', 'currency', 'amount', 'amount_usd', 'fetched_at', 'raw_json']);
    expect(database.prepare<[], { value: string }>("SELECT value FROM settings WHERE name = 'kept'").get()?.value).toBe('yes');
    database.close();
  });
});
