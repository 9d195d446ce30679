import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UsageEvent } from '../../../../src-shared/usage.js';
import { bucketStart, granularityFor } from '../../../../src-main/usage/dashboard-range.js';
import { dashboardFixture } from './dashboard-fixture.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const now = Date.UTC(2025, 5, 30, 12);
// Ten days: ranges bucketed by minutes, hours and local days, over the hourly rollup's whole hours
// and the hours a :30 or :45 zone's bucket edges cut.
const base = now - 10 * day;

const eventArbitrary = fc.record({
  time: fc.integer({ min: base, max: now - 1 }),
  provider: fc.constantFrom('cheap', 'dear', null),
  keyId: fc.constantFrom('k', 'j'),
  modelRequested: fc.constantFrom('gpt-4o', 'smart', null),
  client: fc.constantFrom('editor', 'agent', null),
  modelUsed: fc.constantFrom('gpt-4o', 'solo', null),
  final: fc.boolean(),
  status: fc.constantFrom(200, 200, 429, 503),
  inputTokens: fc.nat(5000),
  outputTokens: fc.nat(5000),
  costCents: fc.option(fc.nat(10_000)),
  latencyMs: fc.integer({ min: 1, max: 60_000 }),
});

type Breakdown = 'provider' | 'key' | 'model' | 'client';

/** The series a row is counted in, as the dashboard names it. */
function seriesName(event: UsageEvent, breakdown: Breakdown): string {
  switch (breakdown) {
    case 'provider':
      return event.provider ?? '(none)';
    case 'key':
      return event.provider === null || event.keyId === null ? '(none)' : `${event.provider}/${event.keyId}`;
    case 'model':
      return event.modelUsed ?? event.modelRequested ?? '(none)';
    case 'client':
      return event.client ?? '(none)';
  }
}

/** The 95th percentile latency of the final rows, by nearest rank. */
function exactP95(events: UsageEvent[]): number | null {
  const latencies = events.filter((event) => event.final).map((event) => event.latencyMs).sort((left, right) => left - right);
  return latencies.length === 0 ? null : latencies[Math.ceil(0.95 * latencies.length) - 1]!;
}

/** What the dashboard must answer, summed straight from the rows in plain JavaScript. */
function expected(events: UsageEvent[], from: number, to: number, offsetMs: number, breakdown: Breakdown) {
  const granularity = granularityFor(to - from);
  const inRange = events.filter((event) => event.time >= from && event.time < to);
  const series = new Map<string, Map<number, { requests: number; costUnits: number }>>();
  const heatmap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  for (const event of inRange) {
    const name = seriesName(event, breakdown);
    const buckets = series.get(name) ?? new Map();
    series.set(name, buckets);
    const start = bucketStart(event.time, granularity, offsetMs);
    const cell = buckets.get(start) ?? { requests: 0, costUnits: 0 };
    cell.requests += event.final ? 1 : 0;
    cell.costUnits += Math.round((event.costUsd ?? 0) * 1e10);
    buckets.set(start, cell);
    const local = new Date(event.time + offsetMs);
    heatmap[local.getUTCDay()]![local.getUTCHours()]! += event.final ? 1 : 0;
  }
  return {
    requests: inRange.filter((event) => event.final).length,
    errors: inRange.filter((event) => event.final && event.status >= 400).length,
    outputTokens: inRange.reduce((sum, event) => sum + event.usage.outputTokens, 0),
    p95: exactP95(inRange),
    inputTokens: inRange.reduce((sum, event) => sum + event.usage.inputTokens, 0),
    costUnits: inRange.reduce((sum, event) => sum + Math.round((event.costUsd ?? 0) * 1e10), 0),
    unpriced: inRange.filter((event) => event.costUsd === null && event.usage.inputTokens + event.usage.outputTokens > 0).length,
    series,
    heatmap,
  };
}

describe('the rollup', () => {
  it('answers what the raw rows say, for any range, time zone and deletes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArbitrary, { maxLength: 60 }),
        fc.integer({ min: base - hour, max: now - 4 * hour }),
        fc.integer({ min: 1, max: 10 * day }),
        fc.integer({ min: -48, max: 56 }).map((quarters) => quarters * 15),
        fc.constantFrom<Breakdown>('provider', 'key', 'model', 'client'),
        fc.boolean(),
        fc.boolean(),
        async (drawn, from, span, utcOffsetMinutes, breakdown, deleteSome, histogram) => {
          // With no exact limit every p95 comes from the daily histogram and its raw partial days.
          const { client, insert, database } = dashboardFixture({ now, overrides: histogram ? { queries: { exactPercentileLimit: 0 } } : {} });
          let events: UsageEvent[] = drawn.map((event) => ({
            time: event.time,
            client: event.client,
            provider: event.provider,
            keyId: event.provider === null ? null : event.keyId,
            modelRequested: event.modelRequested,
            modelUsed: event.modelUsed,
            status: event.status,
            latencyMs: event.latencyMs,
            firstByteMs: null,
            usage: { inputTokens: event.inputTokens, outputTokens: event.outputTokens, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
            costUsd: event.costCents === null ? null : event.costCents / 100,
            stream: false,
            error: null,
            endpoint: 'chat',
            final: event.final,
            rawUsage: null,
          }));
          insert(events);
          if (deleteSome) {
            database.prepare("DELETE FROM usage_events WHERE provider = 'dear'").run();
            events = events.filter((event) => event.provider !== 'dear');
          }
          const to = from + span;
          const want = expected(events, from, to, utcOffsetMinutes * minute, breakdown);
          const dashboard = await client.dashboard({ range: 'custom', from, to, breakdown, utcOffsetMinutes });
          expect(dashboard.totals.requests).toBe(want.requests);
          expect(dashboard.totals.errors).toBe(want.errors);
          expect(dashboard.totals.outputTokens).toBe(want.outputTokens);
          if (want.p95 === null || !histogram) expect(dashboard.totals.p95LatencyMs).toBe(want.p95);
          else expect(Math.abs(dashboard.totals.p95LatencyMs! / want.p95 - 1)).toBeLessThanOrEqual(0.025);
          expect(dashboard.totals.inputTokens).toBe(want.inputTokens);
          expect(Math.round(dashboard.totals.costUsd * 1e10)).toBe(want.costUnits);
          expect(dashboard.totals.unpricedRequests).toBe(want.unpriced);
          expect(dashboard.heatmap).toEqual(want.heatmap);
          expect(new Set(dashboard.series.map((series) => series.name))).toEqual(new Set(want.series.keys()));
          for (const series of dashboard.series) {
            const buckets = want.series.get(series.name)!;
            expect(series.requests).toEqual(dashboard.buckets.map((start) => buckets.get(start)?.requests ?? 0));
            expect(series.costUsd.map((usd) => Math.round(usd * 1e10))).toEqual(dashboard.buckets.map((start) => buckets.get(start)?.costUnits ?? 0));
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
