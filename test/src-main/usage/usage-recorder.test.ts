import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UsageEvent } from '../../../src-shared/usage.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createUsageRepository, type UsageRepository } from '../../../src-main/store/usage-repository.js';
import type { UsageWriter } from '../../../src-main/store/usage-writer.js';
import { UsageRecorder } from '../../../src-main/usage/usage-recorder.js';

function usageEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    time: 1_000,
    client: 'my-editor',
    provider: 'openai-main',
    keyId: 'oa-1',
    modelRequested: 'gpt-4o',
    modelUsed: 'gpt-4o',
    status: 200,
    latencyMs: 300,
    firstByteMs: 120,
    usage: { inputTokens: 10, outputTokens: 5, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    costUsd: 0.25,
    stream: false,
    error: null,
    endpoint: 'chat',
    final: true,
    rawUsage: null,
    ...overrides,
  };
}

describe('UsageRecorder', () => {
  let database: Database;
  let repository: UsageRepository;
  const recorders: UsageRecorder[] = [];

  function rowCount(): number {
    return database.prepare<[], { count: number }>('SELECT COUNT(*) AS count FROM usage_events').get()!.count;
  }

  function recorder(options: Partial<ConstructorParameters<typeof UsageRecorder>[0]> = {}): UsageRecorder {
    const created = new UsageRecorder({ repository, ...options });
    recorders.push(created);
    return created;
  }

  beforeEach(() => {
    database = openDatabase(':memory:');
    repository = createUsageRepository(database);
  });

  afterEach(async () => {
    for (const created of recorders.splice(0)) await created.close().catch(() => {});
    vi.useRealTimers();
    database.close();
  });

  describe('batching', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });

    it('writes nothing on record, only on flush', () => {
      const usage = recorder();
      usage.record(usageEvent());
      usage.record(usageEvent());
      expect(rowCount()).toBe(0);
      expect(usage.pending).toBe(2);

      usage.flush();
      expect(rowCount()).toBe(2);
      expect(usage.pending).toBe(0);
      expect(usage.written).toBe(2);
    });

    it('tells onWritten of each written batch with the id SQLite gave its first event', () => {
      const written: { times: number[]; firstId: number }[] = [];
      const usage = recorder({ onWritten: (events, firstId) => written.push({ times: events.map((event) => event.time), firstId }) });
      usage.record(usageEvent({ time: 1 }));
      usage.record(usageEvent({ time: 2 }));
      expect(written).toEqual([]);
      usage.flush();
      usage.record(usageEvent({ time: 3 }));
      usage.flush();
      const ids = database.prepare<[], { id: number; time: number }>('SELECT id, time FROM usage_events ORDER BY id').all();
      expect(written).toEqual([
        { times: [1, 2], firstId: ids[0]!.id },
        { times: [3], firstId: ids[2]!.id },
      ]);
    });

    it('writes the queue when the interval has passed', () => {
      const usage = recorder();
      usage.record(usageEvent());
      vi.advanceTimersByTime(249);
      expect(rowCount()).toBe(0);
      vi.advanceTimersByTime(1);
      expect(rowCount()).toBe(1);
    });

    it('takes its interval from the options', () => {
      const usage = recorder({ flushIntervalMs: 10_000 });
      usage.record(usageEvent());
      vi.advanceTimersByTime(9_999);
      expect(rowCount()).toBe(0);
      vi.advanceTimersByTime(1);
      expect(rowCount()).toBe(1);
    });

    it('writes in one batch per interval, not one per event', () => {
      const insert = vi.spyOn(repository, 'insertUsageEvents');
      const usage = recorder();
      for (let index = 0; index < 10; index += 1) usage.record(usageEvent());
      vi.advanceTimersByTime(250);
      expect(insert).toHaveBeenCalledTimes(1);
      expect(insert.mock.calls[0]![0]).toHaveLength(10);
    });

    it('writes a full queue right after the caller returns, without waiting for the interval', () => {
      const usage = recorder({ flushSize: 3, flushIntervalMs: 60_000 });
      usage.record(usageEvent());
      usage.record(usageEvent());
      usage.record(usageEvent());
      // Still not on the caller's path.
      expect(rowCount()).toBe(0);
      vi.advanceTimersByTime(0);
      expect(rowCount()).toBe(3);
    });

    it('does not write an empty queue', () => {
      const insert = vi.spyOn(repository, 'insertUsageEvents');
      const usage = recorder();
      usage.flush();
      vi.advanceTimersByTime(1_000);
      expect(insert).not.toHaveBeenCalled();
    });
  });

  describe('spend', () => {
    it('starts from the spend already in the database', () => {
      repository.insertUsageEvents([usageEvent({ costUsd: 1 }), usageEvent({ keyId: 'oa-2', costUsd: 3 })]);
      const usage = recorder();
      expect(usage.spentUsd('openai-main', 'oa-1')).toBe(1);
      expect(usage.spentUsd('openai-main', 'oa-2')).toBe(3);
      expect(usage.spentUsd('claude', 'an-1')).toBe(0);
    });

    it('adds a recorded cost the moment it is recorded, before any write', () => {
      repository.insertUsageEvents([usageEvent({ costUsd: 1 })]);
      const usage = recorder();
      usage.record(usageEvent({ costUsd: 0.25 }));
      expect(rowCount()).toBe(1);
      expect(usage.spentUsd('openai-main', 'oa-1')).toBe(1.25);
      usage.record(usageEvent({ costUsd: 0.5, final: false, status: 503 }));
      expect(usage.spentUsd('openai-main', 'oa-1')).toBe(1.75);
    });

    it('adds nothing for an unpriced event or one without a key', () => {
      const usage = recorder();
      usage.record(usageEvent({ costUsd: null }));
      usage.record(usageEvent({ keyId: null, costUsd: 5 }));
      expect(usage.spentUsd('openai-main', 'oa-1')).toBe(0);
      expect(usage.pending).toBe(2);
    });

    it('agrees with the database once written', async () => {
      const usage = recorder();
      usage.record(usageEvent({ costUsd: 0.125 }));
      usage.record(usageEvent({ costUsd: 0.375 }));
      await usage.close();
      expect(repository.spendByKey().get('openai-main/oa-1')).toBe(usage.spentUsd('openai-main', 'oa-1'));
    });
  });

  describe('close', () => {
    it('writes everything queued and stops the timer', async () => {
      vi.useFakeTimers();
      const usage = recorder();
      usage.record(usageEvent());
      usage.record(usageEvent());
      expect(vi.getTimerCount()).toBeGreaterThan(0);
      await usage.close();
      expect(rowCount()).toBe(2);
      expect(usage.pending).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    });

    it('refuses events after close rather than losing them', async () => {
      const usage = recorder();
      await usage.close();
      expect(() => usage.record(usageEvent())).toThrow(/closed/);
    });

    it('writes exactly 100k events recorded in one burst', async () => {
      const usage = recorder();
      for (let index = 0; index < 100_000; index += 1) usage.record(usageEvent({ time: index }));
      await usage.close();
      expect(rowCount()).toBe(100_000);
      expect(usage.written).toBe(100_000);
      expect(usage.pending).toBe(0);
      expect(
        database.prepare('SELECT MIN(time) AS first, MAX(time) AS last, COUNT(DISTINCT time) AS distinct_times FROM usage_events').get(),
      ).toEqual({ first: 0, last: 99_999, distinct_times: 100_000 });
    });

    it('does not keep the process alive for its timer', () => {
      const refedTimeouts = () => process.getActiveResourcesInfo().filter((type) => type === 'Timeout').length;
      const before = refedTimeouts();
      const usage = recorder({ flushIntervalMs: 60_000 });
      usage.record(usageEvent());
      expect(usage.pending).toBe(1);
      expect(refedTimeouts()).toBe(before);
    });
  });

  describe('failed writes', () => {
    beforeEach(() => {
      vi.useFakeTimers();
    });

    it('keeps the events when the database refuses writes, reports it, and retries on the next tick', () => {
      const errors: unknown[] = [];
      const usage = recorder({ onError: (error) => errors.push(error) });
      usage.record(usageEvent({ time: 1 }));
      usage.record(usageEvent({ time: 2 }));

      // A read-only connection fails writes the way a full or read-only disk does.
      database.pragma('query_only = ON');
      vi.advanceTimersByTime(250);
      expect(errors).toHaveLength(1);
      expect(String(errors[0])).toMatch(/readonly|read-only/i);
      expect(usage.pending).toBe(2);
      expect(usage.failedFlushes).toBe(1);
      expect(rowCount()).toBe(0);

      database.pragma('query_only = OFF');
      usage.record(usageEvent({ time: 3 }));
      vi.advanceTimersByTime(250);
      expect(usage.pending).toBe(0);
      expect(usage.written).toBe(3);
      // Order kept: the batch that failed goes first.
      expect(database.prepare('SELECT time FROM usage_events ORDER BY id').all()).toEqual([
        { time: 1 },
        { time: 2 },
        { time: 3 },
      ]);
    });

    it('retries on the timer even when nothing new is recorded', () => {
      let failures = 1;
      const insertUsageEvents: UsageRepository['insertUsageEvents'] = (events) => {
        if (failures > 0) {
          failures -= 1;
          throw new Error('SQLITE_FULL: database or disk is full');
        }
        repository.insertUsageEvents(events);
      };
      const onError = vi.fn();
      const usage = recorder({ repository: { ...repository, insertUsageEvents }, onError });
      usage.record(usageEvent());
      vi.advanceTimersByTime(250);
      expect(onError).toHaveBeenCalledWith(new Error('SQLITE_FULL: database or disk is full'));
      expect(rowCount()).toBe(0);
      vi.advanceTimersByTime(250);
      expect(rowCount()).toBe(1);
      expect(usage.pending).toBe(0);
    });

    it('does not retry on every record while writes fail: the timer paces the retries', () => {
      const insertUsageEvents = vi.fn<UsageRepository['insertUsageEvents']>(() => {
        throw new Error('disk full');
      });
      const usage = recorder({
        repository: { ...repository, insertUsageEvents },
        flushSize: 2,
        onError: () => {},
      });
      usage.record(usageEvent());
      usage.record(usageEvent());
      vi.advanceTimersByTime(0);
      expect(insertUsageEvents).toHaveBeenCalledTimes(1);
      for (let index = 0; index < 10; index += 1) usage.record(usageEvent());
      vi.advanceTimersByTime(0);
      expect(insertUsageEvents).toHaveBeenCalledTimes(1);
      vi.advanceTimersByTime(250);
      expect(insertUsageEvents).toHaveBeenCalledTimes(2);
      expect(usage.pending).toBe(12);
    });

    it('rejects close when the last write fails, with the events still queued', async () => {
      const onError = vi.fn();
      const usage = recorder({ onError });
      usage.record(usageEvent());
      database.pragma('query_only = ON');
      await expect(usage.close()).rejects.toThrow(/could not write 1 usage events/);
      expect(onError).toHaveBeenCalledTimes(1);
      expect(usage.pending).toBe(1);
      // Nothing lost: once the disk is back, a flush writes it.
      database.pragma('query_only = OFF');
      usage.flush();
      expect(rowCount()).toBe(1);
    });
  });

  describe('spend by period', () => {
    // UTC+5:45: local midnight falls at a quarter past the UTC hour, between whole-hour buckets.
    let savedZone: string | undefined;
    beforeEach(() => {
      savedZone = process.env.TZ;
      process.env.TZ = 'Asia/Kathmandu';
    });
    afterEach(() => {
      if (savedZone === undefined) delete process.env.TZ;
      else process.env.TZ = savedZone;
    });

    const midnight = Date.parse('2025-06-14T18:15:00Z'); // 2025-06-15 00:00 in Kathmandu
    const monthStart = Date.parse('2025-05-31T18:15:00Z');
    const now = () => midnight + 3_600_000;

    it('loads today’s, this month’s and older spend from the database in one pass, split at local midnight', () => {
      repository.insertUsageEvents([
        usageEvent({ time: Date.parse('2025-04-20T12:00:00Z'), costUsd: 8 }),
        usageEvent({ time: monthStart - 1, costUsd: 4 }),
        usageEvent({ time: monthStart, costUsd: 2 }),
        usageEvent({ time: midnight - 1, costUsd: 1 }),
        usageEvent({ time: midnight, costUsd: 0.5 }),
        usageEvent({ time: midnight + 60_000, costUsd: 0.25, final: false, status: 503 }),
        usageEvent({ time: midnight, costUsd: null }),
      ]);
      const usage = recorder({ now });
      expect(usage.spentUsd('openai-main', 'oa-1')).toBe(15.75);
      expect(usage.spentUsd('openai-main', 'oa-1', monthStart)).toBe(3.75);
      expect(usage.spentUsd('openai-main', 'oa-1', midnight)).toBe(0.75);
    });

    it('adds a recorded cost to its day the moment it is recorded', () => {
      repository.insertUsageEvents([usageEvent({ time: midnight - 1, costUsd: 1 })]);
      const usage = recorder({ now });
      usage.record(usageEvent({ time: midnight + 10, costUsd: 0.125 }));
      expect(usage.spentUsd('openai-main', 'oa-1', midnight)).toBe(0.125);
      expect(usage.spentUsd('openai-main', 'oa-1', monthStart)).toBe(1.125);
    });

    it('answers spend since any moment from the database and the queue together', () => {
      repository.insertUsageEvents([usageEvent({ time: midnight + 100, costUsd: 1 }), usageEvent({ time: midnight + 300, costUsd: 2 })]);
      const usage = recorder({ now });
      usage.record(usageEvent({ time: midnight + 400, costUsd: 0.5 }));
      usage.record(usageEvent({ time: midnight + 50, costUsd: 0.25 }));
      expect(usage.pending).toBe(2);
      expect(usage.spentSinceUsd('openai-main', 'oa-1', midnight + 200)).toBe(2.5);
      expect(usage.spentSinceUsd('openai-main', 'oa-1', midnight)).toBe(3.75);
      expect(usage.spentSinceUsd('openai-main', 'oa-2', midnight)).toBe(0);
    });
  });
  describe('with a writer on another thread', () => {
    /**
     * Stands in for the worker: `commit` writes a batch the way the worker's connection does (visible
     * to reads at once), `confirm` delivers the answer later, as the worker's message does.
     */
    function asyncWriter() {
      const batches: { events: readonly UsageEvent[]; resolve: () => void; reject: (error: Error) => void }[] = [];
      const writer: UsageWriter = {
        inThread: false,
        write: (events) => new Promise<void>((resolve, reject) => batches.push({ events, resolve, reject })),
        close: vi.fn(async () => {}),
      };
      return {
        writer,
        batches,
        commit: (index = 0) => repository.insertUsageEvents(batches[index]!.events),
        confirm: async (index = 0) => {
          batches[index]!.resolve();
          await Promise.resolve();
        },
      };
    }

    it('writes one batch at a time and the rest once the first is confirmed', async () => {
      const { writer, batches, commit, confirm } = asyncWriter();
      const usage = recorder({ writer, flushIntervalMs: 60_000 });
      usage.record(usageEvent({ time: 1 }));
      usage.flush();
      usage.record(usageEvent({ time: 2 }));
      usage.flush();
      expect(batches).toHaveLength(1);
      expect(usage.pending).toBe(2);

      const flushed = usage.flushed();
      commit(0);
      await confirm(0);
      await vi.waitFor(() => expect(batches).toHaveLength(2));
      expect(batches[1]!.events.map((event) => event.time)).toEqual([2]);
      commit(1);
      await confirm(1);
      await flushed;
      expect(rowCount()).toBe(2);
      expect(usage.pending).toBe(0);
      expect(usage.written).toBe(2);
    });

    it('counts a batch being written once in spend since a moment, committed or not', async () => {
      const written = asyncWriter();
      const { writer, commit, confirm } = written;
      const usage = recorder({ writer });
      usage.record(usageEvent({ time: 10, costUsd: 1 }));
      usage.flush();
      usage.record(usageEvent({ time: 20, costUsd: 2 }));
      expect(usage.spentSinceUsd('openai-main', 'oa-1', 0)).toBe(3);
      // Committed by the writer's connection, its answer not yet here.
      commit();
      expect(usage.spentSinceUsd('openai-main', 'oa-1', 0)).toBe(3);
      await confirm();
      expect(usage.spentSinceUsd('openai-main', 'oa-1', 0)).toBe(3);
      const closed = usage.close();
      await vi.waitFor(() => expect(written.batches).toHaveLength(2));
      await written.confirm(1);
      await closed;
    });

    it('keeps a failed batch, in order, reports it and rejects flushed', async () => {
      const { writer, batches } = asyncWriter();
      const errors: unknown[] = [];
      const usage = recorder({ writer, flushIntervalMs: 60_000, onError: (error) => errors.push(error) });
      usage.record(usageEvent({ time: 1 }));
      const flushed = usage.flushed();
      usage.record(usageEvent({ time: 2 }));
      batches[0]!.reject(new Error('SQLITE_BUSY: database is locked'));
      await expect(flushed).rejects.toThrow(/SQLITE_BUSY/);
      expect(errors).toHaveLength(1);
      expect(usage.pending).toBe(2);
      expect(usage.failedFlushes).toBe(1);

      const again = usage.flushed();
      expect(batches[1]!.events.map((event) => event.time)).toEqual([1, 2]);
      repository.insertUsageEvents(batches[1]!.events);
      batches[1]!.resolve();
      await again;
      expect(usage.written).toBe(2);
    });

    it('writes everything on close, then closes the writer', async () => {
      const { writer, batches } = asyncWriter();
      const usage = recorder({ writer, flushIntervalMs: 60_000 });
      usage.record(usageEvent());
      usage.record(usageEvent());
      const closed = usage.close();
      await vi.waitFor(() => expect(batches).toHaveLength(1));
      expect(writer.close).not.toHaveBeenCalled();
      repository.insertUsageEvents(batches[0]!.events);
      batches[0]!.resolve();
      await closed;
      expect(rowCount()).toBe(2);
      expect(writer.close).toHaveBeenCalledTimes(1);
    });
  });
});
