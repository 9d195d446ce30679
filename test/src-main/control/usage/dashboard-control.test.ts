import { describe, expect, it } from 'vitest';
import type { UsageEvent } from '../../../../src-shared/usage.js';
import { cellsSql, splitSpans } from '../../../../src-main/usage/dashboard-queries.js';
import { bucketStart, bucketStartSql } from '../../../../src-main/usage/dashboard-range.js';
import { dashboardFixture } from './dashboard-fixture.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
/** Monday, 30 June 2025, noon UTC. */
const now = Date.UTC(2025, 5, 30, 12);
const today = Date.UTC(2025, 5, 30);

const tokens = (inputTokens: number, outputTokens: number, cachedInputTokens = 0, cacheWriteTokens = 0, reasoningTokens = 0) => ({
  usage: { inputTokens, outputTokens, cachedInputTokens, cacheWriteTokens, reasoningTokens },
});
const cheap = { provider: 'cheap', keyId: 'c1', modelRequested: 'gpt-4o', modelUsed: 'gpt-4o' };
const dear = { provider: 'dear', keyId: 'd1', modelRequested: 'gpt-4o', modelUsed: 'gpt-4o' };

/* Every figure below is summed by hand from these rows. */
const todaysRequests: Partial<UsageEvent>[] = [
  { ...cheap, time: today + 9 * hour + 10 * minute, client: 'editor', ...tokens(1000, 100, 200, 50, 30), costUsd: 0.01, latencyMs: 100 },
  { ...dear, time: today + 9 * hour + 20 * minute, client: 'agent', ...tokens(2000, 200), costUsd: 0.02, latencyMs: 200 },
  // A failed attempt that failed over: tokens and cost count, the request does not.
  { ...cheap, time: today + 10 * hour + 5 * minute, client: 'agent', ...tokens(0, 0), costUsd: null, status: 503, final: false, latencyMs: 50 },
  // Answered, but the model has no price: unpriced, never $0.
  { ...dear, time: today + 10 * hour + 5 * minute, client: 'agent', ...tokens(10, 5), costUsd: null, latencyMs: 300 },
  { ...cheap, time: today + 11 * hour, client: null, ...tokens(0, 0), costUsd: null, status: 429, latencyMs: 400 },
  // Yesterday: outside "today".
  { ...cheap, time: today - 1, ...tokens(5, 5), costUsd: 5, latencyMs: 9000 },
];

describe('dashboard', () => {
  it('sums today: requests, errors, tokens with cache reads and writes, cost, unpriced, p95', async () => {
    const { client, insert } = dashboardFixture({ now });
    insert(todaysRequests);
    const dashboard = await client.dashboard({ range: 'today', breakdown: 'provider', utcOffsetMinutes: 0 });
    expect(dashboard.from).toBe(today);
    expect(dashboard.to).toBe(now);
    expect(dashboard.granularity).toBe('hour');
    expect(dashboard.totals).toEqual({
      requests: 4,
      errors: 1,
      successRate: 0.75,
      inputTokens: 3010,
      outputTokens: 305,
      cacheReadTokens: 200,
      cacheWriteTokens: 50,
      reasoningTokens: 30,
      costUsd: 0.03,
      unpricedRequests: 1,
      // Nearest rank: the 4th of the four final latencies.
      p95LatencyMs: 400,
      // These rows' recorded costs are above what the dearest candidate charges for their tokens
      // ($0.0105375 against $0.03): never a negative saving.
      savedUsd: 0,
    });
  });

  it('stacks requests and spend per provider in hourly buckets, dearest first', async () => {
    const { client, insert } = dashboardFixture({ now });
    insert(todaysRequests);
    const dashboard = await client.dashboard({ range: 'today', breakdown: 'provider', utcOffsetMinutes: 0 });
    expect(dashboard.buckets).toEqual(Array.from({ length: 12 }, (_, index) => today + index * hour));
    const zeros = Array.from({ length: 12 }, () => 0);
    const at = (values: Record<number, number>) => zeros.map((zero, index) => values[index] ?? zero);
    expect(dashboard.series).toEqual([
      { name: 'dear', costUsd: at({ 9: 0.02 }), requests: at({ 9: 1, 10: 1 }) },
      { name: 'cheap', costUsd: at({ 9: 0.01 }), requests: at({ 9: 1, 11: 1 }) },
    ]);
    const byClient = await client.dashboard({ range: 'today', breakdown: 'client', utcOffsetMinutes: 0 });
    expect(byClient.series.map((series) => series.name)).toEqual(['agent', 'editor', '(none)']);
    const byKey = await client.dashboard({ range: 'today', breakdown: 'key', utcOffsetMinutes: 0 });
    expect(byKey.series.map((series) => series.name)).toEqual(['dear/d1', 'cheap/c1']);
  });

  it('counts what routing saved against the dearest candidate, cache reads and writes priced, aliases followed', async () => {
    const { client, insert } = dashboardFixture({ now });
    insert([
      // cheap: 700k × $1 + 200k × $0.5 + 100k × $1.25 + 500k × $2 = $1.925; dear: $5.775.
      { ...cheap, time: now - hour, ...tokens(1_000_000, 500_000, 200_000, 100_000), costUsd: 1.925 },
      // Asked for by its alias: half the tokens, $0.9625 against $2.8875.
      { ...cheap, modelRequested: 'smart', time: now - hour, ...tokens(500_000, 250_000, 100_000, 50_000), costUsd: 0.9625 },
      // One candidate only: no choice, nothing saved.
      { ...cheap, modelRequested: 'solo', modelUsed: 'solo', time: now - hour, ...tokens(1_000_000, 0), costUsd: 1 },
      // Unpriced: neither its tokens nor a cost enter the savings.
      { ...cheap, time: now - hour, ...tokens(1_000_000, 1_000_000), costUsd: null },
    ]);
    const dashboard = await client.dashboard({ range: '24h', breakdown: 'model', utcOffsetMinutes: 0 });
    expect(dashboard.totals.savedUsd).toBe(5.775);
    expect(dashboard.totals.costUsd).toBe(3.8875);
    expect(dashboard.totals.unpricedRequests).toBe(1);
  });

  it("starts today at the browser's midnight and buckets by its hours, half-hour offsets included", async () => {
    const { client, insert } = dashboardFixture({ now });
    // India, UTC+5:30: local midnight of 30 June is 18:30 UTC on the 29th.
    const localMidnight = Date.UTC(2025, 5, 29, 18, 30);
    insert([
      { ...cheap, time: localMidnight - 1 },
      { ...cheap, time: localMidnight },
      { ...cheap, time: localMidnight + hour - 1 },
      { ...cheap, time: localMidnight + hour },
    ]);
    const dashboard = await client.dashboard({ range: 'today', breakdown: 'provider', utcOffsetMinutes: 330 });
    expect(dashboard.from).toBe(localMidnight);
    expect(dashboard.buckets.slice(0, 2)).toEqual([localMidnight, localMidnight + hour]);
    expect(dashboard.series[0]!.requests.slice(0, 3)).toEqual([2, 1, 0]);
    expect(dashboard.totals.requests).toBe(3);
  });

  it('puts a request in the heatmap cell of its local weekday and hour', async () => {
    const { client, insert } = dashboardFixture({ now });
    // 03:00 UTC on Monday is 22:00 on Sunday in New York (UTC−5 in summer).
    insert([{ ...cheap, time: Date.UTC(2025, 5, 30, 3) }]);
    const dashboard = await client.dashboard({ range: '7d', breakdown: 'provider', utcOffsetMinutes: -300 });
    expect(dashboard.heatmap[0]![22]).toBe(1);
    expect(dashboard.heatmap.flat().reduce((sum, value) => sum + value, 0)).toBe(1);
  });

  it('buckets a custom week by local days and a long history by weeks from Monday', async () => {
    const { client, insert } = dashboardFixture({ now });
    // UTC+8: 21 June starts at 16:00 UTC on the 20th.
    const from = Date.UTC(2025, 5, 20, 16);
    insert([
      { ...cheap, time: from + day - 1 },
      { ...cheap, time: from + day },
      { ...cheap, time: now - 200 * day },
    ]);
    const week = await client.dashboard({ range: 'custom', from, to: from + 7 * day, breakdown: 'provider', utcOffsetMinutes: 480 });
    expect(week.granularity).toBe('day');
    expect(week.buckets).toEqual(Array.from({ length: 7 }, (_, index) => from + index * day));
    expect(week.series[0]!.requests).toEqual([1, 1, 0, 0, 0, 0, 0]);

    const all = await client.dashboard({ range: 'all', breakdown: 'provider', utcOffsetMinutes: 480 });
    expect(all.granularity).toBe('week');
    const firstWeek = new Date(all.buckets[0]! + 8 * hour);
    expect([firstWeek.getUTCDay(), firstWeek.getUTCHours(), firstWeek.getUTCMinutes()]).toEqual([1, 0, 0]);
    expect(all.totals.requests).toBe(3);
  });

  it('refuses a custom range without its end, by field', async () => {
    const { client } = dashboardFixture({ now });
    await expect(client.dashboard({ range: 'custom', from: now - day, breakdown: 'provider', utcOffsetMinutes: 0 })).rejects.toMatchObject({
      code: 'invalid_control_input',
      field: 'to',
    });
  });

  it('reads p95 from the latency histogram past the exact limit, within 2.5%', async () => {
    const { client, insert } = dashboardFixture({ now, overrides: { queries: { exactPercentileLimit: 10 } } });
    insert(Array.from({ length: 100 }, (_, index) => ({ ...cheap, time: now - 2 * hour, latencyMs: (index + 1) * 10 })));
    const { totals } = await client.dashboard({ range: '24h', breakdown: 'provider', utcOffsetMinutes: 0 });
    expect(totals.p95LatencyMs).toBeGreaterThanOrEqual(950 * 0.975);
    expect(totals.p95LatencyMs).toBeLessThanOrEqual(950 * 1.025);
  });

  it('follows deleted rows out of the rollup', async () => {
    const { client, insert, database } = dashboardFixture({ now });
    insert(todaysRequests);
    database.prepare("DELETE FROM usage_events WHERE provider = 'dear'").run();
    const dashboard = await client.dashboard({ range: 'today', breakdown: 'provider', utcOffsetMinutes: 0 });
    expect(dashboard.series.map((series) => series.name)).toEqual(['cheap']);
    expect(dashboard.totals.requests).toBe(2);
    expect(dashboard.totals.costUsd).toBe(0.01);
  });

  it('reads whole quarter hours from the rollup, not the raw rows', () => {
    const { database } = dashboardFixture({ now });
    const sql = cellsSql('model', 'rollup', (column) => bucketStartSql(column, 'day', 0));
    const plan = database
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all({ dimension: 'model', spans: JSON.stringify([[0, now]]) })
      .map((row) => (row as { detail: string }).detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH usage_rollup USING PRIMARY KEY \(dimension=\? AND bucket>\? AND bucket<\?\)/);
    expect(plan).not.toContain('usage_events');
  });

  it('reads each raw span by the time index, not the whole table', () => {
    const { database } = dashboardFixture({ now });
    const sql = cellsSql('key', 'raw', (column) => bucketStartSql(column, 'hour', 0));
    const plan = database
      .prepare(`EXPLAIN QUERY PLAN ${sql}`)
      .all({ spans: JSON.stringify([[0, hour], [2 * hour, 3 * hour]]) })
      .map((row) => (row as { detail: string }).detail)
      .join('\n');
    expect(plan).toMatch(/SEARCH usage_events USING INDEX usage_events_time \(time>\? AND time<\?\)/);
  });

  it('reads an hour a local day starts inside from the rollup, and only its part before that edge raw', () => {
    // Nepal, UTC+5:45: 1 July starts at 18:15 UTC on 30 June.
    const offsetMs = (5 * 60 + 45) * minute;
    const from = Date.UTC(2025, 5, 29, 12);
    const spans = splitSpans(from, from + 2 * day, hour, (time) => bucketStart(time, 'day', offsetMs));
    expect(spans.filter((span) => span.source === 'raw')).toEqual([
      { source: 'raw', from: Date.UTC(2025, 5, 29, 18), to: Date.UTC(2025, 5, 29, 18, 15), countedAt: Date.UTC(2025, 5, 29, 19) - 1 },
      { source: 'raw', from: Date.UTC(2025, 5, 30, 18), to: Date.UTC(2025, 5, 30, 18, 15), countedAt: Date.UTC(2025, 5, 30, 19) - 1 },
    ]);
    expect(spans.filter((span) => span.source === 'rollup').reduce((sum, span) => sum + span.to - span.from, 0)).toBe(2 * day);
  });
});
