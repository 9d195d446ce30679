import type { UpstreamError } from '../../conversion/stream-part.js';
import { type GeminiErrorBody, geminiErrorBodySchema } from './gemini-api.js';

/**
 * A Gemini error answer in the internal vocabulary. Google's shape is
 * `{"error":{"code","message","status","details"}}`; the REST stream endpoint without `alt=sse` wraps
 * it in an array, and proxies in front of Google answer HTML, so both are read too.
 *
 * Gemini answers a wrong API key with 400 INVALID_ARGUMENT (reason API_KEY_INVALID), where every other
 * vendor says 401. It is reported as the 401 it means, so the client and the routing see a key problem
 * rather than a problem with the request.
 */
export function parseGeminiError(status: number, body: Buffer): UpstreamError {
  const error = readErrorBody(body)?.error;
  if (!error) {
    const text = body.toString('utf8').trim();
    return {
      status,
      type: typeForStatus(status),
      message: text !== '' && text.length <= 500 && !text.startsWith('<') ? text : `The Gemini provider answered HTTP ${status}.`,
    };
  }
  return geminiErrorToUpstream(status, error);
}

/** An error object (from a body or from inside a stream) in the internal vocabulary. */
export function geminiErrorToUpstream(status: number, error: GeminiErrorBody['error']): UpstreamError {
  const keyInvalid = (error.details ?? []).some(
    (detail) => typeof detail === 'object' && detail !== null && (detail as { reason?: unknown }).reason === 'API_KEY_INVALID',
  );
  const effectiveStatus = keyInvalid ? 401 : status;
  return {
    status: effectiveStatus,
    type: typeForStatus(effectiveStatus, error.status ?? undefined),
    message: error.message ?? `The Gemini provider answered HTTP ${status}.`,
    ...(error.status ? { code: error.status } : {}),
  };
}

function readErrorBody(body: Buffer): GeminiErrorBody | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
  const candidate = Array.isArray(json) ? json[0] : json;
  const parsed = geminiErrorBodySchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

function typeForStatus(status: number, googleStatus?: string): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 429) return 'rate_limit_error';
  // "The model is overloaded": what Anthropic calls overloaded_error.
  if (status === 503 || googleStatus === 'UNAVAILABLE') return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
