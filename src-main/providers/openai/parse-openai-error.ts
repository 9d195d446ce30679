import { asRecord } from '../../../src-shared/json-record.js';
import type { UpstreamError } from '../../conversion/stream-part.js';

/**
 * An OpenAI-format error answer in the internal vocabulary. OpenAI sends
 * `{"error":{"message","type","param","code"}}`; compatible vendors vary: `{"error":"text"}`,
 * a bare `{"message","type","code"}` (Cerebras), FastAPI's `{"detail": …}` (vLLM and other local
 * servers), a one-element array (Google's OpenAI endpoint), and a proxy in front may answer with
 * an HTML page (Cloudflare's 502). Whatever comes, the client gets a message it can act on.
 */
export function parseOpenAIError(status: number, body: Buffer): UpstreamError {
  const text = body.toString('utf8').trim();
  if (text === '') return { status, type: errorTypeForStatus(status), message: `The upstream answered ${status} with an empty body.` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { status, type: errorTypeForStatus(status), message: `The upstream answered ${status} with a non-JSON body: ${describeNonJson(text)}` };
  }
  return upstreamErrorFromPayload(Array.isArray(parsed) ? parsed[0] : parsed, status);
}

/**
 * The error in a JSON payload: an error answer's body, or an `{"error": …}` event inside a stream.
 * `httpStatus` is the answer's status; a stream's error event has none, and then the status comes
 * from the payload (a numeric `code`, or what its type says) so failover can still tell a rate limit
 * from a broken request.
 */
export function upstreamErrorFromPayload(payload: unknown, httpStatus?: number): UpstreamError {
  const outer = asRecord(payload);
  const inner = typeof outer?.error === 'object' && outer.error !== null ? asRecord(outer.error) : undefined;
  const fields = inner ?? outer ?? {};
  const message =
    stringField(fields, 'message') ??
    (typeof outer?.error === 'string' ? outer.error : undefined) ??
    describeDetail(outer?.detail) ??
    'The upstream reported an error without saying why.';
  // OpenRouter and some relays put the HTTP status in `code`.
  const numericCode = typeof fields.code === 'number' && fields.code >= 400 && fields.code <= 599 ? fields.code : undefined;
  const vendorCode = stringField(fields, 'code') ?? stringField(fields, 'type');
  const status = httpStatus ?? numericCode ?? statusForVendorWords(`${stringField(fields, 'type') ?? ''} ${stringField(fields, 'code') ?? ''}`);
  return { status, type: errorTypeForStatus(status), message, ...(vendorCode ? { code: vendorCode } : {}) };
}

/** The OpenAI-style error type for an HTTP status: the vocabulary every inbound encoder maps from. */
export function errorTypeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 503 || status === 529) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** OpenAI's error types and codes, as a stream's error event names them. */
function statusForVendorWords(words: string): number {
  if (/rate_limit|insufficient_quota|quota_exceeded/.test(words)) return 429;
  if (/invalid_api_key|authentication/.test(words)) return 401;
  if (/permission/.test(words)) return 403;
  if (/context_length|invalid_request/.test(words)) return 400;
  if (/overloaded/.test(words)) return 503;
  return 502;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** FastAPI says `detail: "text"` or `detail: [{msg, loc}]`. */
function describeDetail(detail: unknown): string | undefined {
  if (typeof detail === 'string') return detail;
  if (!Array.isArray(detail)) return undefined;
  const messages = detail.map((entry) => asRecord(entry)?.msg).filter((message): message is string => typeof message === 'string');
  return messages.length > 0 ? messages.join('; ') : undefined;
}

/** An HTML page's title (what a proxy's error page says), else the start of the text. */
function describeNonJson(text: string): string {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.trim();
  const summary = title || text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return summary.length > 200 ? `${summary.slice(0, 200)}…` : summary;
}
