import type { Statement } from 'better-sqlite3';
import type { Database } from '../store/database.js';
import {
  latencyBinGrowth,
  latencyBinSql,
  latencyRollup,
  namedRollup,
  rollupFilterSql,
  rollupMetricNames,
  rollupMetrics,
  rollupNameSql,
  totalRollup,
  type RollupDimension,
  type RollupMetric,
  type RollupTable,
} from '../store/usage-rollup-schema.js';
import { usdFromUnits, usdUnitsPerDollar } from './usd-amount.js';

/** The rollup's sums for one group (a bucket, a heatmap cell, a model) and one name. */
export type UsageSums = Record<RollupMetric, number>;

export interface UsageCell extends UsageSums {
  /** What the caller grouped by: a bucket start, a heatmap cell number, or 0. */
  group: number;
  /** The provider, `provider/key`, model or client; '' for rows without one. */
  name: string;
}

/** A span of time read from one source: whole buckets from a rollup, the rest from raw rows. */
export interface Span {
  source: 'rollup' | 'raw';
  from: number;
  to: number;
  /**
   * A raw span the rollup already counted, whole, in the group of this time: its rows are added to
   * their own groups and taken back out of that one.
   */
  countedAt?: number;
}

/**
 * What cells are grouped by: `sql` over a column of epoch ms (`bucket` in a rollup, `time` in the
 * raw rows), and `startOf`, the same in JavaScript, which tells the rollup buckets that lie inside
 * one group from those a group's edge cuts. Without `startOf` everything is one group.
 */
export interface CellGrouping {
  sql(column: string): string;
  startOf?(time: number): number;
}

/**
 * The rollup buckets inside [from, to) that no group edge cuts come from the rollup; the ragged ends
 * ("the last 24 hours" starts anywhere) and buckets several edges cut (minute groups) from the raw
 * rows by their time index. A bucket one edge cuts (a local hour or day starting at :30 or :45 of a
 * UTC hour) is counted whole in its later group from the rollup, and its part before the edge (15
 * or 30 minutes) read raw and moved to the earlier group: exact, for a quarter or half of the rows.
 * Adjacent spans of one source are merged, so a whole-hour zone reads one rollup span and at most
 * two short raw ones.
 */
export function splitSpans(from: number, to: number, bucketMs: number, startOf?: (time: number) => number): Span[] {
  const spans: Span[] = [];
  const add = (source: Span['source'], spanFrom: number, spanTo: number) => {
    if (spanFrom >= spanTo) return;
    const last = spans.at(-1);
    if (last !== undefined && last.source === source && last.countedAt === undefined && last.to === spanFrom) last.to = spanTo;
    else spans.push({ source, from: spanFrom, to: spanTo });
  };
  const innerFrom = Math.ceil(from / bucketMs) * bucketMs;
  const innerTo = Math.floor(to / bucketMs) * bucketMs;
  if (innerFrom >= innerTo) {
    add('raw', from, to);
    return spans;
  }
  add('raw', from, innerFrom);
  if (startOf === undefined) {
    add('rollup', innerFrom, innerTo);
  } else {
    for (let bucket = innerFrom; bucket < innerTo; bucket += bucketMs) {
      const end = bucket + bucketMs - 1;
      const edge = startOf(end);
      if (startOf(bucket) === edge) {
        add('rollup', bucket, bucket + bucketMs);
      } else if (startOf(edge - 1) === startOf(bucket)) {
        add('rollup', bucket, bucket + bucketMs);
        spans.push({ source: 'raw', from: bucket, to: edge, countedAt: end });
      } else {
        add('raw', bucket, bucket + bucketMs);
      }
    }
  }
  add('raw', innerTo, to);
  return spans;
}

/** The rollup table a dimension is read from. */
export function rollupOf(dimension: RollupDimension): RollupTable {
  return dimension === 'total' ? totalRollup : namedRollup;
}

export function emptySums(): UsageSums {
  return Object.fromEntries(rollupMetricNames.map((metric) => [metric, 0])) as UsageSums;
}

export function addSums(into: UsageSums, from: UsageSums, metrics: readonly RollupMetric[] = rollupMetricNames, sign: 1 | -1 = 1): void {
  for (const metric of metrics) into[metric] += sign * from[metric];
}

/**
 * The SQL of a source's cells: over a rollup's buckets, or over the raw rows, in every span of that
 * source at once. `@spans` is a JSON array of [from, to, countedAt or null], walked first (CROSS JOIN keeps it the
 * outer loop) so each is one range of the primary key or the time index: a :30 zone's ninety cut
 * hours are one statement, not ninety. Only the metrics asked for are summed: the series' pass
 * reads the most rows and needs three of ten.
 */
export function cellsSql(
  dimension: RollupDimension,
  source: 'rollup' | 'raw',
  groupOf: (column: string) => string,
  metrics: readonly RollupMetric[] = rollupMetricNames,
): string {
  const spans = (column: string) =>
    `FROM json_each(@spans) AS span CROSS JOIN %TABLE% WHERE ${column} >= json_extract(span.value, '$[0]') AND ${column} < json_extract(span.value, '$[1]')`;
  if (source === 'raw') {
    const countedAt = "json_extract(span.value, '$[2]')";
    return `SELECT ${groupOf('time')} AS cell_group, CASE WHEN ${countedAt} IS NULL THEN NULL ELSE ${groupOf(countedAt)} END AS counted_group,
         ${rollupNameSql(dimension, '')} AS name,
         ${metrics.map((metric) => `SUM(${rollupMetrics[metric]('')}) AS ${metric}`).join(', ')}
       ${spans('time').replace('%TABLE%', 'usage_events')} AND ${rollupFilterSql(dimension, '')}
       GROUP BY cell_group, counted_group, name`;
  }
  const sums = metrics.map((metric) => `SUM(${metric}) AS ${metric}`).join(', ');
  // By the bucket's last millisecond: a bucket one edge cuts is counted in its later group (splitSpans).
  const bucketEnd = `(bucket + ${rollupOf(dimension).bucketMs - 1})`;
  return dimension === 'total'
    ? `SELECT ${groupOf(bucketEnd)} AS cell_group, '' AS name, ${sums}
       ${spans('bucket').replace('%TABLE%', 'usage_total_rollup')}
       GROUP BY cell_group`
    : `SELECT ${groupOf(bucketEnd)} AS cell_group, name, ${sums}
       ${spans('bucket').replace('%TABLE%', 'usage_rollup')} AND dimension = @dimension
       GROUP BY cell_group, name`;
}

/** Below this many requests in a range, p95 is read exactly from the raw rows; above, from the histogram. */
export const defaultExactPercentileLimit = 20_000;

export interface DashboardQueriesOptions {
  exactPercentileLimit?: number;
}

/**
 * The dashboard's reads. The SQL of a statement depends on the grouping (bucket width, the browser's
 * offset), so statements are prepared on first use and kept by their text: a few dozen at most.
 */
export function createDashboardQueries(database: Database, options: DashboardQueriesOptions = {}) {
  const exactPercentileLimit = options.exactPercentileLimit ?? defaultExactPercentileLimit;
  const statements = new Map<string, Statement>();
  function prepared(sql: string): Statement {
    let statement = statements.get(sql);
    if (statement === undefined) {
      statement = database.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  }

  const selectFirstTime = database.prepare<[], { time: number | null }>('SELECT MIN(time) AS time FROM usage_events');
  // Both read the (provider, key_id, time, cost_usd) index alone.
  const selectKeySpend = database.prepare<[string, string, number], { units: number }>(`
    SELECT COALESCE(SUM(CAST(ROUND(cost_usd * ${usdUnitsPerDollar}) AS INTEGER)), 0) AS units FROM usage_events
    WHERE provider = ? AND key_id = ? AND cost_usd IS NOT NULL AND time >= ?`);
  const selectKeyFirstUse = database.prepare<[string, string], { time: number | null }>(
    'SELECT MIN(time) AS time FROM usage_events WHERE provider = ? AND key_id = ?',
  );

  /** Sums of one dimension over [from, to), grouped by `grouping` and by name; metrics not asked for stay 0. */
  function cells(dimension: RollupDimension, from: number, to: number, grouping: CellGrouping, metrics: readonly RollupMetric[] = rollupMetricNames): UsageCell[] {
    const merged = new Map<string, UsageCell>();
    const addTo = (group: number, name: string, row: UsageSums, sign: 1 | -1) => {
      const id = `${group}\u0000${name}`;
      let cell = merged.get(id);
      if (cell === undefined) {
        cell = { group, name, ...emptySums() };
        merged.set(id, cell);
      }
      addSums(cell, row, metrics, sign);
    };
    const spans = splitSpans(from, to, rollupOf(dimension).bucketMs, grouping.startOf);
    for (const source of ['rollup', 'raw'] as const) {
      const ofSource = spans.filter((span) => span.source === source).map((span) => [span.from, span.to, span.countedAt ?? null]);
      if (ofSource.length === 0) continue;
      const sql = cellsSql(dimension, source, grouping.sql, metrics);
      const parameters = source === 'rollup' && dimension !== 'total' ? { dimension, spans: JSON.stringify(ofSource) } : { spans: JSON.stringify(ofSource) };
      for (const row of prepared(sql).all(parameters) as Array<UsageSums & { cell_group: number; counted_group?: number | null; name: string }>) {
        addTo(row.cell_group, row.name, row, 1);
        if (row.counted_group !== undefined && row.counted_group !== null) addTo(row.counted_group, row.name, row, -1);
      }
    }
    return [...merged.values()];
  }

  /**
   * The 95th percentile latency of the final requests in [from, to), by nearest rank; `requests` is
   * their count (the totals have it). Exact up to exactPercentileLimit requests (one sorted read of
   * the range); past it, the middle of the histogram bin the rank falls in, within 2.5%: whole UTC days from the
   * daily histogram, the partial days at the ends binned from the raw rows.
   */
  function p95LatencyMs(from: number, to: number, requests: number): number | null {
    if (requests === 0) return null;
    const rank = Math.ceil(0.95 * requests);
    if (requests <= exactPercentileLimit) {
      const row = prepared(
        'SELECT latency_ms AS latency FROM usage_events WHERE time >= @from AND time < @to AND final = 1 ORDER BY latency_ms LIMIT 1 OFFSET @offset',
      ).get({ from, to, offset: rank - 1 }) as { latency: number } | undefined;
      return row?.latency ?? null;
    }
    const bins = new Map<number, number>();
    for (const span of splitSpans(from, to, latencyRollup.bucketMs)) {
      const sql =
        span.source === 'rollup'
          ? 'SELECT bin, SUM(requests) AS requests FROM usage_latency_rollup WHERE bucket >= @from AND bucket < @to GROUP BY bin'
          : `SELECT ${latencyBinSql('')} AS bin, COUNT(*) AS requests FROM usage_events WHERE time >= @from AND time < @to AND final = 1 GROUP BY bin`;
      for (const row of prepared(sql).all({ from: span.from, to: span.to }) as Array<{ bin: number; requests: number }>) {
        bins.set(row.bin, (bins.get(row.bin) ?? 0) + row.requests);
      }
    }
    let seen = 0;
    for (const [bin, count] of [...bins].sort((left, right) => left[0] - right[0])) {
      seen += count;
      if (seen >= rank) return latencyBinGrowth ** (bin + 0.5);
    }
    return null;
  }

  return {
    cells,
    p95LatencyMs,
    /** When the first recorded request arrived; null with none. */
    firstEventTime: (): number | null => selectFirstTime.get()!.time,
    /** A key's priced spend from `sinceMs` on, and when it was first used (null: never). */
    keySpendSince(providerId: string, keyId: string, sinceMs: number): { usd: number; firstUsedAt: number | null } {
      return {
        usd: usdFromUnits(selectKeySpend.get(providerId, keyId, sinceMs)!.units),
        firstUsedAt: selectKeyFirstUse.get(providerId, keyId)!.time,
      };
    },
  };
}

export type DashboardQueries = ReturnType<typeof createDashboardQueries>;
