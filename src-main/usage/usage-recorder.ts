import type { UsageEvent } from '../../src-shared/usage.js';
import { spendKey, type UsageRepository } from '../store/usage-repository.js';

export interface UsageRecorderOptions {
  repository: Pick<UsageRepository, 'insertUsageEvents' | 'spendByKey'>;
  /** How long an event may wait in memory before it is written. */
  flushIntervalMs?: number;
  /** A queue this long is written at once rather than at the next interval. */
  flushSize?: number;
  /** Told of every failed write; the events stay queued and are tried again. */
  onError?: (error: unknown) => void;
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
  private readonly spent: Map<string, number>;
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
    this.spent = options.repository.spendByKey();
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
      const key = spendKey(event.provider, event.keyId);
      this.spent.set(key, (this.spent.get(key) ?? 0) + event.costUsd);
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

  /** Priced spend of a key over all time, including events not yet written. */
  spentUsd(providerId: string, keyId: string): number {
    return this.spent.get(spendKey(providerId, keyId)) ?? 0;
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
