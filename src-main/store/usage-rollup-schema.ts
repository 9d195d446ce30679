/**
 * The dashboard's rollups of usage_events, created by migration 4 and kept by triggers, so both
 * writers (the gateway's connection and the writer thread, which knows only SQL) keep them and no
 * request pays for them in JavaScript. What is written here is frozen with that migration: a
 * different rollup needs a new migration, since databases out there already hold this one.
 */

/** UTC quarter hours: every time zone's offset is a whole number of them, so any local hour or day is whole buckets. */
export const rollupBucketMs = 15 * 60 * 1000;

/**
 * What a rollup row is grouped by besides its bucket. Each request is counted once in each of the
 * first four, so any one of them sums to the totals; `priced-model` holds only priced requests, by
 * the model asked for, for the savings.
 */
export const rollupDimensions = ['provider', 'key', 'model', 'client', 'priced-model'] as const;
export type RollupDimension = (typeof rollupDimensions)[number];

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
    default: {
      const _exhaustive: never = dimension;
      return _exhaustive;
    }
  }
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

function bucketSql(row: string): string {
  return `CAST(${row}time / ${rollupBucketMs} AS INTEGER) * ${rollupBucketMs}`;
}

/** The statements one row's insert (sign 1, `NEW.`) or delete (sign -1, `OLD.`) runs. */
function triggerStatements(row: 'NEW.' | 'OLD.', sign: 1 | -1): string {
  const times = sign === 1 ? '' : '-';
  const values = (dimension: RollupDimension) =>
    `(${bucketSql(row)}, '${dimension}', ${rollupNameSql(dimension, row)}, ${rollupMetricNames.map((metric) => `${times}${rollupMetrics[metric](row)}`).join(', ')})`;
  const upsert = `ON CONFLICT (dimension, bucket, name) DO UPDATE SET ${rollupMetricNames.map((metric) => `${metric} = ${metric} + excluded.${metric}`).join(', ')}`;
  const columns = `(bucket, dimension, name, ${rollupMetricNames.join(', ')})`;
  return `
    INSERT INTO usage_rollup ${columns}
    VALUES ${(['provider', 'key', 'model', 'client'] as const).map(values).join(', ')}
    ${upsert};
    INSERT INTO usage_rollup ${columns}
    SELECT ${values('priced-model').slice(1, -1)} WHERE ${row}cost_usd IS NOT NULL
    ${upsert};
    INSERT INTO usage_latency_rollup (bucket, bin, requests)
    SELECT ${bucketSql(row)}, ${latencyBinSql(row)}, ${times}1 WHERE ${row}final = 1
    ON CONFLICT (bucket, bin) DO UPDATE SET requests = requests + excluded.requests;`;
}

/** Migration 4's SQL: the tables, the triggers, and the rollup of rows already recorded. */
export function usageRollupMigrationSql(): string {
  const sums = rollupMetricNames.map((metric) => `SUM(${rollupMetrics[metric]('')})`).join(', ');
  const backfill = rollupDimensions
    .map(
      (dimension) => `
    INSERT INTO usage_rollup (bucket, dimension, name, ${rollupMetricNames.join(', ')})
    SELECT ${bucketSql('')} AS bucket, '${dimension}', ${rollupNameSql(dimension, '')} AS name, ${sums}
    FROM usage_events ${dimension === 'priced-model' ? 'WHERE cost_usd IS NOT NULL' : ''}
    GROUP BY bucket, name;`,
    )
    .join('\n');
  return `
    -- One row per quarter hour, dimension and name: the dashboard reads these instead of the raw
    -- rows (docs/benchmarks.md). WITHOUT ROWID keeps a dimension's buckets together on disk.
    CREATE TABLE usage_rollup (
      dimension TEXT NOT NULL,
      bucket INTEGER NOT NULL,
      name TEXT NOT NULL,
      ${rollupMetricNames.map((metric) => `${metric} INTEGER NOT NULL DEFAULT 0`).join(',\n      ')},
      PRIMARY KEY (dimension, bucket, name)
    ) WITHOUT ROWID;

    -- Final requests per quarter hour and latency bin, for the p95 of a range too long to sort.
    CREATE TABLE usage_latency_rollup (
      bucket INTEGER NOT NULL,
      bin INTEGER NOT NULL,
      requests INTEGER NOT NULL,
      PRIMARY KEY (bucket, bin)
    ) WITHOUT ROWID;

    ${backfill}
    INSERT INTO usage_latency_rollup (bucket, bin, requests)
    SELECT ${bucketSql('')} AS bucket, ${latencyBinSql('')} AS bin, COUNT(*) FROM usage_events WHERE final = 1 GROUP BY bucket, bin;

    CREATE TRIGGER usage_rollup_insert AFTER INSERT ON usage_events BEGIN ${triggerStatements('NEW.', 1)}
    END;
    -- Retention, a statistics reset or recomputed costs change the rows: the rollups follow.
    CREATE TRIGGER usage_rollup_delete AFTER DELETE ON usage_events BEGIN ${triggerStatements('OLD.', -1)}
    END;
    CREATE TRIGGER usage_rollup_update AFTER UPDATE ON usage_events BEGIN ${triggerStatements('OLD.', -1)} ${triggerStatements('NEW.', 1)}
    END;`;
}
