import type { RequestLogQuery, RequestLogRow } from '../../src-shared/control/usage-api.js';

/**
 * The request log's filters as the user sets them, and their two translations: the service's query
 * and the URL hash's query string (`#/log?range=24h&outcome=error`), so a reload or a bookmark keeps
 * them. Empty strings mean "any".
 */

export const logRanges = ['all', '1h', '24h', '7d', '30d'] as const;
export type LogRange = (typeof logRanges)[number];
export const logOutcomes = ['', 'ok', 'error'] as const;
export type LogOutcome = (typeof logOutcomes)[number];

export interface LogFilters {
  range: LogRange;
  client: string;
  provider: string;
  model: string;
  outcome: LogOutcome;
  search: string;
}

export const emptyLogFilters: Readonly<LogFilters> = { range: 'all', client: '', provider: '', model: '', outcome: '', search: '' };

const rangeMilliseconds: Record<Exclude<LogRange, 'all'>, number> = {
  '1h': 3_600_000,
  '24h': 86_400_000,
  '7d': 7 * 86_400_000,
  '30d': 30 * 86_400_000,
};

export const logPageSize = 50;

export function filtersToQuery(filters: LogFilters, now: number, before?: number): RequestLogQuery {
  const query: RequestLogQuery = { limit: logPageSize };
  if (filters.range !== 'all') query.from = now - rangeMilliseconds[filters.range];
  if (filters.client.trim() !== '') query.client = filters.client.trim();
  if (filters.provider.trim() !== '') query.provider = filters.provider.trim();
  if (filters.model.trim() !== '') query.model = filters.model.trim();
  if (filters.outcome !== '') query.outcome = filters.outcome;
  if (filters.search.trim() !== '') query.search = filters.search.trim();
  if (before !== undefined) query.before = before;
  return query;
}

const textFields = ['client', 'provider', 'model', 'search'] as const;

/** The hash's query string for the filters, without defaults: `range=24h&client=editor`, or ''. */
export function filtersToSearch(filters: LogFilters): string {
  const parameters = new URLSearchParams();
  if (filters.range !== 'all') parameters.set('range', filters.range);
  for (const field of textFields) if (filters[field].trim() !== '') parameters.set(field, filters[field].trim());
  if (filters.outcome !== '') parameters.set('outcome', filters.outcome);
  return parameters.toString();
}

/** Reads the filters from a hash such as `#/log?range=24h`; unknown or malformed values fall back to "any". */
export function filtersFromHash(hash: string): LogFilters {
  const queryStart = hash.indexOf('?');
  const parameters = new URLSearchParams(queryStart === -1 ? '' : hash.slice(queryStart + 1));
  const range = parameters.get('range');
  const outcome = parameters.get('outcome');
  const filters: LogFilters = {
    ...emptyLogFilters,
    range: (logRanges as readonly string[]).includes(range ?? '') ? (range as LogRange) : 'all',
    outcome: outcome === 'ok' || outcome === 'error' ? outcome : '',
  };
  for (const field of textFields) filters[field] = parameters.get(field) ?? '';
  return filters;
}

export function isFiltered(filters: LogFilters): boolean {
  return filtersToSearch(filters) !== '';
}

/**
 * Whether a request that just finished belongs on the page the filters show, so a live row is
 * added only where a reload would have shown it. The free-text search runs on the server over more
 * than the row carries, so any search keeps live rows out; the user reloads to see them.
 */
export function rowMatchesFilters(row: RequestLogRow, filters: LogFilters, now: number): boolean {
  if (filters.search.trim() !== '') return false;
  if (filters.range !== 'all' && row.time < now - rangeMilliseconds[filters.range]) return false;
  if (filters.client.trim() !== '' && row.client !== filters.client.trim()) return false;
  if (filters.provider.trim() !== '' && row.provider !== filters.provider.trim()) return false;
  const model = filters.model.trim();
  if (model !== '' && row.modelRequested !== model && row.modelUsed !== model) return false;
  const ok = row.status >= 200 && row.status < 300;
  if (filters.outcome === 'ok' && !ok) return false;
  if (filters.outcome === 'error' && ok) return false;
  return true;
}
