import type { UsageEvent } from '../../src-shared/usage.js';
import type { Database } from './database.js';
import { rollupBatchStatements } from './usage-rollup-schema.js';

/** The key of a provider key in spend maps. Ids are identifiers without `/`, so this cannot collide. */
export function spendKey(providerId: string, keyId: string): string {
  return `${providerId}/${keyId}`;
}

/** Spend is summed in whole 1e-10 USD, the unit costs are rounded to (compute-cost.ts): exact at any count. */
export const spendUnitsPerUsd = 1e10;

/**
 * UTC quarter hours: every time zone's offset from UTC is a whole number of them, so no bucket
 * straddles a local midnight and buckets add up to local days in whatever zone the gateway runs.
 */
export const spendBucketMs = 15 * 60 * 1000;

/** One key's spend in one quarter hour from `recentFrom` on; `bucketStart` null sums everything older. */
export interface SpendBucketRow {
  provider: string;
  keyId: string;
  bucketStart: number | null;
  units: number;
}

/** One usage event's row; shared with the writer thread, which has only the SQL and the values. */
export const insertUsageEventSql = `
  INSERT INTO usage_events (
    time, client, provider, key_id, model_requested, model_used, status, latency_ms, first_byte_ms,
    input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,
    cost_usd, stream, error, endpoint, final, raw_usage
  ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export type UsageEventRow = (string | number | null)[];

/** The id SQLite gave the first event of a written batch (the rest follow it one by one); void when unknown. */
export type WrittenBatch = { firstId: number } | void;

/** The values for insertUsageEventSql, in its column order. */
export function usageEventRow(event: UsageEvent): UsageEventRow {
  return [
    event.time,
    event.client,
    event.provider,
    event.keyId,
    event.modelRequested,
    event.modelUsed,
    event.status,
    event.latencyMs,
    event.firstByteMs,
    event.usage.inputTokens,
    event.usage.outputTokens,
    event.usage.cachedInputTokens,
    event.usage.cacheWriteTokens,
    event.usage.reasoningTokens,
    event.costUsd,
    // better-sqlite3 binds no booleans.
    event.stream ? 1 : 0,
    event.error,
    event.endpoint,
    event.final ? 1 : 0,
    event.rawUsage,
  ];
}

export function createUsageRepository(database: Database) {
  const insert = database.prepare(insertUsageEventSql);
  const rollUp = rollupBatchStatements().map((sql) => database.prepare(sql));
  // Every attempt that cost money counts against the key's budget, failed ones included.
  const selectSpend = database.prepare<[number], { provider: string; key_id: string; spent: number }>(`
    SELECT provider, key_id, SUM(cost_usd) AS spent FROM usage_events
    WHERE provider IS NOT NULL AND key_id IS NOT NULL AND cost_usd IS NOT NULL AND time >= ?
    GROUP BY provider, key_id`);

  const roundedUnits = `CAST(ROUND(cost_usd * ${spendUnitsPerUsd}) AS INTEGER)`;
  const selectSpendBuckets = database.prepare<
    [{ recentFrom: number; bucketMs: number }],
    { provider: string; key_id: string; bucket_start: number | null; units: number }
  >(`
    SELECT provider, key_id,
      CASE WHEN time >= @recentFrom THEN CAST(time / @bucketMs AS INTEGER) * @bucketMs END AS bucket_start,
      SUM(${roundedUnits}) AS units
    FROM usage_events
    WHERE provider IS NOT NULL AND key_id IS NOT NULL AND cost_usd IS NOT NULL
    GROUP BY provider, key_id, bucket_start`);
  const selectSpendSince = database.prepare<[string, string, number], { units: number }>(`
    SELECT COALESCE(SUM(${roundedUnits}), 0) AS units FROM usage_events
    WHERE provider = ? AND key_id = ? AND cost_usd IS NOT NULL AND time >= ?`);

  /**
   * Writes all events in one transaction: one fsync for the batch, not one per request. The batch's
   * ids are consecutive (the write lock is held throughout), so the first one names them all.
   */
  const insertUsageEvents = database.transaction((events: readonly UsageEvent[]): WrittenBatch => {
    let firstId: number | null = null;
    let lastId = 0;
    for (const event of events) {
      lastId = Number(insert.run(usageEventRow(event)).lastInsertRowid);
      firstId ??= lastId;
    }
    if (firstId === null) return undefined;
    for (const statement of rollUp) statement.run({ first: firstId, last: lastId });
    return { firstId };
  });

  const selectLastId = database.prepare<[], { id: number | null }>('SELECT MAX(id) AS id FROM usage_events');
  /** The spend and the newest event id read in one snapshot, so the caller can tell which batches it saw. */
  const spendUnitsAndLastIdSince = database.transaction((providerId: string, keyId: string, sinceMs: number) => ({
    units: selectSpendSince.get(providerId, keyId, sinceMs)!.units,
    lastId: selectLastId.get()!.id ?? 0,
  }));

  /** Priced spend per `providerId/keyId` (see spendKey), from `sinceMs` on or over all time. */
  function spendByKey(sinceMs?: number): Map<string, number> {
    const rows = selectSpend.all(sinceMs ?? Number.MIN_SAFE_INTEGER);
    return new Map(rows.map((row) => [spendKey(row.provider, row.key_id), row.spent]));
  }

  /**
   * Priced spend of every key in whole spend units, in one pass over the table: by quarter hour
   * (see spendBucketMs) from `recentFrom` on, and in one bucket per key before it.
   */
  function spendBuckets(recentFrom: number): SpendBucketRow[] {
    return selectSpendBuckets.all({ recentFrom, bucketMs: spendBucketMs }).map((row) => ({
      provider: row.provider,
      keyId: row.key_id,
      bucketStart: row.bucket_start,
      units: row.units,
    }));
  }

  /** One key's priced spend in whole spend units from `sinceMs` (to the millisecond) on. */
  function spendUnitsSince(providerId: string, keyId: string, sinceMs: number): number {
    return selectSpendSince.get(providerId, keyId, sinceMs)!.units;
  }

  return {
    insertUsageEvents: (events: readonly UsageEvent[]): WrittenBatch => insertUsageEvents(events),
    spendByKey,
    spendBuckets,
    spendUnitsSince,
    /** The id of the newest event, 0 when there is none. */
    lastUsageEventId: () => selectLastId.get()!.id ?? 0,
    spendUnitsAndLastIdSince: (providerId: string, keyId: string, sinceMs: number): { units: number; lastId: number } =>
      spendUnitsAndLastIdSince(providerId, keyId, sinceMs),
  };
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
