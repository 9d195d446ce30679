import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RequestLogQuery, RequestLogRow } from '../../../src-shared/control/usage-api.js';

const requestLog = vi.fn<(input: RequestLogQuery) => Promise<{ rows: RequestLogRow[]; nextBefore: number | null; total: number }>>();
const requestDetail = vi.fn();
vi.mock('../../../src-renderer/lib/api.js', () => ({ api: { requestLog, requestDetail } }));

const { RequestLog } = await import('../../../src-renderer/state/request-log.svelte.js');

const now = Date.UTC(2026, 0, 15, 12);
const row = (id: number, patch: Partial<RequestLogRow> = {}): RequestLogRow => ({
  id, time: now - id, client: 'editor', modelRequested: 'gpt-4', modelUsed: 'gpt-4o', provider: 'openai-main', key: 'oa-1', status: 200,
  latencyMs: 100, firstByteMs: 50, inputTokens: 1, outputTokens: 1, cacheReadTokens: 0, cacheWriteTokens: 0, costUsd: null, stream: false,
  endpoint: '/v1/chat/completions', error: null, ...patch,
});

beforeEach(() => {
  requestLog.mockReset();
  requestDetail.mockReset();
  history.replaceState(null, '', '/');
});

describe('the request log state', () => {
  it('takes its filters from the URL hash and asks for the first page with them', async () => {
    requestLog.mockResolvedValue({ rows: [row(3)], nextBefore: null, total: 1 });
    const log = new RequestLog(() => now);
    await log.open('#/log?client=editor&outcome=error');
    expect(requestLog).toHaveBeenCalledWith({ limit: 50, client: 'editor', outcome: 'error' });
    expect(log.filters.client).toBe('editor');
    expect(log.rows.map((entry) => entry.id)).toEqual([3]);
  });

  it('writes applied filters into the hash, so a reload keeps them, and loads the first page anew', async () => {
    requestLog.mockResolvedValue({ rows: [], nextBefore: null, total: 0 });
    const log = new RequestLog(() => now);
    await log.open('#/log');
    await log.applyFilters({ provider: 'deepseek', range: '7d' });
    expect(window.location.hash).toBe('#/log?range=7d&provider=deepseek');
    expect(requestLog).toHaveBeenLastCalledWith({ limit: 50, from: now - 7 * 86_400_000, provider: 'deepseek' });
    await log.clearFilters();
    expect(window.location.hash).toBe('#/log');
  });

  it('follows the cursor for older pages and appends them, keeping the total', async () => {
    requestLog.mockResolvedValueOnce({ rows: [row(9), row(8)], nextBefore: 8, total: 4 });
    requestLog.mockResolvedValueOnce({ rows: [row(7), row(6)], nextBefore: null, total: 4 });
    const log = new RequestLog(() => now);
    await log.open('#/log?model=gpt-4');
    await log.loadMore();
    expect(requestLog).toHaveBeenLastCalledWith({ limit: 50, model: 'gpt-4', before: 8 });
    expect(log.rows.map((entry) => entry.id)).toEqual([9, 8, 7, 6]);
    expect(log.nextBefore).toBeNull();
    await log.loadMore();
    expect(requestLog).toHaveBeenCalledTimes(2);
  });

  it('puts live requests on top when the filters let them through, once each', async () => {
    requestLog.mockResolvedValue({ rows: [row(5)], nextBefore: null, total: 1 });
    const log = new RequestLog(() => now);
    await log.open('#/log?client=editor');
    log.receive([row(7), row(6, { client: 'other' }), row(5)]);
    log.receive([row(7), row(6, { client: 'other' }), row(5)]);
    expect(log.rows.map((entry) => entry.id)).toEqual([7, 5]);
    expect(log.total).toBe(2);
  });

  it('keeps the detail of the request last opened, and forgets it on close', async () => {
    requestLog.mockResolvedValue({ rows: [row(5)], nextBefore: null, total: 1 });
    requestDetail.mockResolvedValue({ ...row(5), reasoningTokens: 0, requestBody: '{}', responseBody: null });
    const log = new RequestLog(() => now);
    await log.openDetail(5);
    expect(requestDetail).toHaveBeenCalledWith({ id: 5 });
    expect(log.detail?.requestBody).toBe('{}');
    log.closeDetail();
    expect(log.detail).toBeNull();
    expect(log.detailId).toBeNull();
  });
});
