import type { UsageEvent } from '../../src-shared/usage.js';
import { spendUnitsPerUsd, type UsageRepository } from '../store/usage-repository.js';
import { KeySpend, usdToSpendUnits } from './key-spend.js';

export interface UsageRecorderOptions {
  repository: Pick<UsageRepository, 'insertUsageEvents' | 'spendBuckets' | 'spendUnitsSince'>;
  /** How long an event may wait in memory before it is written. */
  flushIntervalMs?: number;
  /** A queue this long is written at once rather than at the next interval. */
  flushSize?: number;
  /** Told of every failed write; the events stay queued and are tried again. */
  onError?: (error: unknown) => void;
  /** The clock that decides which month's days are loaded by day; injected by tests. */
  now?: () => number;
}

export const defaultFlushIntervalMs = 250;
export const defaultFlushSize = 500;

/**
 * Records usage off the request's path: `record` only queues the event and adds its cost to the
 * in-memory spend, and the queue is written in one transaction per batch. A synchronous SQLite
 * insert (and its fsync) per request would put disk latency on every response.
 */
export class UsageRecorder {
  private readonly repository: UsageRecorderOptions['repository'];
  private readonly flushIntervalMs: number;
  private readonly flushSize: number;
  private readonly onError: (error: unknown) => void;
  private readonly spend: KeySpend;
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
    this.flushIntervalMs = options.flushIntervalMs ?? defaultFlushIntervalMs;
    this.flushSize = options.flushSize ?? defaultFlushSize;
    this.onError = options.onError ?? (() => {});
    this.spend = new KeySpend((options.now ?? Date.now)());
    // One pass over usage_events at start; from then on spend is kept up to date in memory.
    this.spend.load(options.repository.spendBuckets(this.spend.keptFromMs));
  }

  /** Events waiting to be written. */
  get pending(): number {
    return this.queue.length;
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
    if (event.costUsd !== null && event.provider !== null && event.keyId !== null) {
      this.spend.add(event.provider, event.keyId, event.time, event.costUsd);
    }
    if (this.queue.length >= this.flushSize && !this.failing) {
      // setImmediate, not an inline flush: the write still happens off the caller's path.
      this.immediate ??= setImmediate(() => {
        this.immediate = null;
        this.flush();
      }).unref();
    }
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
    let units = this.repository.spendUnitsSince(providerId, keyId, sinceMs);
    for (const event of this.queue) {
      if (event.costUsd !== null && event.provider === providerId && event.keyId === keyId && event.time >= sinceMs) {
        units += usdToSpendUnits(event.costUsd);
      }
    }
    return units / spendUnitsPerUsd;
  }

  /**
   * Writes the queue now. On failure the events stay queued, in order, `onError` is told, and the
   * timer tries again; nothing is dropped.
   */
  flush(): void {
    const error = this.writeQueue();
    if (error !== undefined) this.onError(error);
  }

  /**
   * Stops the timer and writes everything queued. Rejects, with the events still queued, when that
   * last write fails, so the caller can tell a clean stop from a lossy one.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimers();
    const error = this.writeQueue();
    if (error !== undefined) {
      this.onError(error);
      throw new Error(`could not write ${this.queue.length} usage events on close`, { cause: error });
    }
  }

  /** Returns what the write threw, or undefined when it succeeded or there was nothing to write. */
  private writeQueue(): unknown {
    if (this.queue.length === 0) return undefined;
    const batch = this.queue;
    this.queue = [];
    try {
      this.repository.insertUsageEvents(batch);
    } catch (error) {
      // The transaction rolled back, so the whole batch goes back ahead of anything newer.
      this.queue = batch.concat(this.queue);
      this.failing = true;
      this.failedFlushCount += 1;
      if (!this.closed) this.timer ??= this.startTimer();
      return error;
    }
    this.failing = false;
    this.writtenCount += batch.length;
    return undefined;
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
