/**
 * The window's figures: the dashboard, quotas, the request log and the clients' keys. Money is USD
 * as recorded (exact cost); `null` cost means unpriced, which the window shows as such, never $0.
 */

export const dashboardRanges = ['today', '24h', '7d', '30d', 'all', 'custom'] as const;
export type DashboardRange = (typeof dashboardRanges)[number];

export const breakdownDimensions = ['provider', 'model', 'key', 'client'] as const;
export type BreakdownDimension = (typeof breakdownDimensions)[number];

/** Bucket width of the time series; follows the range (hour for a day, day for a month). */
export type Granularity = 'minute' | 'hour' | 'day' | 'week';

export interface DashboardQuery {
  range: DashboardRange;
  /** Epoch ms, for `custom` only. */
  from?: number;
  to?: number;
  /** What the stacked series are split by. */
  breakdown: BreakdownDimension;
  /** The browser's offset from UTC in minutes (`-new Date().getTimezoneOffset()`), for "today" and the heatmap. */
  utcOffsetMinutes: number;
}

export interface DashboardTotals {
  requests: number;
  errors: number;
  /** 0–1; null with no requests. */
  successRate: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number;
  unpricedRequests: number;
  p95LatencyMs: number | null;
  /** What the same tokens would have cost on the dearest priced candidate of each request's model, less what they cost. */
  savedUsd: number;
}

export interface DashboardSeries {
  /** The provider id, model, `provider/key` or client name; `(none)` for requests without one. */
  name: string;
  /** One value per bucket, aligned with `buckets`. */
  costUsd: number[];
  requests: number[];
}

export interface KeyQuota {
  provider: string;
  key: string;
  /** 0–1 of the budget or credit used; null with neither. */
  usedFraction: number | null;
  /** `ok` below the first notification threshold, `warning` past it, `critical` past the second. */
  level: 'ok' | 'warning' | 'critical' | 'unknown';
}

export interface Dashboard {
  from: number;
  to: number;
  granularity: Granularity;
  totals: DashboardTotals;
  /** Bucket start times, epoch ms. */
  buckets: number[];
  series: DashboardSeries[];
  /** [weekday 0=Sunday..6][hour 0..23] → requests, in the browser's time zone. */
  heatmap: number[][];
  quotas: KeyQuota[];
}

export interface QuotaView {
  provider: string;
  key: string;
  hint: string;
  /** The unit the vendor counts in (USD, CNY); budgets are USD. */
  currency: string;
  budget: { limit: number; used: number; left: number; period: 'total' | 'monthly' | 'daily'; resetsAt: string | null } | null;
  credit: { initial: number | null; left: number; source: 'config' | 'vendor' } | null;
  /** The vendor's reported balance and its age; `stale` after two refresh intervals. */
  balance: { amount: number; currency: string; amountUsd: number; fetchedAt: string; stale: boolean } | null;
  /** Average spend per day over the last 7 days and when the money left runs out at that pace. */
  pace: { usdPerDay: number; runsOutAt: string | null } | null;
  /** A subscription's usage window (Claude Max/Pro, say), kept apart from prepaid balance. */
  subscription: { name: string; usedFraction: number | null; resetsAt: string | null } | null;
  usedFraction: number | null;
  level: KeyQuota['level'];
}

export interface RequestLogQuery {
  /** Epoch ms. */
  from?: number;
  to?: number;
  client?: string;
  provider?: string;
  model?: string;
  /** `ok` 2xx, `error` otherwise. */
  outcome?: 'ok' | 'error';
  /** Free text over model names, client, provider, key and error. */
  search?: string;
  /** Rows before this id (the page's cursor); absent for the newest page. */
  before?: number;
  limit?: number;
}

export interface RequestLogRow {
  id: number;
  time: number;
  client: string | null;
  modelRequested: string | null;
  modelUsed: string | null;
  provider: string | null;
  key: string | null;
  status: number;
  latencyMs: number;
  firstByteMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
  costUsd: number | null;
  stream: boolean;
  endpoint: string;
  error: string | null;
}

export interface RequestLogPage {
  rows: RequestLogRow[];
  /** The cursor for the next (older) page; null at the end. */
  nextBefore: number | null;
  total: number;
}

export interface RequestDetail extends RequestLogRow {
  reasoningTokens: number;
  /** The bodies, secrets redacted, only when body logging was on for this request. */
  requestBody: string | null;
  responseBody: string | null;
  /** Set when bodies were logged: whether each was cut at the logging cap (the rest was not kept). */
  requestTruncated?: boolean;
  responseTruncated?: boolean;
}

export interface ClientView {
  name: string;
  hint: string;
  /** `config`: from the file (revoke it there); `generated`: made in the window. */
  source: 'config' | 'generated';
  createdAt: string;
  requests: number;
  costUsd: number;
  lastUsedAt: string | null;
}

export interface UsageApi {
  dashboard(input: DashboardQuery): Promise<Dashboard>;
  quotas(): Promise<QuotaView[]>;
  requestLog(input: RequestLogQuery): Promise<RequestLogPage>;
  requestDetail(input: { id: number }): Promise<RequestDetail>;
  listClients(): Promise<ClientView[]>;
  /** The key is in the answer this once and nowhere else afterwards (stored as a hash). */
  createClient(input: { name: string }): Promise<{ client: ClientView; key: string }>;
  revokeClient(input: { name: string }): Promise<void>;
}
