import type { UsageEvent } from '../../src-shared/usage.js';
import type { Database } from './database.js';

/** The key of a provider key in spend maps. Ids are identifiers without `/`, so this cannot collide. */
export function spendKey(providerId: string, keyId: string): string {
  return `${providerId}/${keyId}`;
}

export function createUsageRepository(database: Database) {
  const insert = database.prepare(`
    INSERT INTO usage_events (
      time, client, provider, key_id, model_requested, model_used, status, latency_ms, first_byte_ms,
      input_tokens, output_tokens, cached_input_tokens, cache_write_tokens, reasoning_tokens,
      cost_usd, stream, error, endpoint, final, raw_usage
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // Every attempt that cost money counts against the key's budget, failed ones included.
  const selectSpend = database.prepare<[number], { provider: string; key_id: string; spent: number }>(`
    SELECT provider, key_id, SUM(cost_usd) AS spent FROM usage_events
    WHERE provider IS NOT NULL AND key_id IS NOT NULL AND cost_usd IS NOT NULL AND time >= ?
    GROUP BY provider, key_id`);

  /** Writes all events in one transaction: one fsync for the batch, not one per request. */
  const insertUsageEvents = database.transaction((events: readonly UsageEvent[]) => {
    for (const event of events) {
      insert.run(
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
      );
    }
  });

  /** Priced spend per `providerId/keyId` (see spendKey), from `sinceMs` on or over all time. */
  function spendByKey(sinceMs?: number): Map<string, number> {
    const rows = selectSpend.all(sinceMs ?? Number.MIN_SAFE_INTEGER);
    return new Map(rows.map((row) => [spendKey(row.provider, row.key_id), row.spent]));
  }

  return { insertUsageEvents: (events: readonly UsageEvent[]) => insertUsageEvents(events), spendByKey };
}

export type UsageRepository = ReturnType<typeof createUsageRepository>;
