import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usageEvent } from '../../support/usage-event.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createUsageRepository } from '../../../src-main/store/usage-repository.js';
import { createUsageWriter, createWorkerUsageWriter, type UsageWriter } from '../../../src-main/store/usage-writer.js';

describe('usage writer', () => {
  let directory: string;
  let database: Database;
  const writers: UsageWriter[] = [];

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-usage-writer-'));
    database = openDatabase(join(directory, 'switchyard.db'));
  });

  afterEach(async () => {
    for (const writer of writers.splice(0)) await writer.close();
    database.close();
    rmSync(directory, { recursive: true, force: true });
  });

  function rows(): unknown[] {
    return database.prepare('SELECT * FROM usage_events ORDER BY id').all();
  }

  it('writes on a worker thread the same rows the repository writes', async () => {
    const writer = createWorkerUsageWriter(database.name);
    writers.push(writer);
    expect(writer.inThread).toBe(false);
    await writer.write([usageEvent({ time: 1 }), usageEvent({ time: 2, stream: false, costUsd: null, error: 'upstream 500' })]);
    const fromWorker = rows();
    database.exec('DELETE FROM usage_events');
    createUsageRepository(database).insertUsageEvents([
      usageEvent({ time: 1 }),
      usageEvent({ time: 2, stream: false, costUsd: null, error: 'upstream 500' }),
    ]);
    const strip = (list: unknown[]) => list.map((row) => ({ ...(row as object), id: undefined }));
    expect(strip(fromWorker)).toEqual(strip(rows()));
    expect(fromWorker).toHaveLength(2);
  });

  it("rolls each batch up in the batch's own transaction, exactly as the repository does", async () => {
    const writer = createWorkerUsageWriter(database.name);
    writers.push(writer);
    const events = [usageEvent({ time: 1_000 }), usageEvent({ time: 2_000, costUsd: null }), usageEvent({ time: 3_700_000, provider: 'other' })];
    await writer.write(events.slice(0, 2));
    await writer.write(events.slice(2));
    const rollups = (from: Database) => ({
      named: from.prepare('SELECT * FROM usage_rollup ORDER BY dimension, bucket, name').all(),
      totals: from.prepare('SELECT * FROM usage_total_rollup ORDER BY bucket').all(),
      latency: from.prepare('SELECT * FROM usage_latency_rollup ORDER BY bucket, bin').all(),
    });
    const fromWorker = rollups(database);
    expect(fromWorker.totals.length).toBeGreaterThan(0);
    // The repository, in one batch, into an empty database: the same rollups.
    const other = openDatabase(':memory:');
    createUsageRepository(other).insertUsageEvents(events);
    expect(rollups(other)).toEqual(fromWorker);
    other.close();
  });

  it('writes batches in the order they are given', async () => {
    const writer = createWorkerUsageWriter(database.name);
    writers.push(writer);
    await Promise.all([writer.write([usageEvent({ time: 1 })]), writer.write([usageEvent({ time: 2 }), usageEvent({ time: 3 })])]);
    expect(database.prepare('SELECT time FROM usage_events ORDER BY id').all()).toEqual([{ time: 1 }, { time: 2 }, { time: 3 }]);
  });

  it("answers the id of each batch's first row, so the request log can name every row of it", async () => {
    const writer = createWorkerUsageWriter(database.name);
    writers.push(writer);
    const first = await writer.write([usageEvent({ time: 1 }), usageEvent({ time: 2 })]);
    const second = await writer.write([usageEvent({ time: 3 })]);
    const ids = database.prepare<[], { id: number; time: number }>('SELECT id, time FROM usage_events ORDER BY id').all();
    expect(first).toEqual({ firstId: ids[0]!.id });
    expect(ids[1]!.id).toBe(ids[0]!.id + 1);
    expect(second).toEqual({ firstId: ids[2]!.id });
  });

  it('rejects a batch the database refuses, and writes none of it', async () => {
    const writer = createWorkerUsageWriter(database.name);
    writers.push(writer);
    database.exec('CREATE TRIGGER refuse BEFORE INSERT ON usage_events WHEN NEW.time = 2 BEGIN SELECT RAISE(ABORT, \'refused\'); END');
    await expect(writer.write([usageEvent({ time: 1 }), usageEvent({ time: 2 })])).rejects.toThrow(/refused/);
    expect(rows()).toHaveLength(0);
    database.exec('DROP TRIGGER refuse');
    await writer.write([usageEvent({ time: 1 }), usageEvent({ time: 2 })]);
    expect(rows()).toHaveLength(2);
  });

  it('writes in the thread for an in-memory database, which no other connection can open', () => {
    const memory = openDatabase(':memory:');
    try {
      const writer = createUsageWriter(memory, createUsageRepository(memory));
      expect(writer.inThread).toBe(true);
      expect(writer.write([usageEvent()])).toEqual({ firstId: 1 });
      expect(memory.prepare('SELECT COUNT(*) AS count FROM usage_events').get()).toEqual({ count: 1 });
    } finally {
      memory.close();
    }
  });

  it('uses the worker for a database file', () => {
    const writer = createUsageWriter(database, createUsageRepository(database));
    writers.push(writer);
    expect(writer.inThread).toBe(false);
  });
});
