/**
 * An error the gateway answers with. Matched on `code`, never on class (as undici and fastify do):
 * `code` is stable and becomes the OpenAI `error.code` the client sees.
 */
export class GatewayError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly type: string = typeForStatus(status),
    /** Response headers that go with the error, such as `retry-after`. */
    readonly headers: Readonly<Record<string, string>> = {},
    /** What the upstream itself said, kept apart from our message (a refused provider key's vendor text). */
    readonly upstream?: { status: number; message: string },
  ) {
    super(message);
    this.name = 'GatewayError';
  }
}

function typeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** OpenAI's error shape (SPEC §4), used on /v1/chat/completions, /v1/embeddings and /v1/models. */
export function openaiErrorBody(error: GatewayError): {
  error: { message: string; type: string; param: null; code: string; upstream?: { status: number; message: string } };
} {
  const body = { message: error.message, type: error.type, param: null, code: error.code };
  return { error: error.upstream === undefined ? body : { ...body, upstream: error.upstream } };
}

/** Maps fastify's own request errors (bad JSON, too large, wrong media type) to ours. */
export function toGatewayError(error: unknown, bodyLimit: number): GatewayError {
  if (error instanceof GatewayError) return error;
  // A route may throw anything, `undefined` and `null` included, and fastify hands it on as it is.
  const fastifyError = (error ?? {}) as { code?: string; statusCode?: number; message?: string };
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new GatewayError(
        413,
        'request_too_large',
        `Request body is larger than the gateway's limit of ${bodyLimit} bytes. Send a smaller body, or raise the limit with --body-limit.`,
      );
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new GatewayError(400, 'invalid_json', `The request body is not valid JSON: ${fastifyError.message ?? 'parse error'}`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new GatewayError(415, 'unsupported_media_type', 'Send the request body as application/json.');
  }
  const status = fastifyError.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new GatewayError(status, 'invalid_request', fastifyError.message ?? 'Invalid request.');
  }
  return new GatewayError(500, 'internal_error', 'Switchyard hit an internal error; the log has the details.');
}
