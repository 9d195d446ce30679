import { ContractError, isContractError } from '../conversion/contract-error.js';

/**
 * The contract error a thrown value is answered with: one of ours as it is, fastify's own request
 * errors (bad JSON, too large, wrong media type) mapped to ours; null for anything else, which is a
 * bug of ours (or a library's) and is answered as a 500 `internal_error`.
 */
export function toContractError(error: unknown, bodyLimit: number): ContractError | null {
  if (isContractError(error)) return error;
  // A route may throw anything, `undefined` and `null` included, and fastify hands it on as it is.
  const fastifyError = (error ?? {}) as { code?: string; statusCode?: number; message?: string };
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ContractError(
        'request_too_large',
        `Request body is larger than the gateway's limit of ${bodyLimit} bytes. Send a smaller body, or raise the limit with --body-limit.`,
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ContractError('invalid_json', `The request body is not valid JSON: ${fastifyError.message ?? 'parse error'}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new ContractError('unsupported_media_type', 'Send the request body as application/json.');
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new ContractError('request_rejected', fastifyError.message ?? 'Invalid request.', { status });
  }
  return null;
}

/** What a bug is answered with: nothing of its message, which may name paths or internals. */
export function internalError(cause: unknown): ContractError {
  return new ContractError('internal_error', 'Switchyard hit an internal error; the log has the details.', { cause });
}
