import { emptyUsage, type TokenUsage, type UsageEvent } from '../../src-shared/usage.js';
import type { UsageReading } from '../providers/provider-adapter.js';
import type { KeyEntry } from '../routing/route-table.js';
import type { GatewayDependencies } from './gateway-dependencies.js';

export type EventDraft = Pick<
  UsageEvent,
  'time' | 'client' | 'modelRequested' | 'modelUsed' | 'status' | 'stream' | 'endpoint' | 'provider' | 'keyId'
> &
  Partial<Pick<UsageEvent, 'error' | 'firstByteMs'>>;

/** A failed attempt that another candidate followed: its status and error, no tokens. */
export function recordAttempt(dependencies: GatewayDependencies, draft: EventDraft, started: number): void {
  dependencies.usage.record(toEvent(draft, started, emptyUsage(), 0, null, false));
}

/**
 * The request's own record, once the client has its answer.
 * `routedModel` is the model routed on (asked for, after aliases): metrics are labelled with it so
 * one model's successes and failures share a series, and it is priced when the user set a price for
 * it but not for the snapshot name the upstream answered with.
 */
export function recordFinal(
  dependencies: GatewayDependencies,
  draft: EventDraft,
  started: number,
  reading: UsageReading | null,
  entry: KeyEntry | null,
  routedModel: string,
): void {
  const latencyMs = performance.now() - started;
  const usage = reading?.usage ?? emptyUsage();
  // No reading means no tokens were billed (an error answer, or a stream cut before its usage).
  const cost = entry && reading ? dependencies.prices.costUsd(entry.provider.config, draft.modelUsed ?? '', usage, routedModel) : 0;
  dependencies.metrics.observe(draft.provider ?? '(none)', routedModel, draft.status, latencyMs);
  dependencies.usage.record(toEvent(draft, started, usage, cost, reading ? JSON.stringify(reading.raw) : null, true));
}

function toEvent(draft: EventDraft, started: number, usage: TokenUsage, costUsd: number | null, rawUsage: string | null, final: boolean): UsageEvent {
  return {
    time: draft.time,
    client: draft.client,
    provider: draft.provider,
    keyId: draft.keyId,
    modelRequested: draft.modelRequested,
    modelUsed: draft.modelUsed,
    status: draft.status,
    latencyMs: performance.now() - started,
    firstByteMs: draft.firstByteMs ?? null,
    usage,
    costUsd,
    stream: draft.stream,
    error: draft.error ?? null,
    endpoint: draft.endpoint,
    final,
    rawUsage,
  };
}
