import type { StatsSummary, StatsWindow } from '../../src-shared/stats.js';
import type { Database } from '../store/database.js';
import { usdFromUnits, usdUnitsPerDollar } from './usd-amount.js';

const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

const windowLengthMs: Record<StatsWindow, number | null> = {
  '24h': dayMs,
  '7d': 7 * dayMs,
  '30d': 30 * dayMs,
  all: null,
};

/** The first millisecond inside the window ending at `now`. */
export function windowStart(window: StatsWindow, now: number): number {
  const length = windowLengthMs[window];
  return length === null ? Number.MIN_SAFE_INTEGER : now - length;
}

/*
 * Requests are what clients saw: one per `final` row, so a request that failed over from one key
 * to another counts once. Tokens and cost count every attempt, since an upstream that billed a
 * failed attempt billed it; this keeps the costs here equal to the spend budgets are checked
 * against. A NULL cost (no known price) adds nothing and is not taken for $0; such rows with tokens
 * are counted as `unpricedRequests`, so the UI can say part of the spend has no price.
 *
 * Costs are summed as whole 1e-10 USD units (each stored cost is already rounded to one), which
 * SQLite adds exactly as integers; summing the REAL column drifts into float noise.
 */
const requestColumns = `
  COUNT(*) FILTER (WHERE final = 1) AS requests,
  COALESCE(SUM(CAST(ROUND(cost_usd * ${usdUnitsPerDollar}) AS INTEGER)), 0) AS costUnits,
  COUNT(*) FILTER (WHERE cost_usd IS NULL AND input_tokens + output_tokens > 0) AS unpricedRequests`;

interface TotalsRow {
  requests: number;
  unpricedRequests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUnits: number;
}

interface GroupRow {
  name: string;
  requests: number;
  costUnits: number;
  unpricedRequests: number;
}

/** `unpricedRequests` only where there are some: the documented shape stays as it is otherwise. */
function unpriced(row: { unpricedRequests: number }): { unpricedRequests?: number } {
  return row.unpricedRequests > 0 ? { unpricedRequests: row.unpricedRequests } : {};
}

function grouped(database: Database, groupBy: string, since: number): GroupRow[] {
  return database
    .prepare<[number], GroupRow>(
      `SELECT ${groupBy} AS name, ${requestColumns} FROM usage_events
       WHERE time >= ? AND ${groupBy} IS NOT NULL
       GROUP BY ${groupBy}
       ORDER BY requests DESC, costUnits DESC, name`,
    )
    .all(since);
}

/** `GET /api/stats/summary`. `remainingUsd` is left null for the caller, who knows the budgets. */
export function summarizeUsage(database: Database, window: StatsWindow, now: number): StatsSummary {
  const since = windowStart(window, now);
  const totals = database
    .prepare<[number], TotalsRow>(
      `SELECT ${requestColumns},
         COUNT(*) FILTER (WHERE final = 1 AND status >= 400) AS errors,
         COALESCE(SUM(input_tokens), 0) AS inputTokens,
         COALESCE(SUM(output_tokens), 0) AS outputTokens
       FROM usage_events WHERE time >= ?`,
    )
    .get(since)!;
  const byKey = database
    .prepare<[number], GroupRow & { key: string }>(
      `SELECT provider AS name, key_id AS key, ${requestColumns} FROM usage_events
       WHERE time >= ? AND provider IS NOT NULL AND key_id IS NOT NULL
       GROUP BY provider, key_id
       ORDER BY requests DESC, costUnits DESC, provider, key_id`,
    )
    .all(since);
  return {
    window,
    requests: totals.requests,
    errors: totals.errors,
    inputTokens: totals.inputTokens,
    outputTokens: totals.outputTokens,
    costUsd: usdFromUnits(totals.costUnits),
    ...unpriced(totals),
    byProvider: grouped(database, 'provider', since).map((row) => ({
      provider: row.name,
      requests: row.requests,
      costUsd: usdFromUnits(row.costUnits),
    })),
    // The model that answered, or the one asked for when none did (a request that failed outright).
    byModel: grouped(database, 'COALESCE(model_used, model_requested)', since).map((row) => ({
      model: row.name,
      requests: row.requests,
      costUsd: usdFromUnits(row.costUnits),
      ...unpriced(row),
    })),
    byKey: byKey.map((row) => ({
      provider: row.name,
      key: row.key,
      requests: row.requests,
      costUsd: usdFromUnits(row.costUnits),
      remainingUsd: null,
    })),
    byClient: grouped(database, 'client', since).map((row) => ({
      client: row.name,
      requests: row.requests,
      costUsd: usdFromUnits(row.costUnits),
    })),
  };
}
