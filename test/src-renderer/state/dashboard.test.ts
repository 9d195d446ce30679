import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Dashboard, DashboardQuery } from '../../../src-shared/control/usage-api.js';
import { DashboardState, dashboardQuery, liveReloadIntervalMs, localDate } from '../../../src-renderer/state/dashboard.svelte.js';

function answer(requests: number): Dashboard {
  return {
    from: 0,
    to: 1,
    granularity: 'hour',
    totals: { requests, errors: 0, successRate: 1, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, costUsd: 0, unpricedRequests: 0, p95LatencyMs: null, savedUsd: 0 },
    buckets: [],
    series: [],
    heatmap: [],
    quotas: [],
  };
}

function recordingState(): { state: DashboardState; calls: DashboardQuery[] } {
  const calls: DashboardQuery[] = [];
  const state = new DashboardState(async (query) => {
    calls.push(query);
    return answer(calls.length);
  });
  return { state, calls };
}

describe('the dashboard query', () => {
  it('sends the range, the breakdown and the time zone, and no dates but for a custom range', () => {
    expect(dashboardQuery({ range: '7d', breakdown: 'model', customFrom: '2025-03-03', customTo: '2025-03-09' }, 480)).toEqual({ range: '7d', breakdown: 'model', utcOffsetMinutes: 480 });
  });

  it('runs a custom range from the first day’s local midnight to the midnight after the last day', () => {
    const query = dashboardQuery({ range: 'custom', breakdown: 'provider', customFrom: '2025-03-03', customTo: '2025-03-09' }, 60);
    expect(query).toEqual({ range: 'custom', breakdown: 'provider', utcOffsetMinutes: 60, from: new Date(2025, 2, 3).getTime(), to: new Date(2025, 2, 10).getTime() });
  });

  it('uses the browser’s offset from UTC by default', () => {
    expect(dashboardQuery({ range: 'today', breakdown: 'key', customFrom: '', customTo: '' }).utcOffsetMinutes).toBe(-new Date().getTimezoneOffset());
  });
});

describe('the dashboard state', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks again with the new range and breakdown, keeping the last figures while it loads', async () => {
    const { state, calls } = recordingState();
    await state.load();
    expect(calls[0]).toMatchObject({ range: 'today', breakdown: 'provider' });
    const reloading = state.setBreakdown('client');
    expect(state.figures.data?.totals.requests).toBe(1);
    await reloading;
    await state.setRange('30d');
    expect(calls.map((call) => [call.range, call.breakdown])).toEqual([
      ['today', 'provider'],
      ['today', 'client'],
      ['30d', 'client'],
    ]);
    expect(state.figures.data?.totals.requests).toBe(3);
  });

  it('turns a custom range picked backwards round, and selects the custom range', async () => {
    const { state, calls } = recordingState();
    await state.setCustomRange('2025-03-09', '2025-03-03');
    expect([state.range, state.customFrom, state.customTo]).toEqual(['custom', '2025-03-03', '2025-03-09']);
    expect(calls[0]).toMatchObject({ from: new Date(2025, 2, 3).getTime(), to: new Date(2025, 2, 10).getTime() });
  });

  it('defaults the custom range to the last seven days', () => {
    const { state } = recordingState();
    expect(state.customTo).toBe(localDate(Date.now()));
    expect(state.customFrom).toBe(localDate(Date.now() - 6 * 86_400_000));
  });

  it('reloads for live requests at most once a second, and at once after a quiet second', async () => {
    const { state, calls } = recordingState();
    await state.load();
    state.liveReload();
    state.liveReload();
    state.liveReload();
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(liveReloadIntervalMs - 1);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(5 * liveReloadIntervalMs);
    expect(calls).toHaveLength(2);
    state.liveReload();
    expect(calls).toHaveLength(3);
  });

  it('drops a pending live reload when the page goes away', async () => {
    const { state, calls } = recordingState();
    await state.load();
    state.liveReload();
    state.cancelPending();
    await vi.advanceTimersByTimeAsync(2 * liveReloadIntervalMs);
    expect(calls).toHaveLength(1);
  });

  it('switches each panel between chart and table on its own', () => {
    const { state } = recordingState();
    state.toggleView('spend');
    expect(state.views).toEqual({ spend: 'table', requests: 'chart', heatmap: 'chart' });
    state.toggleView('spend');
    state.toggleView('heatmap');
    expect(state.views).toEqual({ spend: 'chart', requests: 'chart', heatmap: 'table' });
  });
});
