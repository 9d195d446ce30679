import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createRequestLogRepository } from '../../../src-main/store/request-log-repository.js';
import { createUsageRepository } from '../../../src-main/store/usage-repository.js';
import { createUsageRetention, defaultRequestLogSettings, type RequestLogSettings } from '../../../src-main/usage/usage-retention.js';
import { usageEvent } from '../../support/usage-event.js';

const day = 24 * 60 * 60 * 1000;
const now = 100 * day;

describe('usage retention', () => {
  let database: Database;
  let settings: RequestLogSettings;

  beforeEach(() => {
    database = openDatabase(':memory:');
    settings = { ...defaultRequestLogSettings };
    createUsageRepository(database).insertUsageEvents([usageEvent({ time: now - 40 * day }), usageEvent({ time: now - 8 * day }), usageEvent({ time: now - 1 * day })]);
    const ids = database.prepare<[], { id: number; time: number }>('SELECT id, time FROM usage_events ORDER BY id').all();
    createRequestLogRepository(database).insertBodies(ids.map(({ id, time }) => ({ usageId: id, time, request: '{}', response: '{}', requestTruncated: false, responseTruncated: false })));
  });

  afterEach(() => {
    vi.useRealTimers();
    database.close();
  });

  const count = (table: string) => database.prepare<[], { count: number }>(`SELECT COUNT(*) AS count FROM ${table}`).get()!.count;
  const retention = (intervalMs?: number) =>
    createUsageRetention({ repository: createRequestLogRepository(database), settings: () => settings, now: () => now, intervalMs, log: () => {} });

  it('drops bodies past bodyRetentionDays and keeps every usage row while retentionDays is 0', () => {
    expect(retention().prune()).toEqual({ bodies: 2, usage: 0 });
    expect(count('request_bodies')).toBe(1);
    expect(count('usage_events')).toBe(3);
  });

  it('drops usage rows past retentionDays, and their bodies with them', () => {
    settings = { logBodies: true, bodyRetentionDays: 365, retentionDays: 30 };
    expect(retention().prune()).toEqual({ bodies: 1, usage: 1 });
    expect(count('usage_events')).toBe(2);
    expect(count('request_bodies')).toBe(2);
  });

  it('prunes at start and again each interval, with the settings of that moment, until stopped', () => {
    vi.useFakeTimers();
    settings = { logBodies: true, bodyRetentionDays: 365, retentionDays: 0 };
    const running = retention(1_000);
    running.start();
    expect(count('request_bodies')).toBe(3);
    settings = { logBodies: true, bodyRetentionDays: 7, retentionDays: 0 };
    vi.advanceTimersByTime(1_000);
    expect(count('request_bodies')).toBe(1);
    running.stop();
    settings = { logBodies: true, bodyRetentionDays: 1, retentionDays: 2 };
    vi.advanceTimersByTime(5_000);
    expect(count('usage_events')).toBe(3);
  });
});
