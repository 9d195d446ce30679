import { emptyUsage, type TokenUsage, type UsageEvent } from '../../src-shared/usage.js';
import type { UsageReading } from '../providers/provider-adapter.js';
import type { KeyEntry } from '../routing/route-table.js';
import type { GatewayDependencies } from './gateway-dependencies.js';

/** What is known of a request's event before its outcome: who asked, for what, and which key. */
export type EventDraft = Pick<UsageEvent, 'time' | 'client' | 'modelRequested' | 'stream' | 'endpoint' | 'provider' | 'keyId' | 'bodies'> & {
  /** The model routed to; the upstream's own name for it, when it answers with one, replaces it. */
  modelUsed: string;
};

/** How an attempt or a request ended. */
export interface EventOutcome {
  status: number;
  error?: string | null;
  firstByteMs?: number | null;
  /** The model the upstream said it used, when it said. */
  modelUsed?: string | null;
}

/** A failed attempt that another candidate followed: its status and error, no tokens. */
export function recordAttempt(dependencies: GatewayDependencies, draft: EventDraft, outcome: EventOutcome, started: number): void {
  dependencies.usage.record(toEvent(draft, outcome, started, emptyUsage(), 0, null, false, storedError(dependencies, outcome)));
}

/** What the request's own record is made of. */
export interface FinalRecord {
  draft: EventDraft;
  outcome: EventOutcome;
  /** `performance.now()` when the request arrived. */
  started: number;
  /** The upstream's usage; absent when it billed nothing (an error answer, a stream cut before its usage). */
  reading?: UsageReading | null;
  /** The key that answered; absent when no key was tried (a refusal, a client gone before any answer). */
  entry?: KeyEntry | null;
  /**
   * The model routed on (asked for, after aliases): metrics are labelled with it so one model's
   * successes and failures share a series, and it is priced when the user set a price for it but not
   * for the snapshot name the upstream answered with.
   */
  routedModel: string;
}

/** The request's own record, once the client has its answer. */
export function recordFinal(dependencies: GatewayDependencies, { draft, outcome, started, reading = null, entry = null, routedModel }: FinalRecord): void {
  const latencyMs = performance.now() - started;
  const usage = reading?.usage ?? emptyUsage();
  const modelUsed = outcome.modelUsed ?? draft.modelUsed;
  // No reading means no tokens were billed (an error answer, or a stream cut before its usage).
  const cost = entry && reading ? dependencies.prices.costUsd(entry.provider.config, modelUsed, usage, routedModel) : 0;
  dependencies.metrics.observe(draft.provider ?? '(none)', routedModel, outcome.status, latencyMs);
  dependencies.usage.record(toEvent(draft, outcome, started, usage, cost, reading ? JSON.stringify(reading.raw) : null, true, storedError(dependencies, outcome)));
}

/**
 * The error as it may be kept in SQLite (and its WAL): upstream text redacted of every stored secret,
 * whichever path built the message. Only failures pay for it.
 */
function storedError(dependencies: GatewayDependencies, outcome: EventOutcome): string | null {
  const error = outcome.error ?? null;
  return error === null ? null : dependencies.routeTable().redactSecrets(error);
}

/**
 * One object literal from the draft and the outcome. Not `{ ...draft, ...outcome }`: object spreads
 * were the most expensive lines of the request path in a profile (about 4 µs a request for two).
 */
function toEvent(
  draft: EventDraft,
  outcome: EventOutcome,
  started: number,
  usage: TokenUsage,
  costUsd: number | null,
  rawUsage: string | null,
  final: boolean,
  error: string | null,
): UsageEvent {
  return {
    time: draft.time,
    client: draft.client,
    provider: draft.provider,
    keyId: draft.keyId,
    modelRequested: draft.modelRequested,
    modelUsed: outcome.modelUsed ?? draft.modelUsed,
    status: outcome.status,
    latencyMs: performance.now() - started,
    firstByteMs: outcome.firstByteMs ?? null,
    usage,
    costUsd,
    stream: draft.stream,
    error,
    endpoint: draft.endpoint,
    final,
    rawUsage,
    // The request's bodies belong to the row the log lists: its final one.
    bodies: final ? draft.bodies : undefined,
  };
}
