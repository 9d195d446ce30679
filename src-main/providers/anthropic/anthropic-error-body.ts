import { anthropicErrorTypes, errorCodeEntry, type AnthropicErrorType } from '../../../src-shared/error-codes.js';
import { isContractError, type ContractError, type UpstreamStatement } from '../../conversion/contract-error.js';
import type { UpstreamError } from '../../conversion/stream-part.js';

const knownTypes: ReadonlySet<string> = new Set(anthropicErrorTypes);

/** OpenAI (and OpenAI-compatible) error types and codes that mean one of Anthropic's. */
const openaiErrorTypes: Record<string, AnthropicErrorType> = {
  insufficient_quota: 'rate_limit_error',
  requests: 'rate_limit_error',
  tokens: 'rate_limit_error',
  rate_limit_exceeded: 'rate_limit_error',
  server_error: 'api_error',
  invalid_api_key: 'authentication_error',
  model_not_found: 'not_found_error',
};

/** Statuses whose meaning is fixed: the SDKs pick their exception class by status, so the type agrees. */
function typeForStatus(status: number): AnthropicErrorType | undefined {
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

/** The Anthropic type of a vendor's error, whatever vocabulary the vendor used. */
export function anthropicErrorType(error: Pick<UpstreamError, 'status' | 'type' | 'code'>): AnthropicErrorType {
  const byStatus = typeForStatus(error.status);
  if (byStatus) return byStatus;
  if (knownTypes.has(error.type)) return error.type as AnthropicErrorType;
  const mapped = openaiErrorTypes[error.type] ?? (error.code === undefined ? undefined : openaiErrorTypes[error.code]);
  if (mapped) return mapped;
  // Anthropic says "overloaded" with 529; other vendors with 503.
  if (error.status === 503 || error.status === 529) return 'overloaded_error';
  if (error.status >= 500) return 'api_error';
  return 'invalid_request_error';
}

export interface AnthropicErrorBody {
  type: 'error';
  error: { type: AnthropicErrorType; message: string; upstream?: UpstreamStatement };
}

/**
 * An error in Anthropic's shape, for every answer of the Anthropic door and its stream `error`
 * events: one of ours takes its type from the catalogue, a vendor's is mapped from its own vocabulary.
 */
export function anthropicErrorBody(error: ContractError | UpstreamError): AnthropicErrorBody {
  if (isContractError(error)) {
    const body = { type: errorCodeEntry(error.code).anthropicType, message: error.message };
    return { type: 'error', error: error.upstream === undefined ? body : { ...body, upstream: error.upstream } };
  }
  const message = error.message === '' ? `The upstream answered with HTTP ${error.status}.` : error.message;
  return { type: 'error', error: { type: anthropicErrorType(error), message } };
}
