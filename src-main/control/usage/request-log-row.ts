import type { RequestLogRow } from '../../../src-shared/control/usage-api.js';
import type { UsageEvent } from '../../../src-shared/usage.js';

/** A recorded event as the request log shows it, under the id SQLite gave its row. */
export function requestLogRowOf(event: UsageEvent, id: number): RequestLogRow {
  return {
    id,
    time: event.time,
    client: event.client,
    modelRequested: event.modelRequested,
    modelUsed: event.modelUsed,
    provider: event.provider,
    key: event.keyId,
    status: event.status,
    latencyMs: event.latencyMs,
    firstByteMs: event.firstByteMs,
    inputTokens: event.usage.inputTokens,
    outputTokens: event.usage.outputTokens,
    cacheReadTokens: event.usage.cachedInputTokens,
    cacheWriteTokens: event.usage.cacheWriteTokens,
    costUsd: event.costUsd,
    stream: event.stream,
    endpoint: event.endpoint,
    error: event.error,
  };
}
