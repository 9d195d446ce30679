/**
 * The dashboard's rollups of usage_events, created by migration 4 and kept by triggers, so both
 * writers (the gateway's connection and the writer thread, which knows only SQL) keep them and no
 * request pays for them in JavaScript. What is written here is frozen with that migration: a
 * different rollup needs a new migration, since databases out there already hold this one.
 *
 * Three tables, each as coarse as its readers allow, since every rollup row is one more upsert per
 * request and one more row to read (docs/benchmarks.md):
 * - `usage_rollup`: UTC hours by dimension and name, for the series and the savings. Local hours,
 *   days and weeks in a whole-hour time zone are whole UTC hours; in a :30 or :45 zone the few
 *   hours a bucket edge cuts are read from the raw rows instead.
 * - `usage_total_rollup`: UTC quarter hours, no dimension, for the heatmap. Every zone's offset is a
 *   whole number of quarter hours, so each quarter hour lies inside one local hour everywhere.
 * - `usage_latency_rollup`: final requests per UTC day and latency bin, for a p95 too long to sort.
 */

const quarterHourMs = 15 * 60 * 1000;
const hourMs = 60 * 60 * 1000;
const dayMs = 24 * hourMs;

/** What a rollup table is keyed by and how long one of its buckets is. */
export interface RollupTable {
  table: string;
  bucketMs: number;
}

/** By dimension and name: the series and the savings. */
export const namedRollup: RollupTable = { table: 'usage_rollup', bucketMs: hourMs };
/** Everything together: the heatmap. */
export const totalRollup: RollupTable = { table: 'usage_total_rollup', bucketMs: quarterHourMs };
/** Final requests per latency bin. */
export const latencyRollup: RollupTable = { table: 'usage_latency_rollup', bucketMs: dayMs };

/**
 * What a rollup row is grouped by besides its bucket. Each request is counted once in each of the
 * first four, so any one of them sums to the totals; `priced-model` holds only priced requests, by
 * the model asked for, for the savings. `total` is the dimensionless usage_total_rollup.
 */
export const rollupDimensions = ['provider', 'key', 'model', 'client', 'priced-model'] as const;
export type RollupDimension = (typeof rollupDimensions)[number] | 'total';

/** Rows without a provider, key, model or client are named '' (a NULL would never match an upsert's key). */
export function rollupNameSql(dimension: RollupDimension, row: string): string {
  switch (dimension) {
    case 'provider':
      return `COALESCE(${row}provider, '')`;
    case 'key':
      return `CASE WHEN ${row}provider IS NULL OR ${row}key_id IS NULL THEN '' ELSE ${row}provider || '/' || ${row}key_id END`;
    case 'model':
      // The model that answered, or the one asked for when none did (a request that failed outright).
      return `COALESCE(${row}model_used, ${row}model_requested, '')`;
    case 'client':
      return `COALESCE(${row}client, '')`;
    case 'priced-model':
      return `COALESCE(${row}model_requested, ${row}model_used, '')`;
    case 'total':
      return `''`;
    default: {
      const _exhaustive: never = dimension;
      return _exhaustive;
    }
  }
}

/** The raw rows a dimension counts: `priced-model` only priced ones. */
export function rollupFilterSql(dimension: RollupDimension, row: string): string {
  return dimension === 'priced-model' ? `${row}cost_usd IS NOT NULL` : '1';
}

/**
 * The summed columns and what one raw row adds to each. Requests are what clients saw (`final`
 * rows); tokens and cost count every attempt, as the stats summary does, so spend here equals the
 * spend budgets are checked against. Cost is kept in whole 1e-10 USD, which SQLite adds exactly.
 */
export const rollupMetrics = {
  attempts: () => '1',
  requests: (row: string) => `(${row}final = 1)`,
  errors: (row: string) => `(${row}final = 1 AND ${row}status >= 400)`,
  unpriced: (row: string) => `(${row}cost_usd IS NULL AND ${row}input_tokens + ${row}output_tokens > 0)`,
  input_tokens: (row: string) => `${row}input_tokens`,
  output_tokens: (row: string) => `${row}output_tokens`,
  cache_read_tokens: (row: string) => `${row}cached_input_tokens`,
  cache_write_tokens: (row: string) => `${row}cache_write_tokens`,
  reasoning_tokens: (row: string) => `${row}reasoning_tokens`,
  cost_units: (row: string) => `COALESCE(CAST(ROUND(${row}cost_usd * 1e10) AS INTEGER), 0)`,
} as const;
export type RollupMetric = keyof typeof rollupMetrics;
export const rollupMetricNames = Object.keys(rollupMetrics) as RollupMetric[];

/**
 * Latency histogram bins grow by 5%: a percentile read from them is within 2.5% of the exact one
 * (the middle of its bin is answered). Bin 0 holds everything up to 1.05 ms.
 */
export const latencyBinGrowth = 1.05;

export function latencyBinSql(row: string): string {
  return `CAST(ln(MAX(${row}latency_ms, 1)) / ln(${latencyBinGrowth}) AS INTEGER)`;
}

/** The UTC bucket of a row's time in a rollup table (times are after 1970: division is the floor). */
export function rollupBucketSql(rollup: RollupTable, row: string): string {
  return `CAST(${row}time / ${rollup.bucketMs} AS INTEGER) * ${rollup.bucketMs}`;
}

const metricColumns = rollupMetricNames.join(', ');
const addMetrics = `DO UPDATE SET ${rollupMetricNames.map((metric) => `${metric} = ${metric} + excluded.${metric}`).join(', ')}`;

/** The statements one row's insert (sign 1, `NEW.`) or delete (sign -1, `OLD.`) runs. */
function triggerStatements(row: 'NEW.' | 'OLD.', sign: 1 | -1): string {
  const times = sign === 1 ? '' : '-';
  const metrics = rollupMetricNames.map((metric) => `${times}${rollupMetrics[metric](row)}`).join(', ');
  const named = (dimension: RollupDimension) => `(${rollupBucketSql(namedRollup, row)}, '${dimension}', ${rollupNameSql(dimension, row)}, ${metrics})`;
  return `
    INSERT INTO usage_rollup (bucket, dimension, name, ${metricColumns})
    VALUES ${(['provider', 'key', 'model', 'client'] as const).map(named).join(', ')}
    ON CONFLICT (dimension, bucket, name) ${addMetrics};
    INSERT INTO usage_rollup (bucket, dimension, name, ${metricColumns})
    SELECT ${named('priced-model').slice(1, -1)} WHERE ${rollupFilterSql('priced-model', row)}
    ON CONFLICT (dimension, bucket, name) ${addMetrics};
    INSERT INTO usage_total_rollup (bucket, ${metricColumns}) VALUES (${rollupBucketSql(totalRollup, row)}, ${metrics})
    ON CONFLICT (bucket) ${addMetrics};
    INSERT INTO usage_latency_rollup (bucket, bin, requests)
    SELECT ${rollupBucketSql(latencyRollup, row)}, ${latencyBinSql(row)}, ${times}1 WHERE ${row}final = 1
    ON CONFLICT (bucket, bin) DO UPDATE SET requests = requests + excluded.requests;`;
}

/**
 * Empties the rollups and sums them again from usage_events with one INSERT…SELECT each: the
 * migration's backfill, and what a bulk load runs after inserting with the insert trigger dropped.
 */
export function rebuildUsageRollupsSql(): string {
  const sums = rollupMetricNames.map((metric) => `SUM(${rollupMetrics[metric]('')})`).join(', ');
  const named = rollupDimensions
    .map(
      (dimension) => `
    INSERT INTO usage_rollup (bucket, dimension, name, ${metricColumns})
    SELECT ${rollupBucketSql(namedRollup, '')} AS bucket, '${dimension}', ${rollupNameSql(dimension, '')} AS name, ${sums}
    FROM usage_events WHERE ${rollupFilterSql(dimension, '')}
    GROUP BY bucket, name;`,
    )
    .join('\n');
  return `
    DELETE FROM usage_rollup;
    DELETE FROM usage_total_rollup;
    DELETE FROM usage_latency_rollup;
    ${named}
    INSERT INTO usage_total_rollup (bucket, ${metricColumns})
    SELECT ${rollupBucketSql(totalRollup, '')} AS bucket, ${sums} FROM usage_events GROUP BY bucket;
    INSERT INTO usage_latency_rollup (bucket, bin, requests)
    SELECT ${rollupBucketSql(latencyRollup, '')} AS bucket, ${latencyBinSql('')} AS bin, COUNT(*) FROM usage_events WHERE final = 1 GROUP BY bucket, bin;`;
}

/**
 * What each written batch adds to the rollups: one INSERT…SELECT per rollup over the batch's rows
 * (ids @first to @last), run in the batch's own transaction by the usage writer. Not a row trigger:
 * a trigger ran seven upserts per request, which cost the writer thread more than the insert itself
 * (docs/benchmarks.md); a batch of 500 requests now costs seven grouped statements.
 */
export function rollupBatchStatements(): string[] {
  const sums = rollupMetricNames.map((metric) => `SUM(${rollupMetrics[metric]('')})`).join(', ');
  const batch = 'id BETWEEN @first AND @last';
  return [
    ...rollupDimensions.map(
      (dimension) => `
    INSERT INTO usage_rollup (bucket, dimension, name, ${metricColumns})
    SELECT ${rollupBucketSql(namedRollup, '')} AS bucket, '${dimension}', ${rollupNameSql(dimension, '')} AS name, ${sums}
    FROM usage_events WHERE ${batch} AND ${rollupFilterSql(dimension, '')}
    GROUP BY bucket, name
    ON CONFLICT (dimension, bucket, name) ${addMetrics}`,
    ),
    `
    INSERT INTO usage_total_rollup (bucket, ${metricColumns})
    SELECT ${rollupBucketSql(totalRollup, '')} AS bucket, ${sums} FROM usage_events WHERE ${batch} GROUP BY bucket
    ON CONFLICT (bucket) ${addMetrics}`,
    `
    INSERT INTO usage_latency_rollup (bucket, bin, requests)
    SELECT ${rollupBucketSql(latencyRollup, '')} AS bucket, ${latencyBinSql('')} AS bin, COUNT(*) FROM usage_events
    WHERE ${batch} AND final = 1 GROUP BY bucket, bin
    ON CONFLICT (bucket, bin) DO UPDATE SET requests = requests + excluded.requests`,
  ];
}

/** Migration 4's SQL: the tables, the triggers, and the rollup of rows already recorded. */
export function usageRollupMigrationSql(): string {
  const metricDefinitions = rollupMetricNames.map((metric) => `${metric} INTEGER NOT NULL DEFAULT 0`).join(',\n      ');
  return `
    -- One row per UTC hour, dimension and name: the dashboard reads these instead of the raw rows
    -- (docs/benchmarks.md). WITHOUT ROWID keeps a dimension's buckets together on disk.
    CREATE TABLE usage_rollup (
      dimension TEXT NOT NULL,
      bucket INTEGER NOT NULL,
      name TEXT NOT NULL,
      ${metricDefinitions},
      PRIMARY KEY (dimension, bucket, name)
    ) WITHOUT ROWID;

    -- One row per UTC quarter hour: the heatmap's local hours in any time zone.
    CREATE TABLE usage_total_rollup (
      bucket INTEGER PRIMARY KEY,
      ${metricDefinitions}
    ) WITHOUT ROWID;

    -- Final requests per UTC day and latency bin, for the p95 of a range too long to sort.
    CREATE TABLE usage_latency_rollup (
      bucket INTEGER NOT NULL,
      bin INTEGER NOT NULL,
      requests INTEGER NOT NULL,
      PRIMARY KEY (bucket, bin)
    ) WITHOUT ROWID;

    ${rebuildUsageRollupsSql()}

    -- Inserts are rolled up per written batch (rollupBatchStatements). Retention deletes rows: the
    -- rollups follow. Nothing updates a usage row today; the update
    -- trigger keeps the rollups right if something ever does, and costs an insert nothing.
    CREATE TRIGGER usage_rollup_delete AFTER DELETE ON usage_events BEGIN ${triggerStatements('OLD.', -1)}
    END;
    CREATE TRIGGER usage_rollup_update AFTER UPDATE ON usage_events BEGIN ${triggerStatements('OLD.', -1)} ${triggerStatements('NEW.', 1)}
    END;`;
}
