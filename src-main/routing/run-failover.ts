import { ContractError } from '../conversion/contract-error.js';
import type { KeyBreaker } from './key-breaker.js';
import type { KeyHealth } from './key-health.js';
import { keyName, type KeyEntry, type RouteTable } from './route-table.js';
import { keyRejectedError, noCandidateError, secondsUntilFirstReopens, type RoutingRefusal } from './routing-refusal.js';
import type { CandidateSelection } from './select-candidates.js';

/**
 * One candidate's failure, as the gateway saw it. `Reply` is whatever the gateway answers a client
 * through; routing never looks inside it, it only hands `send` back when this failure is the answer.
 */
export interface AttemptFailure<Reply> {
  status: number;
  message: string;
  /** The next candidate may be tried (429, 5xx, no answer at all); otherwise this is the answer. */
  retryable: boolean;
  /** The key, not the request, was refused (401/403): the key is disabled and no retry is used up. */
  keyRejected: boolean;
  /** How long the upstream asked to wait (`Retry-After`), for the key's cooldown. */
  retryAfterMs: number | null;
  /** Time to the upstream's first byte; null when it never answered. */
  firstByteMs: number | null;
  /** The upstream's own status and words, when it answered with an error. */
  upstream: { status: number; message: string } | null;
  /** Sends the upstream's error to the client in the client's format; null when there was no answer. */
  send: ((reply: Reply) => void) | null;
}

/** What sending one candidate's request came to. */
export type AttemptOutcome<Reply> =
  /** The client has its answer (an error about the request, such as a 400, included). */
  | { kind: 'answered' }
  /** The client went away: the attempt says nothing about the key. */
  | { kind: 'abandoned' }
  | { kind: 'failed'; failure: AttemptFailure<Reply> };

/** A candidate's request, built before its key is claimed. */
export type PreparedAttempt<Plan> =
  | { kind: 'ready'; plan: Plan }
  /** Nothing to send with this key (no stored secret, no such endpoint in its family). */
  | { kind: 'skip' }
  /** The key's format cannot express the request; another candidate's may. */
  | { kind: 'unsupported'; error: Error };

/** The gateway's part of each attempt: planning, the HTTP call and delivery, and its records. */
export interface FailoverAttempts<Plan, Reply> {
  prepare(entry: KeyEntry): PreparedAttempt<Plan>;
  send(entry: KeyEntry, plan: Plan): Promise<AttemptOutcome<Reply>>;
  /** A failed attempt that another candidate may follow (recorded as an attempt, not a request). */
  retried(entry: KeyEntry, failure: AttemptFailure<Reply>): void;
}

export interface FailoverRequest<Plan, Reply> {
  table: RouteTable;
  model: string;
  /** The route, for the refusal that names it (`chat`, `embeddings`). */
  endpoint: string;
  selection: CandidateSelection;
  /** The candidates the route can reach, in the strategy's order. */
  candidates: readonly KeyEntry[];
  /** `routing.retries`: how many more candidates after the first failure that counts. */
  retries: number;
  breaker: KeyBreaker;
  health: KeyHealth;
  attempts: FailoverAttempts<Plan, Reply>;
  warn(message: string): void;
  /** A key of another provider answered after `from` failed: traffic moved (a notification). */
  failedOver?(from: KeyEntry, to: KeyEntry): void;
}

export type FailoverOutcome<Reply> =
  | { kind: 'answered' }
  | { kind: 'abandoned' }
  /**
   * An upstream's error is the answer. `entry` is its key when the failure stopped the walk (a 4xx
   * about the request inside a stream, say); null when the candidates ran out after it.
   */
  | { kind: 'failed'; failure: AttemptFailure<Reply> & { send: (reply: Reply) => void }; entry: KeyEntry | null }
  /** Switchyard's own error is the answer; `recordedError` is what the request's record says, null when no upstream was tried. */
  | { kind: 'refused'; refusal: RoutingRefusal; recordedError: string | null }
  /** No candidate's format can express the request, and none was tried. */
  | { kind: 'unsupported'; error: Error };

/**
 * Tries the candidates in order until one answers with something other than a retryable failure:
 * claims each key from the breaker right before its request and settles the claim with what came
 * of it, disables refused keys, counts failures against `routing.retries`, and decides what the
 * client gets when nobody answered.
 */
export async function runFailover<Plan, Reply>(request: FailoverRequest<Plan, Reply>): Promise<FailoverOutcome<Reply>> {
  const { breaker, health, attempts, selection } = request;
  if (request.candidates.length === 0) {
    const refusal = noCandidateError(request.table, request.model, selection, request.endpoint, secondsUntilFirstReopens(breaker, selection.coolingDown));
    return { kind: 'refused', refusal, recordedError: null };
  }
  const maxAttempts = request.retries + 1;
  let counted = 0;
  let lastFailure: AttemptFailure<Reply> | null = null;
  let unsupported: Error | null = null;
  const failures: string[] = [];
  /** Keys that cooled down, or got a probe from another request, between selection and their turn. */
  const passedBy: KeyEntry[] = [];
  /** Keys refused during this request, named if a refusal is the last word. */
  const refused: KeyEntry[] = [];
  /** The first key that failed, if any: an answer from another provider after it is a failover. */
  let firstFailed: KeyEntry | null = null;

  for (const entry of request.candidates) {
    if (counted >= maxAttempts) break;
    const prepared = attempts.prepare(entry);
    if (prepared.kind === 'skip') continue;
    if (prepared.kind === 'unsupported') {
      unsupported ??= prepared.error;
      continue;
    }
    const providerId = entry.provider.config.id;
    // Null while the key cools down, or while another request probes it (half-open).
    const claim = breaker.tryAcquire(providerId, entry.key.id);
    if (claim === null) {
      passedBy.push(entry);
      continue;
    }

    let outcome: AttemptOutcome<Reply>;
    try {
      outcome = await attempts.send(entry, prepared.plan);
    } catch (error) {
      // Our own bug, not the key's: a probe must not stay claimed by a request that is gone.
      claim.released();
      throw error;
    }
    if (outcome.kind === 'answered') {
      claim.succeeded();
      if (firstFailed !== null && firstFailed.provider.config.id !== providerId) request.failedOver?.(firstFailed, entry);
      return outcome;
    }
    if (outcome.kind === 'abandoned') {
      claim.released();
      return outcome;
    }

    const failure = outcome.failure;
    firstFailed ??= entry;
    if (failure.keyRejected) claim.released();
    else if (failure.retryable) claim.failed(failure.message, failure.retryAfterMs);
    // An answer about the request: the key itself is fine.
    else claim.succeeded();
    if (failure.keyRejected) {
      health.disable(providerId, entry.key.id, `${failure.message}: the key was refused`);
      request.warn(`key ${keyName(entry)} disabled: ${failure.message} (the key was refused; fix or re-enable it)`);
      refused.push(entry);
    }
    lastFailure = failure;
    failures.push(`${keyName(entry)}: ${failure.message}`);
    if (!failure.retryable && failure.send !== null) return { kind: 'failed', failure: { ...failure, send: failure.send }, entry };
    // A refused key says nothing about the request: it does not use up a retry.
    if (!failure.keyRejected) counted++;
    attempts.retried(entry, failure);
    if (!failure.retryable) break;
  }

  if (lastFailure?.keyRejected) {
    const upstream = lastFailure.upstream ?? { status: lastFailure.status, message: lastFailure.message };
    return { kind: 'refused', refusal: keyRejectedError(refused, upstream), recordedError: lastFailure.message };
  }
  if (lastFailure?.send) return { kind: 'failed', failure: { ...lastFailure, send: lastFailure.send }, entry: null };
  if (counted === 0 && unsupported !== null) return { kind: 'unsupported', error: unsupported };
  if (failures.length === 0 && passedBy.length > 0) {
    const refusal = noCandidateError(request.table, request.model, { ...selection, candidates: [] }, request.endpoint, secondsUntilFirstReopens(breaker, passedBy));
    return { kind: 'refused', refusal, recordedError: null };
  }
  const refusal: RoutingRefusal = new ContractError(
    'upstream_unavailable',
    failures.length > 0
      ? `No upstream answered for model "${request.model}": ${failures.join('; ')}.`
      : `No key with a stored secret serves model "${request.model}".`,
    { status: lastFailure?.status ?? 502 },
  );
  return { kind: 'refused', refusal, recordedError: 'no upstream answered' };
}
