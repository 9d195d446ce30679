import type { ServerResponse } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { CapturedBodies, LoggedBodies } from '../../src-shared/usage.js';
import { createSecretRedactor, redactedMarker, type RedactSecrets } from '../store/secrets/redact-secrets.js';
import { presentedClientKey } from './client-auth.js';

/** Most bytes of each body kept in the log; the rest is dropped and the body marked truncated. */
export const loggedBodyLimit = 256 * 1024;

/**
 * Credentials that no stored secret names: a bearer token or an `api_key` field a client put in its
 * own body, or a vendor-style key pasted into a prompt. Belt and braces over the route table's
 * redactor, which knows only the keys Switchyard holds.
 */
const credentialPatterns: readonly RegExp[] = [
  /(\bbearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /("(?:api[_-]?key|x-api-key|x-goog-api-key|authorization|access[_-]?token|secret)"\s*:\s*")[^"]{4,}(")/gi,
  /\b(?:sk|sya|gsk|xai|pplx|hf)[-_][A-Za-z0-9_-]{16,}/g,
  /\bAIza[A-Za-z0-9_-]{20,}/g,
];

function redactCredentials(text: string): string {
  let result = text;
  for (const pattern of credentialPatterns) {
    result = result.replace(pattern, (match, before?: string, after?: string) =>
      typeof before === 'string' ? `${before}${redactedMarker}${typeof after === 'string' ? after : ''}` : redactedMarker,
    );
  }
  return result;
}

/** Up to `loggedBodyLimit` bytes of what passes, and whether more went by. */
class CappedCopy {
  private readonly parts: Buffer[] = [];
  private size = 0;
  truncated = false;

  add(chunk: unknown, encoding?: unknown): void {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const room = loggedBodyLimit - this.size;
    if (room <= 0) {
      if (Buffer.byteLength(chunk as string) > 0) this.truncated = true;
      return;
    }
    const bytes = Buffer.isBuffer(chunk)
      ? chunk
      : chunk instanceof Uint8Array
        ? Buffer.from(chunk)
        : Buffer.from(String(chunk), typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8');
    if (bytes.length > room) this.truncated = true;
    const kept = bytes.length > room ? Buffer.from(bytes.subarray(0, room)) : Buffer.from(bytes);
    this.parts.push(kept);
    this.size += kept.length;
  }

  text(): string {
    return Buffer.concat(this.parts).toString('utf8');
  }
}

/**
 * Starts keeping a request's body and the bytes its client is sent (for a stream, the events as
 * written), for the request log. Called only while body logging is on: with it off, nothing here
 * runs and nothing is buffered. The copy of the answer is taken where every delivery path ends, the
 * client's connection, so same-format relays, conversions and error answers are all caught alike.
 */
export function captureBodies(request: FastifyRequest, reply: FastifyReply, redactSecrets: RedactSecrets): CapturedBodies {
  const requestCopy = new CappedCopy();
  requestCopy.add(request.body);
  const responseCopy = new CappedCopy();
  const response: ServerResponse = reply.raw;
  const write = response.write;
  const end = response.end;
  // Own properties on this one response: other requests' responses keep the prototype's methods.
  // Some responses' `end` writes its last chunk through `write` (light-my-request's do): it is
  // copied once, by `end`.
  let ending = false;
  response.write = function (this: ServerResponse, chunk: unknown, ...rest: unknown[]) {
    if (!ending) responseCopy.add(chunk, rest[0]);
    return (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
  } as ServerResponse['write'];
  response.end = function (this: ServerResponse, chunk?: unknown, ...rest: unknown[]) {
    responseCopy.add(chunk, rest[0]);
    ending = true;
    try {
      return (end as (...args: unknown[]) => ServerResponse).call(this, chunk, ...rest);
    } finally {
      ending = false;
    }
  } as ServerResponse['end'];

  const clientKey = presentedClientKey(request);
  const redactClientKey = clientKey === null ? (text: string) => text : createSecretRedactor([clientKey]);
  const redact = (text: string) => redactCredentials(redactClientKey(redactSecrets(text)));
  // 'close' comes once the answer is sent or the connection is gone, whichever path wrote it.
  const closed = new Promise<void>((resolve) => {
    if (response.closed) resolve();
    else response.once('close', () => resolve());
  });
  let logged: Promise<LoggedBodies> | null = null;
  return {
    settled: () =>
      (logged ??= closed.then(() => ({
        request: requestCopy.text() === '' ? null : redact(requestCopy.text()),
        response: responseCopy.text() === '' ? null : redact(responseCopy.text()),
        requestTruncated: requestCopy.truncated,
        responseTruncated: responseCopy.truncated,
      }))),
  };
}
