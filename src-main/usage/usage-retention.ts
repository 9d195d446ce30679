import type { RequestLogRepository } from '../store/request-log-repository.js';

/** The request log's settings; their storage is the settings' own (defaults: off, 7 days, keep all). */
export interface RequestLogSettings {
  /** Keep request and response bodies (redacted) for the log. */
  logBodies: boolean;
  /** Days logged bodies are kept. */
  bodyRetentionDays: number;
  /** Days usage rows are kept; 0 keeps them for ever. */
  retentionDays: number;
}

export const defaultRequestLogSettings: RequestLogSettings = { logBodies: false, bodyRetentionDays: 7, retentionDays: 0 };

const dayMs = 24 * 60 * 60 * 1000;
export const defaultPruneIntervalMs = 60 * 60 * 1000;

export interface UsageRetentionOptions {
  repository: Pick<RequestLogRepository, 'prune'>;
  settings(): RequestLogSettings;
  intervalMs?: number;
  now?: () => number;
  log(message: string): void;
}

export interface UsageRetention {
  /** Deletes what is past its retention now; answers how many bodies and usage rows went. */
  prune(): { bodies: number; usage: number };
  start(): void;
  stop(): void;
}

/**
 * Deletes logged bodies older than `bodyRetentionDays` and usage rows older than `retentionDays`,
 * at start and hourly after. Settings are read at each run, so a change applies by the next one.
 */
export function createUsageRetention(options: UsageRetentionOptions): UsageRetention {
  const now = options.now ?? Date.now;
  let timer: NodeJS.Timeout | null = null;

  function prune() {
    const settings = options.settings();
    const at = now();
    return options.repository.prune({
      bodiesBefore: at - settings.bodyRetentionDays * dayMs,
      usageBefore: settings.retentionDays > 0 ? at - settings.retentionDays * dayMs : null,
    });
  }

  function run(): void {
    try {
      const removed = prune();
      if (removed.bodies + removed.usage > 0) options.log(`retention: removed ${removed.usage} usage rows and ${removed.bodies} logged bodies`);
    } catch (error) {
      // Tried again at the next run; nothing else depends on it having worked.
      options.log(`retention: could not prune old usage: ${(error as Error).message}`);
    }
  }

  return {
    prune,
    start() {
      if (timer !== null) return;
      run();
      // unref: the prune must not keep an otherwise finished process alive.
      timer = setInterval(run, options.intervalMs ?? defaultPruneIntervalMs).unref();
    },
    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },
  };
}
