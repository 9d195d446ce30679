import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createNotificationsRepository } from '../../../src-main/store/notifications-repository.js';

describe('the notifications repository', () => {
  const opened: Database[] = [];
  const directories: string[] = [];
  afterEach(() => {
    for (const database of opened.splice(0)) if (database.open) database.close();
    for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
  });
  function open(file = ':memory:'): Database {
    const database = openDatabase(file);
    opened.push(database);
    return database;
  }

  it('counts a repeat of an unread notification of the same kind and subject instead of adding one', () => {
    const repository = createNotificationsRepository(open());
    const first = repository.raise({ kind: 'key-disabled', subject: 'openai/k1', values: { reason: '401' }, at: 1_000 });
    const repeat = repository.raise({ kind: 'key-disabled', subject: 'openai/k1', values: { reason: '403' }, at: 2_000 });
    expect(repeat).toMatchObject({ id: first.id, count: 2, at: new Date(2_000).toISOString(), values: { reason: '403' } });
    // Another subject, another kind, or a null subject twice.
    repository.raise({ kind: 'key-disabled', subject: 'openai/k2', values: {}, at: 3_000 });
    repository.raise({ kind: 'failover', subject: 'openai/k1', values: {}, at: 3_000 });
    repository.raise({ kind: 'prices-changed', subject: null, values: { changed: 1 }, at: 4_000 });
    repository.raise({ kind: 'prices-changed', subject: null, values: { changed: 2 }, at: 5_000 });
    expect(repository.list().map((notification) => [notification.kind, notification.subject, notification.count])).toEqual([
      ['prices-changed', null, 2],
      // Raised at the same moment: the later one first.
      ['failover', 'openai/k1', 1],
      ['key-disabled', 'openai/k2', 1],
      ['key-disabled', 'openai/k1', 2],
    ]);
  });

  it('starts a new entry once the earlier one was read', () => {
    const repository = createNotificationsRepository(open());
    const first = repository.raise({ kind: 'key-disabled', subject: 'openai/k1', values: {}, at: 1_000 });
    repository.markRead([first.id]);
    const again = repository.raise({ kind: 'key-disabled', subject: 'openai/k1', values: {}, at: 2_000 });
    expect(again.id).not.toBe(first.id);
    expect(again.count).toBe(1);
    expect(repository.list().map((notification) => notification.read)).toEqual([false, true]);
  });

  it('keeps only the newest entries', () => {
    const repository = createNotificationsRepository(open(), 3);
    for (let index = 0; index < 5; index++) repository.raise({ kind: 'failover', subject: `p${index}`, values: {}, at: index * 1_000 });
    expect(repository.list().map((notification) => notification.subject)).toEqual(['p4', 'p3', 'p2']);
  });

  it('keeps notifications and quota arms across a restart', () => {
    const directory = mkdtempSync(join(tmpdir(), 'switchyard-notifications-'));
    directories.push(directory);
    const file = join(directory, 'switchyard.db');
    const before = open(file);
    const repository = createNotificationsRepository(before);
    repository.raise({ kind: 'quota-warning', subject: 'openai/k1', values: { percent: 81 }, at: 1_000 });
    repository.setQuotaArm('openai/k1', 'warning', 'budget:10:monthly:0');
    before.close();
    const after = createNotificationsRepository(open(file));
    expect(after.list()).toEqual([
      { id: '1', kind: 'quota-warning', at: new Date(1_000).toISOString(), count: 1, subject: 'openai/k1', values: { percent: 81 }, read: false },
    ]);
    expect(after.quotaArm('openai/k1', 'warning')).toBe('budget:10:monthly:0');
    expect(after.quotaArm('openai/k1', 'critical')).toBeNull();
  });
});
