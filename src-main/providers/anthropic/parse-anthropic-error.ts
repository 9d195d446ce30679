import type { UpstreamError } from '../../conversion/stream-part.js';
import { anthropicErrorBodySchema } from './anthropic-api.js';

/**
 * The HTTP status Anthropic pairs with each error type (platform.claude.com/docs/en/api/errors). An
 * `error` event inside a 200 stream carries only the type, so this is how it gets a status.
 */
const statusByErrorType: Readonly<Record<string, number>> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

export function statusForAnthropicErrorType(type: string | null | undefined): number {
  return (type && statusByErrorType[type]) || 500;
}

/** Anthropic's own type for a status, for answers that came without a JSON body. */
function errorTypeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'billing_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 504) return 'timeout_error';
  if (status === 529) return 'overloaded_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** The longest piece of a non-JSON body kept in the message: enough to recognise a proxy's page. */
const snippetLength = 200;

/**
 * `{"type":"error","error":{"type","message"},"request_id"}` in the internal vocabulary. A body that is
 * not that shape (a load balancer's HTML page, an empty 502, a compatible vendor's own error) still
 * becomes a readable error with the status's type, and its text, tags stripped, cut short.
 */
export function parseAnthropicError(status: number, body: Buffer): UpstreamError {
  const text = body.toString('utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = anthropicErrorBodySchema.safeParse(json);
  if (parsed.success) {
    return {
      status,
      type: parsed.data.error.type || errorTypeForStatus(status),
      message: parsed.data.error.message || `The upstream answered ${status}.`,
    };
  }
  const readable = text
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const snippet = readable.length > snippetLength ? `${readable.slice(0, snippetLength)}…` : readable;
  return {
    status,
    type: errorTypeForStatus(status),
    message: snippet === '' ? `The upstream answered ${status} with an empty body.` : `The upstream answered ${status}: ${snippet}`,
  };
}
