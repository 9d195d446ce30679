import type { UpstreamError } from '../../conversion/stream-part.js';

/** The error types of Anthropic's API (docs: API errors); the SDKs and Claude Code switch on them. */
const anthropicErrorTypes = new Set([
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
]);

/** OpenAI (and OpenAI-compatible) error types and codes that mean one of Anthropic's. */
const openaiErrorTypes: Record<string, string> = {
  insufficient_quota: 'rate_limit_error',
  requests: 'rate_limit_error',
  tokens: 'rate_limit_error',
  rate_limit_exceeded: 'rate_limit_error',
  server_error: 'api_error',
  invalid_api_key: 'authentication_error',
  model_not_found: 'not_found_error',
};

/** Statuses whose meaning is fixed: the SDKs pick their exception class by status, so the type agrees. */
function typeForStatus(status: number): string | undefined {
  switch (status) {
    case 401:
      return 'authentication_error';
    case 403:
      return 'permission_error';
    case 404:
      return 'not_found_error';
    case 413:
      return 'request_too_large';
    case 429:
      return 'rate_limit_error';
    default:
      return undefined;
  }
}

export function anthropicErrorType(error: Pick<UpstreamError, 'status' | 'type' | 'code'>): string {
  const byStatus = typeForStatus(error.status);
  if (byStatus) return byStatus;
  if (anthropicErrorTypes.has(error.type)) return error.type;
  const mapped = openaiErrorTypes[error.type] ?? (error.code === undefined ? undefined : openaiErrorTypes[error.code]);
  if (mapped) return mapped;
  // Anthropic says "overloaded" with 529; other vendors with 503.
  if (error.status === 503 || error.status === 529) return 'overloaded_error';
  if (error.status >= 500) return 'api_error';
  return 'invalid_request_error';
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: string; message: string };
}

/** An error in Anthropic's shape (SPEC §4), for `/v1/messages` answers and stream `error` events. */
export function anthropicErrorBody(error: UpstreamError): AnthropicErrorBody {
  const message = error.message === '' ? `The upstream answered with HTTP ${error.status}.` : error.message;
  return { type: 'error', error: { type: anthropicErrorType(error), message } };
}
