import { describe, expect, it } from 'vitest';
import type { RequestLogRow } from '../../../src-shared/control/usage-api.js';
import { emptyLogFilters, filtersFromHash, filtersToQuery, filtersToSearch, isFiltered, logPageSize, rowMatchesFilters, type LogFilters } from '../../../src-renderer/lib/log-filters.js';

const now = Date.UTC(2026, 0, 15, 12);

const row = (patch: Partial<RequestLogRow> = {}): RequestLogRow => ({
  id: 10,
  time: now - 60_000,
  client: 'editor',
  modelRequested: 'gpt-4',
  modelUsed: 'gpt-4o',
  provider: 'openai-main',
  key: 'oa-1',
  status: 200,
  latencyMs: 900,
  firstByteMs: 200,
  inputTokens: 10,
  outputTokens: 20,
  cacheReadTokens: 0,
  cacheWriteTokens: 0,
  costUsd: 0.001,
  stream: true,
  endpoint: '/v1/chat/completions',
  error: null,
  ...patch,
});

describe('the request log filters', () => {
  it('ask for the newest page of everything when nothing is set', () => {
    expect(filtersToQuery({ ...emptyLogFilters }, now)).toEqual({ limit: logPageSize });
    expect(isFiltered({ ...emptyLogFilters })).toBe(false);
  });

  it('turn every filter into its query field, trimmed, with the range counted back from now and the cursor', () => {
    const filters: LogFilters = { range: '24h', client: ' editor ', provider: 'openai-main', model: 'gpt-4', outcome: 'error', search: ' timeout ' };
    expect(filtersToQuery(filters, now, 77)).toEqual({
      limit: logPageSize,
      from: now - 86_400_000,
      client: 'editor',
      provider: 'openai-main',
      model: 'gpt-4',
      outcome: 'error',
      search: 'timeout',
      before: 77,
    });
  });

  it('survive the trip through the URL hash, characters that need escaping included', () => {
    const filters: LogFilters = { range: '7d', client: 'my editor & co', provider: '', model: 'claude-sonnet-4-5', outcome: 'ok', search: '50% = "slow"?' };
    const hash = `#/log?${filtersToSearch(filters)}`;
    expect(filtersFromHash(hash)).toEqual(filters);
    expect(filtersToSearch({ ...emptyLogFilters })).toBe('');
    expect(filtersFromHash('#/log')).toEqual(emptyLogFilters);
  });

  it('read unknown range or outcome values in a hand-made URL as "any"', () => {
    expect(filtersFromHash('#/log?range=forever&outcome=maybe&client=x')).toEqual({ ...emptyLogFilters, client: 'x' });
  });

  it('let a live row through only where a reload would show it', () => {
    expect(rowMatchesFilters(row(), { ...emptyLogFilters }, now)).toBe(true);
    expect(rowMatchesFilters(row(), { ...emptyLogFilters, client: 'other' }, now)).toBe(false);
    expect(rowMatchesFilters(row(), { ...emptyLogFilters, model: 'gpt-4o' }, now)).toBe(true);
    expect(rowMatchesFilters(row(), { ...emptyLogFilters, outcome: 'error' }, now)).toBe(false);
    expect(rowMatchesFilters(row({ status: 502 }), { ...emptyLogFilters, outcome: 'error' }, now)).toBe(true);
    expect(rowMatchesFilters(row({ time: now - 2 * 3_600_000 }), { ...emptyLogFilters, range: '1h' }, now)).toBe(false);
    // The server searches more than a row carries, so a search holds live rows back.
    expect(rowMatchesFilters(row(), { ...emptyLogFilters, search: 'editor' }, now)).toBe(false);
  });
});
