import type { FastifyReply } from 'fastify';
import type { Dispatcher } from 'undici';
import type { InboundCodec } from '../conversion/inbound-codec.js';
import type { UpstreamError } from '../conversion/stream-part.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { classifyUpstreamStatus } from '../routing/classify-upstream-status.js';
import { redactBody, type RedactSecrets } from '../store/secrets/redact-secrets.js';
import { redactUpstreamError } from '../store/secrets/redact-upstream-error.js';
import type { AttemptFailure, AttemptOutcome } from '../routing/run-failover.js';

/** What trying one candidate came to, in the routing unit's terms; the gateway's `send` takes a reply. */
export type AttemptResult = AttemptOutcome<FastifyReply>;
export type FailedAttempt = AttemptFailure<FastifyReply>;

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
export function streamErrorResult(upstreamError: UpstreamError, codec: InboundCodec, firstByteMs: number, redactSecrets: RedactSecrets): AttemptResult {
  // The vendor's words go to the client and the log: without any key they echo.
  const error = redactUpstreamError(upstreamError, redactSecrets);
  return {
    kind: 'failed',
    failure: {
      status: error.status,
      message: `upstream stream error: ${error.message}`,
      retryable: classifyUpstreamStatus(error.status) === 'retry',
      keyRejected: false,
      retryAfterMs: null,
      firstByteMs,
      upstream: { status: error.status, message: error.message },
      send: (reply) => void reply.code(error.status).send(codec.errorBody(error)),
    },
  };
}

/** The upstream's stream broke off before any content: the next candidate may do better. */
export function brokenOpeningResult(firstByteMs: number): AttemptResult {
  return {
    kind: 'failed',
    failure: {
      status: 502,
      message: 'the upstream stream broke off before any content',
      retryable: true,
      keyRejected: false,
      retryAfterMs: null,
      firstByteMs,
      upstream: null,
      send: null,
    },
  };
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
