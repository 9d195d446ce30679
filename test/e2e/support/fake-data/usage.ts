import type { ControlService } from '../../../../src-shared/control/control-service.js';
import { fakeEnvironment } from '../../../support/control-fakes.js';
import type { Dashboard, DashboardQuery, DashboardSeries, Granularity, QuotaView, RequestLogRow } from '../../../../src-shared/control/usage-api.js';

/**
 * A week of a small team's traffic through four providers, fixed so the browser tests can say
 * exactly what the window must show, and realistic enough for the README's screenshots: a key at
 * warning, one at critical, an unpriced local model and a CNY balance.
 */

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

/** Today's figures; the other ranges scale them, so switching range visibly changes the tiles. */
export const todayTotals: Dashboard['totals'] = {
  requests: 1_284,
  errors: 33,
  successRate: 0.9743,
  inputTokens: 1_820_000,
  outputTokens: 412_000,
  cacheReadTokens: 960_000,
  cacheWriteTokens: 58_000,
  reasoningTokens: 21_000,
  costUsd: 12.3456,
  unpricedRequests: 37,
  p95LatencyMs: 2_340,
  savedUsd: 3.1,
};

const names: Record<DashboardQuery['breakdown'], string[]> = {
  provider: ['anthropic', 'openai', 'deepseek', 'gemini', 'ollama'],
  model: ['claude-sonnet-4', 'gpt-4.1-mini', 'deepseek-chat', 'gemini-2.5-flash', 'llama3.1:8b'],
  key: ['anthropic/team', 'openai/main', 'deepseek/cn', 'gemini/free', 'ollama/local'],
  client: ['cursor', 'claude-code', 'scripts', 'n8n', '(none)'],
};

/** Dollars per request of each series; the fifth is the unpriced local model. */
const dollarsPerRequest = [0.021, 0.0042, 0.0011, 0.0006, 0];
const shares = [0.34, 0.27, 0.19, 0.12, 0.08];

function shape(range: DashboardQuery['range']): { buckets: number; granularity: Granularity; width: number; scale: number } {
  switch (range) {
    case 'today':
      return { buckets: 24, granularity: 'hour', width: hourMs, scale: 1 };
    case '24h':
      return { buckets: 24, granularity: 'hour', width: hourMs, scale: 1.1 };
    case '7d':
    case 'custom':
      return { buckets: 7, granularity: 'day', width: dayMs, scale: 6.4 };
    case '30d':
      return { buckets: 30, granularity: 'day', width: dayMs, scale: 24 };
    case 'all':
      return { buckets: 12, granularity: 'week', width: 7 * dayMs, scale: 61 };
    default: {
      const exhaustive: never = range;
      return exhaustive;
    }
  }
}

/** Requests of one bucket: busier in working hours and on weekdays, the same on every run. */
function requestsAt(start: number, granularity: Granularity, index: number): number {
  if (granularity === 'hour' || granularity === 'minute') {
    const hour = new Date(start).getUTCHours();
    return hour >= 8 && hour <= 19 ? 70 + ((index * 37) % 45) : 4 + ((index * 11) % 9);
  }
  const weekday = new Date(start).getUTCDay();
  return (weekday === 0 || weekday === 6 ? 310 : 1_150) + ((index * 131) % 240);
}

export interface UsageFake {
  /** Every input the dashboard was asked with, in order. */
  dashboardCalls: DashboardQuery[];
  refreshBalanceCalls: number;
  /** Requests recorded since the test began; they add to today's totals, as a live request would. */
  extraRequests: number;
  service: Partial<ControlService>;
}

/** `now` pins the range's end, so the buckets are the same on every run. */
export function createUsageFake(options: { now: number; empty?: boolean }): UsageFake {
  const fake: UsageFake = {
    dashboardCalls: [],
    refreshBalanceCalls: 0,
    extraRequests: 0,
    service: {
      dashboard: async (query) => {
        fake.dashboardCalls.push(query);
        return options.empty ? emptyDashboard(options.now) : dashboardFor(query, options.now, fake.extraRequests);
      },
      quotas: async () => quotaViews(options.now),
      refreshBalances: async () => {
        fake.refreshBalanceCalls += 1;
      },
      // Past the first run, so the window stays on the page a test opens.
      environment: async () => ({ ...fakeEnvironment, firstRun: false }),
    },
  };
  return fake;
}

export function dashboardFor(query: DashboardQuery, now: number, extraRequests = 0): Dashboard {
  const { buckets: count, granularity, width, scale } = shape(query.range);
  const to = query.range === 'custom' && query.to !== undefined ? query.to : Math.floor(now / width) * width + width;
  const from = query.range === 'custom' && query.from !== undefined ? query.from : to - count * width;
  const buckets = Array.from({ length: count }, (_, index) => from + index * width);
  const perBucket = buckets.map((start, index) => requestsAt(start, granularity, index));
  const series: DashboardSeries[] = (names[query.breakdown] ?? []).map((name, position) => {
    const requests = perBucket.map((total) => Math.round(total * (shares[position] ?? 0)));
    const costUsd = requests.map((value) => Math.round(value * (dollarsPerRequest[position] ?? 0) * 10_000) / 10_000);
    return { name, requests, costUsd };
  });
  const scaled = (value: number) => Math.round(value * scale);
  const totals: Dashboard['totals'] = {
    ...todayTotals,
    requests: scaled(todayTotals.requests) + extraRequests,
    errors: scaled(todayTotals.errors),
    inputTokens: scaled(todayTotals.inputTokens),
    outputTokens: scaled(todayTotals.outputTokens),
    cacheReadTokens: scaled(todayTotals.cacheReadTokens),
    cacheWriteTokens: scaled(todayTotals.cacheWriteTokens),
    costUsd: Math.round(todayTotals.costUsd * scale * 10_000) / 10_000,
    unpricedRequests: scaled(todayTotals.unpricedRequests),
    savedUsd: Math.round(todayTotals.savedUsd * scale * 100) / 100,
  };
  return { from, to, granularity, totals, buckets, series, heatmap: heatmap(), quotas: quotaViews(now).map(({ provider, key, usedFraction, level }) => ({ provider, key, usedFraction, level })) };
}

function emptyDashboard(now: number): Dashboard {
  const from = Math.floor(now / dayMs) * dayMs;
  return {
    from,
    to: from + dayMs,
    granularity: 'hour',
    totals: { requests: 0, errors: 0, successRate: null, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0, unpricedRequests: 0, p95LatencyMs: null, savedUsd: 0 },
    buckets: [],
    series: [],
    heatmap: Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0)),
    quotas: [],
  };
}

/** Office hours on weekdays, a little on the weekend; Tuesday at 14:00 is the busiest hour. */
function heatmap(): number[][] {
  return Array.from({ length: 7 }, (_, day) =>
    Array.from({ length: 24 }, (_, hour) => {
      const weekend = day === 0 || day === 6;
      const office = hour >= 9 && hour <= 18;
      const base = office ? (weekend ? 14 : 60 + ((hour * 7 + day * 3) % 25)) : weekend ? 2 : 6 + (hour % 4);
      return day === 2 && hour === 14 ? 142 : base;
    }),
  );
}

export function quotaViews(now: number): QuotaView[] {
  const iso = (offset: number) => new Date(now + offset).toISOString();
  return [
    {
      provider: 'anthropic',
      key: 'team',
      hint: 'sk-ant-…9f2c',
      currency: 'USD',
      budget: { limit: 200, used: 171.4, left: 28.6, period: 'monthly', resetsAt: iso(9 * dayMs) },
      credit: null,
      balance: null,
      pace: { usdPerDay: 9.2, runsOutAt: iso(3 * dayMs + 2 * hourMs) },
      subscription: null,
      usedFraction: 0.857,
      level: 'warning',
    },
    {
      provider: 'openai',
      key: 'main',
      hint: 'sk-…abcd',
      currency: 'USD',
      budget: { limit: 50, used: 48.9, left: 1.1, period: 'daily', resetsAt: iso(6 * hourMs) },
      credit: null,
      balance: { amount: 12.5, currency: 'USD', amountUsd: 12.5, fetchedAt: iso(-50 * hourMs), stale: true },
      pace: { usdPerDay: 41.3, runsOutAt: iso(40 * 60_000) },
      subscription: null,
      usedFraction: 0.978,
      level: 'critical',
    },
    {
      provider: 'deepseek',
      key: 'cn',
      hint: 'sk-…71e0',
      currency: 'CNY',
      budget: null,
      credit: { initial: 500, left: 386.2, source: 'vendor' },
      balance: { amount: 386.2, currency: 'CNY', amountUsd: 53.4, fetchedAt: iso(-12 * 60_000), stale: false },
      pace: { usdPerDay: 1.8, runsOutAt: iso(29 * dayMs) },
      subscription: null,
      usedFraction: 0.2276,
      level: 'ok',
    },
    {
      provider: 'anthropic',
      key: 'max-plan',
      hint: 'sk-ant-oat…55aa',
      currency: 'USD',
      budget: null,
      credit: { initial: 100, left: 64, source: 'config' },
      balance: null,
      pace: { usdPerDay: 0.4, runsOutAt: null },
      subscription: { name: 'Claude Max', usedFraction: 0.42, resetsAt: iso(2 * hourMs + 15 * 60_000) },
      usedFraction: 0.36,
      level: 'ok',
    },
    {
      provider: 'ollama',
      key: 'local',
      hint: '(no key)',
      currency: 'USD',
      budget: null,
      credit: null,
      balance: null,
      pace: null,
      subscription: null,
      usedFraction: null,
      level: 'unknown',
    },
  ];
}

/** A finished request as the live feed reports it. */
export function requestRow(id: number, now: number): RequestLogRow {
  return {
    id,
    time: now,
    client: 'cursor',
    modelRequested: 'claude-sonnet-4',
    modelUsed: 'claude-sonnet-4',
    provider: 'anthropic',
    key: 'team',
    status: 200,
    latencyMs: 812,
    firstByteMs: 240,
    inputTokens: 1_200,
    outputTokens: 310,
    cacheReadTokens: 900,
    cacheWriteTokens: 0,
    costUsd: 0.0081,
    stream: true,
    endpoint: '/v1/messages',
    error: null,
  };
}
