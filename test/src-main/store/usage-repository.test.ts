import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { usageEvent } from '../../support/usage-event.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createUsageRepository, spendBucketMs, spendKey, type UsageRepository } from '../../../src-main/store/usage-repository.js';

describe('usage repository', () => {
  let database: Database;
  let repository: UsageRepository;

  beforeEach(() => {
    database = openDatabase(':memory:');
    repository = createUsageRepository(database);
  });

  afterEach(() => {
    database.close();
  });

  it('writes every field of an event to its column', () => {
    repository.insertUsageEvents([usageEvent()]);
    expect(database.prepare('SELECT * FROM usage_events').all()).toEqual([
      {
        id: 1,
        time: 1_000,
        client: 'my-editor',
        provider: 'openai-main',
        key_id: 'oa-1',
        model_requested: 'gpt-4',
        model_used: 'gpt-4o',
        status: 200,
        latency_ms: 420,
        first_byte_ms: 180,
        input_tokens: 100,
        output_tokens: 20,
        cached_input_tokens: 40,
        cache_write_tokens: 5,
        reasoning_tokens: 8,
        cost_usd: 0.5,
        stream: 1,
        error: null,
        endpoint: 'chat',
        final: 1,
        raw_usage: '{"prompt_tokens":100}',
      },
    ]);
  });

  it('keeps nulls as nulls: an unpriced event has no cost, not $0', () => {
    repository.insertUsageEvents([
      usageEvent({ client: null, provider: null, keyId: null, costUsd: null, firstByteMs: null, stream: false, final: false }),
    ]);
    expect(
      database.prepare('SELECT client, provider, key_id, cost_usd, first_byte_ms, stream, final FROM usage_events').get(),
    ).toEqual({ client: null, provider: null, key_id: null, cost_usd: null, first_byte_ms: null, stream: 0, final: 0 });
  });

  it('writes a batch all or nothing', () => {
    const broken = usageEvent({ endpoint: null as unknown as string });
    expect(() => repository.insertUsageEvents([usageEvent(), usageEvent(), broken])).toThrow(/NOT NULL/);
    expect(database.prepare('SELECT COUNT(*) AS count FROM usage_events').get()).toEqual({ count: 0 });
  });

  it('sums priced spend per provider key, failed attempts included', () => {
    repository.insertUsageEvents([
      usageEvent({ costUsd: 0.25 }),
      usageEvent({ costUsd: 0.5, final: false, status: 500 }),
      usageEvent({ costUsd: null }),
      usageEvent({ keyId: 'oa-2', costUsd: 1 }),
      usageEvent({ provider: 'claude', keyId: 'oa-1', costUsd: 2 }),
      // No key: nothing to charge it to.
      usageEvent({ provider: null, keyId: null, costUsd: 9 }),
    ]);
    expect(repository.spendByKey()).toEqual(
      new Map([
        [spendKey('openai-main', 'oa-1'), 0.75],
        [spendKey('openai-main', 'oa-2'), 1],
        [spendKey('claude', 'oa-1'), 2],
      ]),
    );
  });

  it('leaves out keys whose every event is unpriced', () => {
    repository.insertUsageEvents([usageEvent({ costUsd: null })]);
    expect(repository.spendByKey().size).toBe(0);
  });

  it('counts spend from a given time on', () => {
    repository.insertUsageEvents([
      usageEvent({ time: 1_000, costUsd: 1 }),
      usageEvent({ time: 2_000, costUsd: 2 }),
      usageEvent({ time: 3_000, costUsd: 4 }),
    ]);
    expect(repository.spendByKey(2_000).get('openai-main/oa-1')).toBe(6);
    expect(repository.spendByKey(3_001).size).toBe(0);
  });

  it('sums spend in whole 1e-10 USD by UTC quarter hour from a time on, and in one bucket per key before it', () => {
    const recentFrom = 100 * spendBucketMs;
    repository.insertUsageEvents([
      usageEvent({ time: 3_000, costUsd: 0.1 }),
      usageEvent({ time: recentFrom - 1, costUsd: 0.2 }),
      usageEvent({ time: recentFrom, costUsd: 0.1 }),
      usageEvent({ time: recentFrom + spendBucketMs - 1, costUsd: 0.2, final: false, status: 503 }),
      usageEvent({ time: recentFrom + spendBucketMs, costUsd: 0.00000000004 }),
      usageEvent({ time: recentFrom, costUsd: null }),
      usageEvent({ keyId: 'oa-2', time: recentFrom, costUsd: 1 }),
    ]);
    const rows = repository
      .spendBuckets(recentFrom)
      .sort((left, right) => left.keyId.localeCompare(right.keyId) || (left.bucketStart ?? -1) - (right.bucketStart ?? -1));
    expect(rows).toEqual([
      { provider: 'openai-main', keyId: 'oa-1', bucketStart: null, units: 3_000_000_000 },
      { provider: 'openai-main', keyId: 'oa-1', bucketStart: recentFrom, units: 3_000_000_000 },
      // 0.4 of a unit rounds to nothing; the sum of units is exact.
      { provider: 'openai-main', keyId: 'oa-1', bucketStart: recentFrom + spendBucketMs, units: 0 },
      { provider: 'openai-main', keyId: 'oa-2', bucketStart: recentFrom, units: 10_000_000_000 },
    ]);
  });

  it("answers one key's spend since a moment to the millisecond, in whole 1e-10 USD", () => {
    repository.insertUsageEvents([
      usageEvent({ time: 1_000, costUsd: 1 }),
      usageEvent({ time: 1_001, costUsd: 0.25 }),
      usageEvent({ time: 1_002, costUsd: null }),
      usageEvent({ keyId: 'oa-2', time: 1_001, costUsd: 5 }),
    ]);
    expect(repository.spendUnitsSince('openai-main', 'oa-1', 1_001)).toBe(2_500_000_000);
    expect(repository.spendUnitsSince('openai-main', 'oa-1', 0)).toBe(12_500_000_000);
    expect(repository.spendUnitsSince('openai-main', 'oa-1', 1_002)).toBe(0);
  });
});
