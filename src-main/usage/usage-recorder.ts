import type { UsageEvent } from '../../src-shared/usage.js';
import { spendUnitsPerUsd, type UsageRepository, type WrittenBatch } from '../store/usage-repository.js';
import { createInThreadUsageWriter, type UsageWriter } from '../store/usage-writer.js';
import { KeySpend, usdToSpendUnits } from './key-spend.js';

export interface UsageRecorderOptions {
  repository: Pick<
    UsageRepository,
    'insertUsageEvents' | 'spendBuckets' | 'spendUnitsSince' | 'lastUsageEventId' | 'spendUnitsAndLastIdSince'
  >;
  /** Where batches go; by default `repository.insertUsageEvents` on this thread. */
  writer?: UsageWriter;
  /** How long an event may wait in memory before it is written. */
  flushIntervalMs?: number;
  /** A queue this long is written at once rather than at the next interval. */
  flushSize?: number;
  /** Told of every failed write; the events stay queued and are tried again. */
  onError?: (error: unknown) => void;
  /** The clock that decides which month's days are loaded by day; injected by tests. */
  now?: () => number;
  /**
   * Told of each batch once it is in SQLite, with the id of its first event (the others follow one
   * by one): the request log's live events and the logged bodies hang off those ids. Must not throw.
   */
  onWritten?: (events: readonly UsageEvent[], firstId: number) => void;
}

export const defaultFlushIntervalMs = 250;
export const defaultFlushSize = 500;

/** A batch handed to a writer on another thread and not yet confirmed. */
interface WriteInFlight {
  events: UsageEvent[];
  /** The newest event id before the batch: a read that sees a newer one saw the batch. */
  lastIdBefore: number;
  /** Settles, never rejects, with what the write threw or undefined. */
  done: Promise<unknown>;
}

/**
 * Records usage off the request's path: `record` only queues the event and adds its cost to the
 * in-memory spend, and the queue is written in one transaction per batch. A synchronous SQLite
 * insert (and its fsync) per request would put disk latency on every response; with a writer on
 * another thread (file databases), not even the batch's insert runs on the event loop.
 * One batch is written at a time, so events reach SQLite in the order they were recorded.
 */
export class UsageRecorder {
  private readonly repository: UsageRecorderOptions['repository'];
  private readonly writer: UsageWriter;
  private inFlight: WriteInFlight | null = null;
  private recordedCount = 0;
  private readonly flushIntervalMs: number;
  private readonly flushSize: number;
  private readonly onError: (error: unknown) => void;
  private readonly onWritten: UsageRecorderOptions['onWritten'];
  private spend: KeySpend;
  private readonly now: () => number;
  private queue: UsageEvent[] = [];
  private timer: NodeJS.Timeout | null = null;
  private immediate: NodeJS.Immediate | null = null;
  /** Set while writes fail, so a full queue does not retry on every record; the timer retries. */
  private failing = false;
  private closed = false;
  private writtenCount = 0;
  private failedFlushCount = 0;

  constructor(options: UsageRecorderOptions) {
    this.repository = options.repository;
    this.writer = options.writer ?? createInThreadUsageWriter(options.repository);
    this.flushIntervalMs = options.flushIntervalMs ?? defaultFlushIntervalMs;
    this.flushSize = options.flushSize ?? defaultFlushSize;
    this.onError = options.onError ?? (() => {});
    this.onWritten = options.onWritten;
    this.now = options.now ?? Date.now;
    this.spend = this.loadSpend();
  }

  /**
   * Reads spend from usage_events again, after the history was cleared ("reset statistics"), so
   * budgets agree with what a restart would find. Events not yet written still count.
   */
  reloadSpend(): void {
    const spend = this.loadSpend();
    for (const event of [...(this.inFlight?.events ?? []), ...this.queue]) {
      if (event.costUsd !== null && event.provider !== null && event.keyId !== null) spend.add(event.provider, event.keyId, event.time, event.costUsd);
    }
    this.spend = spend;
  }

  private loadSpend(): KeySpend {
    const spend = new KeySpend(this.now());
    // One pass over usage_events; from then on spend is kept up to date in memory.
    spend.load(this.repository.spendBuckets(spend.keptFromMs));
    return spend;
  }

  /** Events waiting to be written, the batch being written included. */
  get pending(): number {
    return this.queue.length + (this.inFlight?.events.length ?? 0);
  }

  /** Events written since this recorder started. */
  get written(): number {
    return this.writtenCount;
  }

  /** Writes that threw (and were retried). */
  get failedFlushes(): number {
    return this.failedFlushCount;
  }

  record(event: UsageEvent): void {
    if (this.closed) throw new Error('the usage recorder is closed; this event would be lost');
    this.queue.push(event);
    this.recordedCount += 1;
    if (event.costUsd !== null && event.provider !== null && event.keyId !== null) {
      this.spend.add(event.provider, event.keyId, event.time, event.costUsd);
    }
    if (this.queue.length >= this.flushSize && !this.failing) this.scheduleFullQueueWrite();
    this.timer ??= this.startTimer();
  }

  /**
   * Priced spend of a key, including events not yet written: over all time, or from `sinceMs` on,
   * a local day start in the current month (budgetPeriodStart's answer); answered from memory.
   */
  spentUsd(providerId: string, keyId: string, sinceMs?: number): number {
    return this.spend.spentUsd(providerId, keyId, sinceMs);
  }

  /**
   * Priced spend of a key from any moment on, to the millisecond: the stored events plus the queued
   * ones. Reads SQLite, so it is for the rare caller (a credit figure being set), not for routing.
   */
  spentSinceUsd(providerId: string, keyId: string, sinceMs: number): number {
    const unwritten = (events: readonly UsageEvent[]) => {
      let units = 0;
      for (const event of events) {
        if (event.costUsd !== null && event.provider === providerId && event.keyId === keyId && event.time >= sinceMs) {
          units += usdToSpendUnits(event.costUsd);
        }
      }
      return units;
    };
    let units: number;
    if (this.inFlight === null) {
      units = this.repository.spendUnitsSince(providerId, keyId, sinceMs);
    } else {
      // The writer thread may commit the batch before its answer reaches this thread: the newest id
      // in the same snapshot as the sum tells whether the sum already holds it.
      const read = this.repository.spendUnitsAndLastIdSince(providerId, keyId, sinceMs);
      units = read.units;
      if (read.lastId <= this.inFlight.lastIdBefore) units += unwritten(this.inFlight.events);
    }
    return (units + unwritten(this.queue)) / spendUnitsPerUsd;
  }

  /**
   * Starts writing the queue now (with the in-thread writer, writes it before returning). On failure
   * the events stay queued, in order, `onError` is told, and the timer tries again; nothing is dropped.
   */
  flush(): void {
    void this.writeQueue();
  }

  /**
   * Resolves once every event recorded before the call is in SQLite; rejects with the write's error
   * when a write fails (the events stay queued, and `onError` was told).
   */
  async flushed(): Promise<void> {
    const error = await this.drain();
    if (error !== undefined) throw error;
  }

  /**
   * Stops the timer and writes everything queued. Rejects, with the events still queued, when that
   * last write fails, so the caller can tell a clean stop from a lossy one.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimers();
    const error = await this.drain();
    if (error !== undefined) {
      throw new Error(`could not write ${this.pending} usage events on close`, { cause: error });
    }
    await this.writer.close();
  }

  /** Writes until everything recorded so far is written; returns the first write error, if any. */
  private async drain(): Promise<unknown> {
    const target = this.recordedCount;
    // Batches are written in order and a failed one goes back to the front, so counts suffice.
    while (this.writtenCount < target) {
      const error = await this.writeQueue();
      if (error !== undefined) return error;
    }
    return undefined;
  }

  /**
   * Writes the queue unless a batch is already being written, in which case it answers for that one.
   * Settles, never rejects, with what the write threw, or undefined.
   */
  private writeQueue(): Promise<unknown> {
    if (this.inFlight !== null) return this.inFlight.done;
    if (this.queue.length === 0) return Promise.resolve(undefined);
    const batch = this.queue;
    this.queue = [];
    const lastIdBefore = this.writer.inThread ? 0 : this.repository.lastUsageEventId();
    let written: WrittenBatch | Promise<WrittenBatch>;
    try {
      written = this.writer.write(batch);
    } catch (error) {
      this.writeFailed(batch, error);
      return Promise.resolve(error);
    }
    if (!(written instanceof Promise)) {
      this.writeSucceeded(batch, written);
      return Promise.resolve(undefined);
    }
    const done = written.then(
      (result) => {
        this.inFlight = null;
        this.writeSucceeded(batch, result);
        return undefined;
      },
      (error: unknown) => {
        this.inFlight = null;
        this.writeFailed(batch, error);
        return error;
      },
    );
    this.inFlight = { events: batch, lastIdBefore, done };
    return done;
  }

  private writeSucceeded(batch: readonly UsageEvent[], result: WrittenBatch): void {
    this.failing = false;
    this.writtenCount += batch.length;
    if (result !== undefined) this.onWritten?.(batch, result.firstId);
    // Events recorded while the batch was being written: their timer or full-queue write may have
    // found it under way and done nothing.
    if (this.queue.length > 0 && !this.closed) {
      this.timer ??= this.startTimer();
      if (this.queue.length >= this.flushSize) this.scheduleFullQueueWrite();
    }
  }

  private writeFailed(batch: UsageEvent[], error: unknown): void {
    // The transaction rolled back, so the whole batch goes back ahead of anything newer.
    this.queue = batch.concat(this.queue);
    this.failing = true;
    this.failedFlushCount += 1;
    if (!this.closed) this.timer ??= this.startTimer();
    this.onError(error);
  }

  private scheduleFullQueueWrite(): void {
    // setImmediate, not an inline flush: the write still happens off the caller's path.
    this.immediate ??= setImmediate(() => {
      this.immediate = null;
      this.flush();
    }).unref();
  }

  private startTimer(): NodeJS.Timeout {
    // unref: pending usage must not keep a process alive that is otherwise done; close() flushes it.
    return setTimeout(() => {
      this.timer = null;
      this.flush();
    }, this.flushIntervalMs).unref();
  }

  private clearTimers(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    if (this.immediate !== null) clearImmediate(this.immediate);
    this.timer = null;
    this.immediate = null;
  }
}
