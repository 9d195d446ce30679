import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { UsageEvent } from '../../../src-shared/usage.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createUsageRepository } from '../../../src-main/store/usage-repository.js';
import { summarizeUsage } from '../../../src-main/usage/stats-summary.js';

const hour = 60 * 60 * 1000;
const day = 24 * hour;
const now = Date.UTC(2025, 5, 30, 12);

function usageEvent(overrides: Partial<UsageEvent> & { inputTokens?: number; outputTokens?: number }): UsageEvent {
  const { inputTokens = 0, outputTokens = 0, ...rest } = overrides;
  return {
    time: now,
    client: 'editor',
    provider: 'openai-main',
    keyId: 'oa-1',
    modelRequested: 'gpt-4o',
    modelUsed: 'gpt-4o',
    status: 200,
    latencyMs: 100,
    firstByteMs: 50,
    usage: { inputTokens, outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    costUsd: null,
    stream: false,
    error: null,
    endpoint: 'chat',
    final: true,
    rawUsage: null,
    ...rest,
  };
}

const claudeCall = { client: 'agent', provider: 'claude', keyId: 'an-1', modelRequested: 'sonnet', modelUsed: 'claude-sonnet-4-5' };

/* The figures below are summed by hand from these rows. */
const events: UsageEvent[] = [
  // Last 24 hours.
  usageEvent({ time: now - 1 * hour, inputTokens: 100, outputTokens: 10, costUsd: 0.1 }),
  usageEvent({ time: now - 2 * hour, keyId: 'oa-2', inputTokens: 200, outputTokens: 20, costUsd: 0.2 }),
  usageEvent({ ...claudeCall, time: now - 3 * hour, inputTokens: 300, outputTokens: 30, costUsd: null }),
  // A failed attempt (no model answered) that failed over to Claude: not a request of its own.
  usageEvent({ time: now - 4 * hour, client: 'agent', modelUsed: null, status: 503, final: false, error: 'upstream 503' }),
  usageEvent({ ...claudeCall, time: now - 4 * hour, inputTokens: 50, outputTokens: 5, costUsd: 0.05 }),
  // No provider served the model: counted, but in no provider, key or client breakdown.
  usageEvent({
    time: now - 5 * hour,
    client: null,
    provider: null,
    keyId: null,
    modelRequested: 'nope',
    modelUsed: null,
    status: 404,
    error: 'model_not_found',
  }),
  // Exactly on the 24h edge: inside.
  usageEvent({ time: now - day, keyId: 'oa-2', inputTokens: 1, outputTokens: 1, costUsd: 0.01 }),
  // Last 7 days.
  usageEvent({ time: now - day - 1, inputTokens: 2, outputTokens: 2, costUsd: 0.02 }),
  usageEvent({ time: now - 3 * day, modelUsed: 'gpt-4o-mini', inputTokens: 1000, outputTokens: 100, costUsd: 1 }),
  usageEvent({ time: now - 3 * day, modelUsed: 'gpt-4o-mini', status: 429, error: 'rate limited' }),
  // Last 30 days.
  usageEvent({ ...claudeCall, time: now - 10 * day, inputTokens: 10, outputTokens: 1, costUsd: 2 }),
  // Older.
  usageEvent({ time: now - 40 * day, keyId: 'oa-2', inputTokens: 5000, outputTokens: 500, costUsd: 4 }),
];

describe('summarizeUsage', () => {
  let database: Database;

  beforeEach(() => {
    database = openDatabase(':memory:');
    createUsageRepository(database).insertUsageEvents(events);
  });

  afterEach(() => {
    database.close();
  });

  it('answers zeros and empty lists for no usage', () => {
    const empty = openDatabase(':memory:');
    expect(summarizeUsage(empty, '24h', now)).toEqual({
      window: '24h',
      requests: 0,
      errors: 0,
      inputTokens: 0,
      outputTokens: 0,
      costUsd: 0,
      byProvider: [],
      byModel: [],
      byKey: [],
      byClient: [],
    });
    empty.close();
  });

  it('summarizes the last 24 hours', () => {
    expect(summarizeUsage(database, '24h', now)).toEqual({
      window: '24h',
      requests: 6,
      errors: 1,
      inputTokens: 651,
      outputTokens: 66,
      costUsd: 0.36,
      unpricedRequests: 1,
      byProvider: [
        { provider: 'openai-main', requests: 3, costUsd: 0.31 },
        { provider: 'claude', requests: 2, costUsd: 0.05 },
      ],
      byModel: [
        { model: 'gpt-4o', requests: 3, costUsd: 0.31 },
        { model: 'claude-sonnet-4-5', requests: 2, costUsd: 0.05, unpricedRequests: 1 },
        { model: 'nope', requests: 1, costUsd: 0 },
      ],
      byKey: [
        // Tied on requests: the costlier key first.
        { provider: 'openai-main', key: 'oa-2', requests: 2, costUsd: 0.21, remainingUsd: null },
        { provider: 'claude', key: 'an-1', requests: 2, costUsd: 0.05, remainingUsd: null },
        { provider: 'openai-main', key: 'oa-1', requests: 1, costUsd: 0.1, remainingUsd: null },
      ],
      byClient: [
        { client: 'editor', requests: 3, costUsd: 0.31 },
        { client: 'agent', requests: 2, costUsd: 0.05 },
      ],
    });
  });

  it('summarizes the last 7 days', () => {
    expect(summarizeUsage(database, '7d', now)).toEqual({
      window: '7d',
      requests: 9,
      errors: 2,
      inputTokens: 1653,
      outputTokens: 168,
      costUsd: 1.38,
      unpricedRequests: 1,
      byProvider: [
        { provider: 'openai-main', requests: 6, costUsd: 1.33 },
        { provider: 'claude', requests: 2, costUsd: 0.05 },
      ],
      byModel: [
        { model: 'gpt-4o', requests: 4, costUsd: 0.33 },
        { model: 'gpt-4o-mini', requests: 2, costUsd: 1 },
        { model: 'claude-sonnet-4-5', requests: 2, costUsd: 0.05, unpricedRequests: 1 },
        { model: 'nope', requests: 1, costUsd: 0 },
      ],
      byKey: [
        { provider: 'openai-main', key: 'oa-1', requests: 4, costUsd: 1.12, remainingUsd: null },
        { provider: 'openai-main', key: 'oa-2', requests: 2, costUsd: 0.21, remainingUsd: null },
        { provider: 'claude', key: 'an-1', requests: 2, costUsd: 0.05, remainingUsd: null },
      ],
      byClient: [
        { client: 'editor', requests: 6, costUsd: 1.33 },
        { client: 'agent', requests: 2, costUsd: 0.05 },
      ],
    });
  });

  it('summarizes the last 30 days', () => {
    expect(summarizeUsage(database, '30d', now)).toEqual({
      window: '30d',
      requests: 10,
      errors: 2,
      inputTokens: 1663,
      outputTokens: 169,
      costUsd: 3.38,
      unpricedRequests: 1,
      byProvider: [
        { provider: 'openai-main', requests: 6, costUsd: 1.33 },
        { provider: 'claude', requests: 3, costUsd: 2.05 },
      ],
      byModel: [
        { model: 'gpt-4o', requests: 4, costUsd: 0.33 },
        { model: 'claude-sonnet-4-5', requests: 3, costUsd: 2.05, unpricedRequests: 1 },
        { model: 'gpt-4o-mini', requests: 2, costUsd: 1 },
        { model: 'nope', requests: 1, costUsd: 0 },
      ],
      byKey: [
        { provider: 'openai-main', key: 'oa-1', requests: 4, costUsd: 1.12, remainingUsd: null },
        { provider: 'claude', key: 'an-1', requests: 3, costUsd: 2.05, remainingUsd: null },
        { provider: 'openai-main', key: 'oa-2', requests: 2, costUsd: 0.21, remainingUsd: null },
      ],
      byClient: [
        { client: 'editor', requests: 6, costUsd: 1.33 },
        { client: 'agent', requests: 3, costUsd: 2.05 },
      ],
    });
  });

  it('summarizes all time', () => {
    expect(summarizeUsage(database, 'all', now)).toEqual({
      window: 'all',
      requests: 11,
      errors: 2,
      inputTokens: 6663,
      outputTokens: 669,
      costUsd: 7.38,
      unpricedRequests: 1,
      byProvider: [
        { provider: 'openai-main', requests: 7, costUsd: 5.33 },
        { provider: 'claude', requests: 3, costUsd: 2.05 },
      ],
      byModel: [
        { model: 'gpt-4o', requests: 5, costUsd: 4.33 },
        { model: 'claude-sonnet-4-5', requests: 3, costUsd: 2.05, unpricedRequests: 1 },
        { model: 'gpt-4o-mini', requests: 2, costUsd: 1 },
        { model: 'nope', requests: 1, costUsd: 0 },
      ],
      byKey: [
        { provider: 'openai-main', key: 'oa-1', requests: 4, costUsd: 1.12, remainingUsd: null },
        { provider: 'openai-main', key: 'oa-2', requests: 3, costUsd: 4.21, remainingUsd: null },
        { provider: 'claude', key: 'an-1', requests: 3, costUsd: 2.05, remainingUsd: null },
      ],
      byClient: [
        { client: 'editor', requests: 7, costUsd: 5.33 },
        { client: 'agent', requests: 3, costUsd: 2.05 },
      ],
    });
  });

  it('counts the cost of a failed attempt that was billed, but not the attempt as a request', () => {
    const billed = openDatabase(':memory:');
    createUsageRepository(billed).insertUsageEvents([
      usageEvent({ status: 500, final: false, inputTokens: 10, costUsd: 0.5 }),
      usageEvent({ keyId: 'oa-2', inputTokens: 10, costUsd: 0.25 }),
    ]);
    const summary = summarizeUsage(billed, '24h', now);
    expect(summary.requests).toBe(1);
    expect(summary.errors).toBe(0);
    expect(summary.costUsd).toBe(0.75);
    expect(summary.inputTokens).toBe(20);
    expect(summary.byKey).toEqual([
      { provider: 'openai-main', key: 'oa-2', requests: 1, costUsd: 0.25, remainingUsd: null },
      { provider: 'openai-main', key: 'oa-1', requests: 0, costUsd: 0.5, remainingUsd: null },
    ]);
    billed.close();
  });
});

describe('summarizeUsage money', () => {
  it('adds costs exactly: amounts whose float sum is noisy come out as their decimal sum', () => {
    // As doubles, 0.1 + 0.2 is 0.30000000000000004 and ten times 0.00001 is 0.00009999999999999999.
    const costs = [0.1, 0.2, ...Array.from({ length: 10 }, () => 0.00001), 0.0000000001];
    expect(costs.reduce((sum, cost) => sum + cost, 0)).not.toBe(0.3001000001);
    const database = openDatabase(':memory:');
    createUsageRepository(database).insertUsageEvents(
      costs.map((costUsd, index) => usageEvent({ keyId: index < 2 ? 'oa-1' : 'oa-2', inputTokens: 1, costUsd })),
    );
    const summary = summarizeUsage(database, 'all', now);
    expect(summary.costUsd).toBe(0.3001000001);
    expect(summary.byKey.map((row) => [row.key, row.costUsd])).toEqual([
      ['oa-2', 0.0001000001],
      ['oa-1', 0.3],
    ]);
    expect(summary.byProvider[0]?.costUsd).toBe(0.3001000001);
    expect(summary.byModel[0]?.costUsd).toBe(0.3001000001);
    expect(summary.byClient[0]?.costUsd).toBe(0.3001000001);
    // As the API sends it: no float tail.
    expect(JSON.stringify(summary.byKey.map((row) => row.costUsd))).toBe('[0.0001000001,0.3]');
    database.close();
  });
});

describe('summarizeUsage across a reopen', () => {
  let directory: string;

  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'switchyard-stats-'));
  });

  afterEach(() => {
    rmSync(directory, { recursive: true, force: true });
  });

  it('gives the same summary after the database is closed and opened again', () => {
    const file = join(directory, 'switchyard.db');
    const first = openDatabase(file);
    createUsageRepository(first).insertUsageEvents(events);
    const before = summarizeUsage(first, 'all', now);
    first.close();

    const second = openDatabase(file);
    expect(summarizeUsage(second, 'all', now)).toEqual(before);
    expect(before.requests).toBe(11);
    second.close();
  });
});
