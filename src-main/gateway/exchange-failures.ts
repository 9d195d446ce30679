import type { FastifyReply } from 'fastify';
import type { Dispatcher } from 'undici';
import type { InboundCodec } from '../conversion/inbound-codec.js';
import type { UpstreamError } from '../conversion/stream-part.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { classifyUpstreamStatus } from '../routing/classify-upstream-status.js';
import type { KeyEntry, RouteTable } from '../routing/route-table.js';
import { ContractError } from '../conversion/contract-error.js';
import { redactBody, type RedactSecrets } from '../store/secrets/redact-secrets.js';
import { redactUpstreamError } from '../store/secrets/redact-upstream-error.js';

/** One candidate's failure, kept in case it is the last: then the client gets it. */
export interface FailedAttempt {
  status: number;
  message: string;
  /** Sends the upstream's own error in the client's format; null when there was no answer at all. */
  send: ((reply: FastifyReply) => void) | null;
}

/** What trying one candidate came to. */
export type AttemptResult =
  | { kind: 'answered' }
  /**
   * `retryable`: the next candidate may be tried (SPEC §5); otherwise the failure is the answer.
   * `keyRejected`: the failure was the key's, not the request's (401/403): the key is disabled, and
   * the failure does not count against `routing.retries`.
   */
  | { kind: 'failed'; failure: FailedAttempt; retryable: boolean; keyRejected?: boolean };

/** How an upstream error answer reaches the client if it turns out to be the last one. */
export function upstreamErrorSender(
  codec: InboundCodec | null,
  adapter: ProviderAdapter,
  sameFormat: boolean,
  status: number,
  headers: Dispatcher.ResponseData['headers'],
  body: Buffer,
  redactSecrets: RedactSecrets,
): (reply: FastifyReply) => void {
  if (sameFormat || codec === null) {
    // Vendors echo the key in some errors; a redacted body is sent with its own length (fastify's).
    const safeBody = redactBody(body, redactSecrets);
    return (reply) => {
      // Rate-limit hints are the client's to see: its SDK backs off on them.
      for (const name of ['retry-after', 'x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests']) {
        const value = headers[name];
        if (typeof value === 'string') reply.header(name, value);
      }
      reply.code(status).header('content-type', String(headers['content-type'] ?? 'application/json')).send(safeBody);
    };
  }
  const upstreamError: UpstreamError = redactUpstreamError(adapter.parseError(status, body), redactSecrets);
  return (reply) => {
    const retryAfter = headers['retry-after'];
    if (typeof retryAfter === 'string') reply.header('retry-after', retryAfter);
    reply.code(status).send(codec.errorBody(upstreamError));
  };
}

/** An error event inside a 200 stream, before any content, as a failed attempt. */
export function streamErrorResult(upstreamError: UpstreamError, codec: InboundCodec, redactSecrets: RedactSecrets): AttemptResult {
  const error = redactUpstreamError(upstreamError, redactSecrets);
  return {
    kind: 'failed',
    retryable: classifyUpstreamStatus(error.status) === 'retry',
    failure: {
      status: error.status,
      message: `upstream stream error: ${error.message}`,
      send: (reply) => void reply.code(error.status).send(codec.errorBody(error)),
    },
  };
}

export const brokenOpeningResult: AttemptResult = {
  kind: 'failed',
  retryable: true,
  failure: { status: 502, message: 'the upstream stream broke off before any content', send: null },
};

export function noCandidateError(
  table: RouteTable,
  model: string,
  selection: { candidates: KeyEntry[]; skippedForMoney: number; skippedDisabled: number; coolingDown?: KeyEntry[] },
  endpoint: string,
  /** Seconds until the first cooling-down key may be tried again; null when none is cooling down. */
  retryAfterSeconds: number | null = null,
): ContractError {
  if (selection.candidates.length === 0 && retryAfterSeconds !== null) {
    // These keys come back by themselves, so this is "try later", not "out of money" or "unknown".
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new ContractError(
      'keys_cooling_down',
      `Every key that serves model "${model}" is cooling down after failures; the first is tried again in ${seconds} s.`,
      { headers: { 'retry-after': String(seconds) } },
    );
  }
  if (selection.skippedForMoney > 0 && selection.candidates.length === 0) {
    return new ContractError(
      'insufficient_quota',
      `Every key that serves model "${model}" has spent its budget or credit. Raise budgetUsd/creditUsd or add a key.`,
    );
  }
  if (selection.candidates.length > 0) {
    const types = [...new Set(selection.candidates.map((entry) => entry.provider.config.type))].join(', ');
    return new ContractError(
      'conversion_not_supported',
      `Model "${model}" is served only by ${types} providers, which this route (${endpoint}) cannot reach: it has no conversion to them.`,
    );
  }
  if (selection.skippedDisabled > 0) {
    return new ContractError('no_enabled_key', `Every key that serves model "${model}" is disabled. Re-enable or replace one.`);
  }
  const known = table.providers.size === 0 ? ' No providers are configured yet.' : '';
  return new ContractError('model_not_found', `The model "${model}" is not served by any configured provider.${known}`);
}

export function isTimeout(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

/** A short reason that can be shown and logged: undici's codes and messages carry no secrets. */
export function describeConnectionError(error: unknown): string {
  const { code, message, cause } = error as { code?: string; message?: string; cause?: { code?: string } };
  if (isTimeout(error)) return 'timed out waiting for the upstream';
  return [code ?? cause?.code, message].filter(Boolean).join(' ') || 'connection failed';
}
