import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { UsageEvent } from '../../src-shared/usage.js';
import type { Database } from './database.js';
import { insertUsageEventSql, usageEventRow, type UsageRepository, type WrittenBatch } from './usage-repository.js';
import { rollupBatchStatements } from './usage-rollup-schema.js';

/** Writes batches of usage events, each in one transaction: all of a batch or none of it. */
export interface UsageWriter {
  /**
   * True when `write` does its work before returning (undefined, or a throw); false when it returns a
   * promise that settles once the batch is committed on another connection.
   */
  readonly inThread: boolean;
  write(events: readonly UsageEvent[]): WrittenBatch | Promise<WrittenBatch>;
  /** Waits for nothing queued (the recorder has drained it); releases the writer's connection. */
  close(): Promise<void>;
}

/** Same-thread writes through the gateway's own connection; the only choice for `':memory:'`. */
export function createInThreadUsageWriter(repository: Pick<UsageRepository, 'insertUsageEvents'>): UsageWriter {
  return {
    inThread: true,
    write: (events) => repository.insertUsageEvents(events),
    close: async () => {},
  };
}

/** How long the writer's connection waits for the gateway's write lock before failing with SQLITE_BUSY. */
const writerBusyTimeoutMs = 5_000;

/**
 * The writer thread's code. A string run with `eval`, not a module file: the gateway runs from
 * TypeScript sources under tsx and vitest and from a bundle in the app, and a worker entry file would
 * need a loader or a separate build entry in each. It knows only SQL and rows, not UsageEvent.
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const BetterSqlite3 = require(workerData.driverPath);
const database = new BetterSqlite3(workerData.file);
database.pragma('synchronous = NORMAL');
database.pragma('busy_timeout = ' + workerData.busyTimeoutMs);
const insert = database.prepare(workerData.insertSql);
const rollUp = workerData.rollupSql.map((sql) => database.prepare(sql));
const insertAll = database.transaction((rows) => {
  let firstId = null;
  let lastId = 0;
  for (const row of rows) {
    lastId = Number(insert.run(row).lastInsertRowid);
    if (firstId === null) firstId = lastId;
  }
  if (firstId !== null) for (const statement of rollUp) statement.run({ first: firstId, last: lastId });
  return firstId;
});
parentPort.on('message', (message) => {
  if (message.type === 'close') {
    database.close();
    parentPort.close();
    return;
  }
  try {
    const firstId = insertAll(message.rows);
    parentPort.postMessage({ id: message.id, firstId });
  } catch (error) {
    parentPort.postMessage({ id: message.id, error: { message: String(error && error.message), code: error && error.code } });
  }
});
`;

interface WriteReply {
  id: number;
  firstId?: number | null;
  error?: { message: string; code?: string };
}

/**
 * Writes on a worker thread with its own connection to the file. better-sqlite3 is synchronous: a
 * batch of 500 events held the gateway's event loop 4–19 ms (docs/benchmarks.md); here it holds
 * only the worker's. WAL lets the two connections share the file; busy_timeout covers the moments
 * the gateway's connection holds the write lock.
 */
export function createWorkerUsageWriter(file: string): UsageWriter {
  const worker = new Worker(workerSource, {
    eval: true,
    // Its batches are a few hundred rows: a young generation of a few MB is plenty, where V8's
    // default for this machine would keep up to 16 MB per semi-space resident for it.
    resourceLimits: { maxYoungGenerationSizeMb: 4 },
    workerData: {
      file,
      driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
      insertSql: insertUsageEventSql,
      rollupSql: rollupBatchStatements(),
      busyTimeoutMs: writerBusyTimeoutMs,
    },
  });
  // Idle, the thread must not keep an otherwise finished process alive (like the recorder's timer);
  // while a batch is being written it must, or a stop that awaits the last write would exit first.
  worker.unref();
  const waiting = new Map<number, { resolve: (batch: WrittenBatch) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let failure: Error | null = null;
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));

  function failAll(error: Error): void {
    failure ??= error;
    for (const { reject } of waiting.values()) reject(error);
    waiting.clear();
  }

  worker.on('message', (reply: WriteReply) => {
    const entry = waiting.get(reply.id);
    if (entry === undefined) return;
    waiting.delete(reply.id);
    if (waiting.size === 0) worker.unref();
    if (reply.error === undefined) {
      entry.resolve(typeof reply.firstId === 'number' ? { firstId: reply.firstId } : undefined);
    } else {
      entry.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
    }
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`the usage writer thread stopped (exit code ${code})`)));

  return {
    inThread: false,
    write(events) {
      if (failure !== null) return Promise.reject(failure);
      const id = nextId++;
      const rows = events.map(usageEventRow);
      return new Promise<WrittenBatch>((resolve, reject) => {
        if (waiting.size === 0) worker.ref();
        waiting.set(id, { resolve, reject });
        worker.postMessage({ id, rows });
      });
    },
    async close() {
      if (failure !== null) return;
      worker.ref();
      worker.postMessage({ type: 'close' });
      await exited;
    },
  };
}

/** The worker for a database file; the in-thread writer for `':memory:'`, which no other connection can open. */
export function createUsageWriter(database: Database, repository: Pick<UsageRepository, 'insertUsageEvents'>): UsageWriter {
  return database.memory ? createInThreadUsageWriter(repository) : createWorkerUsageWriter(database.name);
}
