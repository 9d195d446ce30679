import type { Database } from './database.js';

/** One recorded request or attempt as the usage export lists it; never a secret (errors are stored redacted). */
export interface UsageHistoryRow {
  time: number;
  client: string | null;
  modelRequested: string | null;
  modelUsed: string | null;
  provider: string | null;
  keyId: string | null;
  status: number;
  latencyMs: number;
  firstByteMs: number | null;
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  reasoningTokens: number;
  costUsd: number | null;
  stream: boolean;
  endpoint: string;
  final: boolean;
  error: string | null;
}

interface StoredRow extends Omit<UsageHistoryRow, 'stream' | 'final'> {
  stream: number;
  final: number;
}

/** Reading the request history out whole, and clearing it: the export and "reset statistics". */
export function createUsageHistory(database: Database) {
  const select = database.prepare<[{ from: number; to: number }], StoredRow>(`
    SELECT time, client, model_requested AS modelRequested, model_used AS modelUsed, provider, key_id AS keyId,
      status, latency_ms AS latencyMs, first_byte_ms AS firstByteMs, input_tokens AS inputTokens,
      output_tokens AS outputTokens, cached_input_tokens AS cachedInputTokens, cache_write_tokens AS cacheWriteTokens,
      reasoning_tokens AS reasoningTokens, cost_usd AS costUsd, stream, endpoint, final, error
    FROM usage_events WHERE time >= @from AND time < @to ORDER BY time, id`);
  const clear = database.prepare('DELETE FROM usage_events');

  return {
    /** Rows from `from` (inclusive) to `to` (exclusive), oldest first, read one at a time. */
    *rows(from = 0, to = Number.MAX_SAFE_INTEGER): Generator<UsageHistoryRow> {
      for (const row of select.iterate({ from, to })) yield { ...row, stream: row.stream === 1, final: row.final === 1 };
    },
    clear: (): void => void clear.run(),
  };
}

export type UsageHistory = ReturnType<typeof createUsageHistory>;
