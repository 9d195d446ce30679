/**
 * Every error code the gateway answers with, once. The code is the stable name a client (and the
 * window) matches on; the entry says how it goes on the wire: the HTTP status, the `type` in
 * OpenAI's error shape and in Anthropic's, and whether asking again may succeed without anyone
 * changing anything (a transient failure) or not (the request, a key or the configuration must change).
 *
 * Errors relayed from a vendor keep the vendor's own code and are not listed here.
 */

/** The error types Anthropic documents (API errors); its SDKs and Claude Code switch on them. */
export const anthropicErrorTypes = [
  'invalid_request_error',
  'authentication_error',
  'permission_error',
  'not_found_error',
  'request_too_large',
  'rate_limit_error',
  'api_error',
  'overloaded_error',
] as const;

export type AnthropicErrorType = (typeof anthropicErrorTypes)[number];

export interface ErrorCodeEntry {
  /** The HTTP status; for a code with `statusFromSource`, the one used when none is given. */
  readonly status: number;
  /**
   * The status is the source's own and given when the error is made: the upstream's (a vendor error
   * relayed, a connection that failed or timed out) or the HTTP framework's. Kept to a few codes.
   */
  readonly statusFromSource?: true;
  /** `error.type` in OpenAI's shape. */
  readonly openaiType: string;
  /** `error.type` in Anthropic's shape. */
  readonly anthropicType: AnthropicErrorType;
  /** Whether the same request may succeed later with nothing changed. */
  readonly retryable: boolean;
  /** What it means, in a few words, for the window and the docs. */
  readonly summary: string;
}

/** A 400 about the request body: fixed by the client, never by retrying. */
const invalidRequest = { status: 400, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error', retryable: false } as const;

export const errorCodes = {
  // The client and its credentials.
  invalid_api_key: { status: 401, openaiType: 'authentication_error', anthropicType: 'authentication_error', retryable: false, summary: 'Missing or unknown client key.' },
  invalid_admin_token: { status: 401, openaiType: 'authentication_error', anthropicType: 'authentication_error', retryable: false, summary: 'The admin API needs the admin token.' },
  forbidden_host: { status: 403, openaiType: 'permission_error', anthropicType: 'permission_error', retryable: false, summary: 'The request was not addressed to a loopback host.' },
  not_found: { status: 404, openaiType: 'not_found_error', anthropicType: 'not_found_error', retryable: false, summary: 'No such route.' },

  // The request as sent.
  invalid_json: { ...invalidRequest, summary: 'The request body is not a JSON object.' },
  request_too_large: { status: 413, openaiType: 'request_too_large', anthropicType: 'request_too_large', retryable: false, summary: "The request body is larger than the gateway's limit." },
  unsupported_media_type: { status: 415, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error', retryable: false, summary: 'The request body is not sent as JSON.' },
  request_rejected: {
    status: 400,
    statusFromSource: true,
    openaiType: 'invalid_request_error',
    anthropicType: 'invalid_request_error',
    retryable: false,
    summary: 'The HTTP framework refused the request (its status is kept).',
  },
  missing_model: { ...invalidRequest, summary: 'The request body names no model.' },
  missing_input: { ...invalidRequest, summary: 'The embeddings request has no input.' },
  invalid_request: { ...invalidRequest, summary: 'A field of the request is invalid; the message names it.' },
  duplicate_key: { ...invalidRequest, summary: 'The request body has a key the gateway reads (model, stream) more than once.' },
  invalid_window: { ...invalidRequest, summary: 'Unknown statistics window.' },
  invalid_tool_arguments: { ...invalidRequest, summary: 'A tool call carries arguments that are not a JSON object.' },
  unsupported_feature: { ...invalidRequest, summary: "The request uses something the routed provider's format cannot express." },
  conversion_not_supported: { ...invalidRequest, summary: 'The model is served only by providers this route cannot convert to.' },

  // Routing: models, providers and keys.
  model_not_found: { status: 404, openaiType: 'not_found_error', anthropicType: 'not_found_error', retryable: false, summary: 'No configured provider serves the model.' },
  provider_not_found: { status: 404, openaiType: 'not_found_error', anthropicType: 'not_found_error', retryable: false, summary: 'No provider with that id is configured.' },
  insufficient_quota: { status: 429, openaiType: 'insufficient_quota', anthropicType: 'rate_limit_error', retryable: false, summary: 'Every key for the model has spent its budget or credit.' },
  keys_cooling_down: { status: 503, openaiType: 'api_error', anthropicType: 'api_error', retryable: true, summary: 'Every key for the model is cooling down after failures.' },
  provider_key_rejected: {
    status: 502,
    openaiType: 'api_error',
    anthropicType: 'api_error',
    retryable: false,
    summary: "The upstream refused Switchyard's provider key (401/403) and the key was disabled; the client's own key is fine.",
  },
  no_enabled_key: { status: 503, openaiType: 'api_error', anthropicType: 'api_error', retryable: false, summary: 'Every key for the model is disabled.' },

  // The upstream.
  upstream_unavailable: {
    status: 502,
    statusFromSource: true,
    openaiType: 'api_error',
    anthropicType: 'api_error',
    retryable: true,
    summary: 'No upstream answered (502), or one timed out (504).',
  },
  upstream_error: {
    status: 502,
    statusFromSource: true,
    openaiType: 'api_error',
    anthropicType: 'api_error',
    retryable: true,
    summary: "The upstream reported an error inside a successful answer; the status is the error's own.",
  },
  upstream_error_withheld: {
    status: 502,
    statusFromSource: true,
    openaiType: 'api_error',
    anthropicType: 'api_error',
    retryable: false,
    summary: "The upstream's error body was in an encoding Switchyard cannot read, so it could not be checked for keys and was withheld; the status is the upstream's.",
  },
  invalid_upstream_response: { status: 502, openaiType: 'api_error', anthropicType: 'api_error', retryable: true, summary: 'The upstream answered with something that could not be read.' },

  // The gateway itself.
  internal_error: { status: 500, openaiType: 'api_error', anthropicType: 'api_error', retryable: false, summary: 'A bug in Switchyard; the log has the details.' },
  not_available: { status: 501, openaiType: 'api_error', anthropicType: 'api_error', retryable: false, summary: 'This build of the gateway does not offer the action.' },

  // Price sync (`POST /api/prices/sync`).
  prices_bad_url: { ...invalidRequest, summary: 'The prices URL is not an http(s) URL.' },
  prices_unreachable: { status: 502, openaiType: 'api_error', anthropicType: 'api_error', retryable: true, summary: 'The prices source did not answer.' },
  prices_too_large: { status: 502, openaiType: 'api_error', anthropicType: 'api_error', retryable: false, summary: 'The prices document is larger than allowed.' },
  prices_bad_json: { status: 502, openaiType: 'api_error', anthropicType: 'api_error', retryable: false, summary: 'The prices document is not JSON.' },
  prices_not_models_dev: { status: 502, openaiType: 'api_error', anthropicType: 'api_error', retryable: false, summary: "The prices document is not models.dev's api.json." },
  prices_not_saved: { status: 502, openaiType: 'api_error', anthropicType: 'api_error', retryable: false, summary: 'The synced prices could not be written to the data directory.' },

  // The control API (`/api/control/*`, and the window over IPC).
  forbidden_origin: { status: 403, openaiType: 'permission_error', anthropicType: 'permission_error', retryable: false, summary: "The admin API was called from a page that is not the gateway's own." },
  unknown_control_method: { status: 404, openaiType: 'not_found_error', anthropicType: 'not_found_error', retryable: false, summary: 'The control API has no method of that name.' },
  invalid_control_input: { ...invalidRequest, summary: "A field of the control call's input is invalid; `field` names it." },
  configuration_refused: { ...invalidRequest, summary: 'The change would make the configuration invalid, so nothing was written; `field` names the field.' },
  configuration_unwritable: { status: 500, openaiType: 'api_error', anthropicType: 'api_error', retryable: true, summary: 'The configuration file could not be written; the running configuration is unchanged.' },
  item_not_found: { status: 404, openaiType: 'not_found_error', anthropicType: 'not_found_error', retryable: false, summary: 'No provider, key, client or request with that id.' },
  item_exists: { status: 409, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error', retryable: false, summary: 'Something with that id or name already exists.' },
  managed_by_configuration: { status: 409, openaiType: 'invalid_request_error', anthropicType: 'invalid_request_error', retryable: false, summary: 'It comes from the configuration file: change or remove it there.' },
  import_not_recognized: { ...invalidRequest, summary: 'The pasted text or file is no configuration Switchyard can import.' },
  wrong_passphrase: { ...invalidRequest, summary: 'The passphrase does not open the exported file.' },
} as const satisfies Record<string, ErrorCodeEntry>;

export type ErrorCode = keyof typeof errorCodes;

/** The codes whose status is given when the error is made (`statusFromSource`). */
export type ErrorCodeWithSourceStatus = {
  [Code in ErrorCode]: (typeof errorCodes)[Code] extends { readonly statusFromSource: true } ? Code : never;
}[ErrorCode];

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(errorCodes, value);
}

/** The catalogue entry of `code`, typed as the general entry shape. */
export function errorCodeEntry(code: ErrorCode): ErrorCodeEntry {
  return errorCodes[code];
}
