/**
 * A mock of Anthropic's HTTP API (Messages, token counting, Models) on node:http, independent of the
 * gateway under test. It validates requests the way the real API does and refuses, in Anthropic's
 * error shape and wording, what the real API refuses: the mistakes a converting gateway makes
 * (a missing `max_tokens`, a `system` message, an unpaired `tool_result`, a tampered thinking
 * signature, a tool loop continued with thinking on but without its thinking block, a stray field)
 * fail here as they would against api.anthropic.com.
 *
 * Tests script it per API key (`behaviourFor`) or per next request (`enqueue`); without a script it
 * answers like the real API, deterministically: `You said: <last user text>`, a `tool_use` when the last
 * user text says `call <tool> {json}`, a signed thinking block first when thinking is enabled.
 */
import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  headerValue,
  isRecord,
  parseJson,
  randomAlphanumeric,
  readBodyInto,
  runConnectionScript,
  sendJsonText,
  stampSendTime,
  startMockServer,
  writeEventStream,
  type MockExchange,
  type MockServer,
  type MockRecordedRequest,
} from './mock-server.js';
import { frameAnthropicEvent, readRecordedJson, readRecordedPayloads, recordedFileExists } from './recorded-fixtures.js';

// ---------------------------------------------------------------------------------------------------
// Public types

/** The recorded streams under test/fixtures/recorded/anthropic (`<name>.chunks.txt`). */
export type RecordedAnthropicStream =
  | 'anthropic-text'
  | 'anthropic-tool-no-args'
  | 'anthropic-json-tool.2'
  | 'anthropic-clear-thinking.1'
  | 'anthropic-combined-context-editing.1'
  | 'anthropic-message-delta-input-tokens'
  | 'anthropic-code-execution-20260120-prompt-cache.1'
  | 'anthropic-web-search-tool.1';

/** The recorded non-stream answers (`<name>.json`). */
export type RecordedAnthropicBody = 'anthropic-text' | 'anthropic-json-tool.1';

/** Token figures that replace the computed ones. */
export interface MockUsage {
  /** Prompt tokens after the last cache breakpoint (Anthropic's `input_tokens`, cache excluded). */
  input_tokens?: number;
  output_tokens?: number;
  cache_creation_input_tokens?: number;
  cache_read_input_tokens?: number;
}

/**
 * What the mock does with one request. Fields combine and are applied in this order:
 * 1. `resetConnection`: destroy the socket once the request body is read; nothing is answered.
 * 2. `delayHeadersMs`: wait before anything is sent (stopped early if the client goes away).
 * 3. `status` (400 or more): answer with that error and stop.
 * 4. `streamErrorBeforeContent`, `streamChunks` or `replayRecorded`: answer 200 with those events,
 *    whatever the request.
 * 5. Otherwise the default handling (auth, validation, generated answer), shaped by `reply`,
 *    `toolPreamble`, `usage`, `startUsage`, `chunkDelayMs`, `stampSendTime`, `streamEnd`,
 *    `streamErrorAfterEvents` and `hang`.
 * A scripted error or scripted stream (3, 4) skips auth and validation; 5 does not.
 */
export interface MockBehaviour {
  resetConnection?: boolean;
  delayHeadersMs?: number;

  /** HTTP status of an error answer. Its body is Anthropic's `{"type":"error","error":{type,message},"request_id"}`. */
  status?: number;
  /** Sent as the `retry-after` header. */
  retryAfter?: string;
  /** `error.type`; defaults per status (429 `rate_limit_error`, 529 `overloaded_error`, …). */
  errorType?: string;
  /** `error.message`; defaults to the real API's message for that status. */
  message?: string;
  /**
   * A raw error body sent instead of the JSON error shape (with `content-type: text/html` unless
   * `headers` says otherwise). A bare `{ status: 502 }` sends Cloudflare's HTML page.
   */
  body?: string;
  /** Extra response headers, for any answer. */
  headers?: Record<string, string>;

  /**
   * A 200 event stream whose only event is `error` (`overloaded_error` unless `streamErrorType` says
   * otherwise), as Anthropic sends when it fails after accepting a stream and before any content.
   */
  streamErrorBeforeContent?: boolean;
  /** Event payloads (each the JSON of one `data:` line), framed with `event: <their type>` and sent as given. */
  streamChunks?: readonly string[];
  /** Replays a recording verbatim: `<name>.json` for a non-stream request when it exists, else `<name>.chunks.txt` as a stream. */
  replayRecorded?: RecordedAnthropicStream | RecordedAnthropicBody;
  /** Pause before every event after the first. */
  chunkDelayMs?: number;
  /** Adds `x_sent_at` (ms, `performance.timeOrigin + performance.now()`) to every event object. */
  stampSendTime?: boolean;
  /**
   * How a stream ends: `complete` (default) ends after `message_stop`; `close` ends the response
   * without `message_stop` (a stream cut short); `reset` destroys the socket instead of sending it.
   */
  streamEnd?: 'complete' | 'close' | 'reset';
  /** In a generated stream, an `error` event after this many events, and then the end. */
  streamErrorAfterEvents?: number;
  /** The `error.type` of a scripted stream error; `overloaded_error` unless told. */
  streamErrorType?: string;
  /** Sends the headers and the first event, then nothing until the client closes the connection. */
  hang?: boolean;

  /** The assistant text of a generated answer, instead of the echo (no tool call is then made). */
  reply?: string;
  /** A text block written before a generated `tool_use`, as Claude often does ("I'll check."). */
  toolPreamble?: string;
  /** Final token figures (a stream's `message_delta`, a body's `usage`). */
  usage?: MockUsage;
  /** `message_start` figures that differ from the final ones, as real streams sometimes report. */
  startUsage?: MockUsage;
}

/** One request as the mock saw it; `apiKey` is the `x-api-key` header. */
export type RecordedRequest = MockRecordedRequest;

export interface MockAnthropicOptions {
  /** API keys accepted; unless given, any key that starts with `sk-ant-`. */
  keys?: readonly string[];
  /** Model ids that exist. */
  models?: readonly string[];
  /** Which snapshot an alias reports as `model` in answers, as Anthropic does; `{}` echoes the request. */
  snapshots?: Readonly<Record<string, string>>;
  /** Token figures for every generated answer (a behaviour's `usage` wins over these). */
  usage?: MockUsage;
  /**
   * Accept any `signature` on thinking blocks sent back. By default only signatures the mock itself
   * issued (`mockSignature`) pass, as the real API accepts only its own.
   */
  acceptAnySignature?: boolean;
}

export interface MockAnthropic extends MockServer<MockBehaviour, RecordedRequest> {
  /** `http://127.0.0.1:<port>`, what the Anthropic SDK takes as `baseURL` (it adds `/v1/messages`). */
  readonly baseUrl: string;
}

// ---------------------------------------------------------------------------------------------------
// Defaults and helpers others may use to compute expectations

export const DEFAULT_MODELS: readonly string[] = [
  'claude-sonnet-4-5',
  'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5',
  'claude-haiku-4-5-20251001',
  'claude-opus-4-5',
  'claude-opus-4-5-20251101',
  'claude-opus-4-1',
  'claude-opus-4-1-20250805',
  'claude-sonnet-4-0',
  'claude-sonnet-4-20250514',
  'claude-3-7-sonnet-20250219',
  'claude-3-5-haiku-20241022',
];

/** Anthropic answers an alias with the snapshot it resolved to. */
export const DEFAULT_SNAPSHOTS: Readonly<Record<string, string>> = {
  'claude-sonnet-4-5': 'claude-sonnet-4-5-20250929',
  'claude-haiku-4-5': 'claude-haiku-4-5-20251001',
  'claude-opus-4-5': 'claude-opus-4-5-20251101',
  'claude-opus-4-1': 'claude-opus-4-1-20250805',
  'claude-sonnet-4-0': 'claude-sonnet-4-20250514',
};

/** The mock's token count for a text: its length in UTF-16 units divided by 4, rounded up. */
export function tokensForText(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The mock's `input_tokens` for a Messages body (before cache figures are applied): `tokensForText`
 * of the system text and of every text, thinking, tool input and tool result in the messages, at least 1.
 */
export function inputTokensFor(body: { system?: unknown; messages?: unknown }): number {
  const pieces: string[] = [];
  if (typeof body.system === 'string') pieces.push(body.system);
  else if (Array.isArray(body.system)) for (const block of body.system) if (isRecord(block) && typeof block['text'] === 'string') pieces.push(block['text']);
  if (Array.isArray(body.messages)) {
    for (const message of body.messages) if (isRecord(message)) pieces.push(contentText(message['content'], true));
  }
  return Math.max(1, tokensForText(pieces.join('')));
}

/** The signature the mock gives a thinking text, and the only one it accepts back for it. */
export function mockSignature(thinking: string): string {
  return `Eu${createHash('sha256').update(`mock-thinking:${thinking}`).digest('base64')}`;
}

/** The thinking text the mock writes before answering `lastUserText`. */
export function mockThinkingFor(lastUserText: string): string {
  return `The user wrote: ${lastUserText}. I will answer plainly.`;
}

/** The payload lines of a recorded stream, as stored. */
export async function readRecordedChunks(name: RecordedAnthropicStream): Promise<string[]> {
  return readRecordedPayloads(`anthropic/${name}.chunks.txt`);
}

/** Anthropic's SSE framing of one event payload. */
export const frameEvent: (payload: string) => string = frameAnthropicEvent;

// ---------------------------------------------------------------------------------------------------
// Server

export async function startMockAnthropic(options: MockAnthropicOptions = {}): Promise<MockAnthropic> {
  const state: MockState = {
    options,
    models: options.models ?? DEFAULT_MODELS,
    snapshots: options.snapshots ?? DEFAULT_SNAPSHOTS,
  };
  const server = await startMockServer<MockBehaviour, RecordedRequest>({
    apiKeyOf: (headers) => headerValue(headers, 'x-api-key'),
    handle: (exchange) => handleRequest({ ...exchange, state }),
    sendInternalError: (response, error) => sendError(response, 500, 'api_error', `mock-anthropic: ${String(error)}`),
  });
  return { ...server, baseUrl: server.origin };
}

interface MockState {
  options: MockAnthropicOptions;
  models: readonly string[];
  snapshots: Readonly<Record<string, string>>;
}

interface Exchange extends MockExchange<MockBehaviour, RecordedRequest> {
  state: MockState;
}

async function handleRequest(exchange: Exchange): Promise<void> {
  const { state, request, response, url, behaviour } = exchange;
  const { method, apiKey } = exchange.recorded;
  if (!(await readBodyInto(exchange))) return;
  if (!(await runConnectionScript(exchange))) return;
  if (behaviour.status !== undefined && behaviour.status >= 400) {
    sendScriptedError(exchange, behaviour.status);
    return;
  }
  if (behaviour.streamErrorBeforeContent) {
    await sendEventStream(exchange, [JSON.stringify(streamError(behaviour))], { scripted: true });
    return;
  }
  if (behaviour.streamChunks) {
    await sendEventStream(exchange, behaviour.streamChunks, { scripted: true });
    return;
  }
  if (behaviour.replayRecorded) {
    await replayRecorded(exchange, behaviour.replayRecorded);
    return;
  }

  const route = `${method} ${url.pathname}`;
  const isKnownRoute =
    route === 'POST /v1/messages' ||
    route === 'POST /v1/messages/count_tokens' ||
    route === 'GET /v1/models' ||
    (method === 'GET' && url.pathname.startsWith('/v1/models/'));
  if (!isKnownRoute) {
    sendError(response, 404, 'not_found_error', 'Not found');
    return;
  }

  if (apiKey === undefined) {
    sendError(response, 401, 'authentication_error', 'x-api-key header is required');
    return;
  }
  const accepted = state.options.keys ? state.options.keys.includes(apiKey) : apiKey.startsWith('sk-ant-');
  if (!accepted) {
    sendError(response, 401, 'authentication_error', 'invalid x-api-key');
    return;
  }
  if (request.headers['anthropic-version'] === undefined) {
    sendError(response, 400, 'invalid_request_error', 'anthropic-version: header is required');
    return;
  }

  try {
    if (route === 'POST /v1/messages') await createMessage(exchange);
    else if (route === 'POST /v1/messages/count_tokens') countTokens(exchange);
    else if (route === 'GET /v1/models') listModels(exchange, url);
    else retrieveModel(exchange, decodeURIComponent(url.pathname.slice('/v1/models/'.length)));
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    sendError(response, error.status, error.type, error.message);
  }
}

// ---------------------------------------------------------------------------------------------------
// Errors

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

function invalid(message: string): RequestError {
  return new RequestError(400, 'invalid_request_error', message);
}

function sendError(response: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { type: 'error', error: { type, message }, request_id: requestId() }, headers);
}

const CLOUDFLARE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

function sendScriptedError(exchange: Exchange, status: number): void {
  const { behaviour, response, recorded } = exchange;
  const headers: Record<string, string> = {};
  if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
  if (status === 429) {
    headers['anthropic-ratelimit-requests-remaining'] = '0';
    headers['anthropic-ratelimit-requests-reset'] = new Date(Date.now() + 20_000).toISOString();
  }
  if (status >= 500) headers['x-should-retry'] = 'true';
  Object.assign(headers, behaviour.headers);

  const wantsJson = behaviour.message !== undefined || behaviour.errorType !== undefined;
  const rawBody = behaviour.body ?? (status === 502 && !wantsJson ? CLOUDFLARE_502 : undefined);
  if (rawBody !== undefined) {
    recorded.status = status;
    response.writeHead(status, {
      ...commonHeaders(),
      'content-type': 'text/html',
      ...headers,
      'content-length': String(Buffer.byteLength(rawBody)),
    });
    response.end(rawBody);
    return;
  }
  const model = isRecord(recorded.json) && typeof recorded.json['model'] === 'string' ? recorded.json['model'] : 'claude-sonnet-4-5';
  const defaults = defaultError(status, model);
  sendError(response, status, behaviour.errorType ?? defaults.type, behaviour.message ?? defaults.message, headers);
}

/** The real API's error for a status (platform.claude.com/docs/en/api/errors). */
function defaultError(status: number, model: string): { type: string; message: string } {
  switch (status) {
    case 400:
      return { type: 'invalid_request_error', message: 'Invalid request.' };
    case 401:
      return { type: 'authentication_error', message: 'invalid x-api-key' };
    case 402:
      return { type: 'billing_error', message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.' };
    case 403:
      return { type: 'permission_error', message: 'Your API key does not have permission to use the specified resource.' };
    case 404:
      return { type: 'not_found_error', message: `model: ${model}` };
    case 413:
      return { type: 'request_too_large', message: 'Request exceeds the maximum allowed number of bytes.' };
    case 429:
      return {
        type: 'rate_limit_error',
        message: `This request would exceed the rate limit for your organization (mock-org) of 50 requests per minute for ${model}. For details, refer to: https://docs.claude.com/en/api/rate-limits. You can see the response headers for current usage. Please reduce the prompt length or the maximum tokens requested, or try again later. You may also contact sales at https://www.anthropic.com/contact-sales to discuss your options for a rate limit increase.`,
      };
    case 500:
      return { type: 'api_error', message: 'Internal server error' };
    case 504:
      return { type: 'timeout_error', message: 'Request timed out' };
    case 529:
      return { type: 'overloaded_error', message: 'Overloaded' };
    default:
      return { type: status >= 500 ? 'api_error' : 'invalid_request_error', message: `Mock upstream error ${status}.` };
  }
}

function streamError(behaviour: MockBehaviour): Record<string, unknown> {
  const type = behaviour.streamErrorType ?? 'overloaded_error';
  const message = behaviour.message ?? (type === 'overloaded_error' ? 'Overloaded' : defaultError(type === 'rate_limit_error' ? 429 : 500, 'model').message);
  return { type: 'error', error: { type, message } };
}

// ---------------------------------------------------------------------------------------------------
// Validation, in the real API's words

/** Body parameters of `POST /v1/messages`; anything else is refused, as the real API does. */
const MESSAGE_PARAMETERS = new Set([
  'model',
  'messages',
  'max_tokens',
  'system',
  'metadata',
  'stop_sequences',
  'stream',
  'temperature',
  'top_p',
  'top_k',
  'tools',
  'tool_choice',
  'thinking',
  'service_tier',
  'container',
  'output_config',
  'inference_geo',
  'cache_control',
]);

/** Accepted only with an `anthropic-beta` header, as on the real API's beta surface. */
const BETA_PARAMETERS = new Set(['mcp_servers', 'context_management', 'output_format']);

const COUNT_TOKENS_PARAMETERS = new Set(['model', 'messages', 'system', 'tools', 'tool_choice', 'thinking', 'output_config', 'cache_control']);

const USER_BLOCK_TYPES = new Set(['text', 'image', 'document', 'search_result', 'tool_result']);
const ASSISTANT_BLOCK_TYPES = new Set([
  'text',
  'tool_use',
  'thinking',
  'redacted_thinking',
  'server_tool_use',
  'web_search_tool_result',
  'web_fetch_tool_result',
  'code_execution_tool_result',
  'bash_code_execution_tool_result',
  'text_editor_code_execution_tool_result',
]);

/** The fields each client-built block may have; others are refused ("Extra inputs are not permitted"). */
const BLOCK_FIELDS: Readonly<Record<string, readonly string[]>> = {
  text: ['type', 'text', 'cache_control', 'citations'],
  image: ['type', 'source', 'cache_control'],
  tool_use: ['type', 'id', 'name', 'input', 'cache_control'],
  tool_result: ['type', 'tool_use_id', 'content', 'is_error', 'cache_control'],
  thinking: ['type', 'thinking', 'signature'],
  redacted_thinking: ['type', 'data'],
};

const IMAGE_MEDIA_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const TOOL_USE_ID = /^[a-zA-Z0-9_-]+$/;
const THINKING_DOCS = 'Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking';

interface ToolUse {
  id: string;
  name: string;
  input: Record<string, unknown>;
}

interface MessagesRequest {
  model: string;
  messages: Array<{ role: 'user' | 'assistant'; content: Record<string, unknown>[] }>;
  stream: boolean;
  maxTokens: number;
  toolNames: string[];
  toolChoice: Record<string, unknown> | undefined;
  thinking: boolean;
  stopSequences: string[];
}

function validateMessagesBody(exchange: Exchange, options: { countTokens: boolean }): MessagesRequest {
  const { recorded, request, state } = exchange;
  const json = recorded.json;
  if (!isRecord(json)) throw invalid(recorded.body.trim() === '' ? 'model: Field required' : 'The request body is not valid JSON.');
  const allowed = options.countTokens ? COUNT_TOKENS_PARAMETERS : MESSAGE_PARAMETERS;
  const beta = request.headers['anthropic-beta'] !== undefined;
  for (const name of Object.keys(json)) {
    if (!allowed.has(name) && !(beta && BETA_PARAMETERS.has(name))) throw invalid(`${name}: Extra inputs are not permitted`);
  }

  const model = json['model'];
  if (model === undefined || model === null) throw invalid('model: Field required');
  if (typeof model !== 'string') throw invalid('model: Input should be a valid string');

  let maxTokens = Number.POSITIVE_INFINITY;
  if (!options.countTokens) {
    const value = json['max_tokens'];
    if (value === undefined || value === null) throw invalid('max_tokens: Field required');
    if (typeof value !== 'number' || !Number.isInteger(value)) throw invalid('max_tokens: Input should be a valid integer');
    if (value < 1) throw invalid('max_tokens: Input should be greater than or equal to 1');
    maxTokens = value;
  }

  const messages = validateMessages(json['messages'], state.options.acceptAnySignature === true);
  validateSystem(json['system']);
  const temperature = optionalNumber(json, 'temperature', 0, 1);
  const topP = optionalNumber(json, 'top_p', 0, 1);
  const topK = optionalNumber(json, 'top_k', 0, Number.POSITIVE_INFINITY);
  const stopSequences = json['stop_sequences'];
  if (stopSequences !== undefined && (!Array.isArray(stopSequences) || !stopSequences.every((item) => typeof item === 'string'))) {
    throw invalid('stop_sequences: Input should be a valid list of strings');
  }
  const metadata = json['metadata'];
  if (metadata !== undefined) {
    if (!isRecord(metadata)) throw invalid('metadata: Input should be a valid dictionary');
    for (const key of Object.keys(metadata)) if (key !== 'user_id') throw invalid(`metadata.${key}: Extra inputs are not permitted`);
  }
  const stream = json['stream'];
  if (stream !== undefined && typeof stream !== 'boolean') throw invalid('stream: Input should be a valid boolean');
  const toolNames = validateTools(json['tools']);
  const toolChoice = validateToolChoice(json['tool_choice']);
  const thinking = validateThinking(json['thinking'], { maxTokens, temperature, topP, topK, toolChoice, countTokens: options.countTokens });
  if (!options.countTokens && isRecord(json['thinking']) && json['thinking']['type'] === 'enabled') checkToolLoopThinking(messages);
  validateOutputConfig(json['output_config']);

  if (!state.models.includes(model)) throw new RequestError(404, 'not_found_error', `model: ${model}`);
  return {
    model,
    messages,
    stream: stream === true,
    maxTokens,
    toolNames,
    toolChoice,
    thinking,
    stopSequences: Array.isArray(stopSequences) ? (stopSequences as string[]) : [],
  };
}

function optionalNumber(json: Record<string, unknown>, name: string, min: number, max: number): number | undefined {
  const value = json[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw invalid(`${name}: Input should be a valid number`);
  if (value < min) throw invalid(`${name}: Input should be greater than or equal to ${min}`);
  if (value > max) throw invalid(`${name}: Input should be less than or equal to ${max}`);
  return value;
}

function validateSystem(system: unknown): void {
  if (system === undefined || typeof system === 'string') return;
  if (!Array.isArray(system)) throw invalid('system: Input should be a valid string or a valid list');
  system.forEach((block, index) => {
    if (!isRecord(block) || block['type'] !== 'text') throw invalid(`system.${index}.type: Input should be 'text'`);
    checkFields(block, BLOCK_FIELDS['text']!, `system.${index}`);
    if (typeof block['text'] !== 'string') throw invalid(`system.${index}.text: Field required`);
    if (block['text'] === '') throw invalid('system: text content blocks must be non-empty');
  });
}

function validateMessages(value: unknown, acceptAnySignature: boolean): MessagesRequest['messages'] {
  if (value === undefined || value === null) throw invalid('messages: Field required');
  if (!Array.isArray(value)) throw invalid('messages: Input should be a valid list');
  if (value.length === 0) throw invalid('messages: at least one message is required');

  const messages: MessagesRequest['messages'] = value.map((message, index) => {
    if (!isRecord(message)) throw invalid(`messages.${index}: Input should be a valid dictionary`);
    const role = message['role'];
    if (role === 'system') {
      throw invalid(
        'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
      );
    }
    if (role !== 'user' && role !== 'assistant') throw invalid(`messages.${index}.role: Input should be 'user' or 'assistant'`);
    for (const key of Object.keys(message)) {
      if (key !== 'role' && key !== 'content') throw invalid(`messages.${index}.${key}: Extra inputs are not permitted`);
    }
    const content = message['content'];
    if (content === undefined || content === null) throw invalid(`messages.${index}.content: Field required`);
    const isFinalAssistant = role === 'assistant' && index === value.length - 1;
    const empty = () => invalid(`messages.${index}: all messages must have non-empty content except for the optional final assistant message`);
    if (typeof content === 'string') {
      if (content === '' && !isFinalAssistant) throw empty();
      return { role, content: content === '' ? [] : [{ type: 'text', text: content }] };
    }
    if (!Array.isArray(content)) throw invalid(`messages.${index}.content: Input should be a valid string or a valid list`);
    if (content.length === 0 && !isFinalAssistant) throw empty();
    const blocks = content.map((block, blockIndex) => validateBlock(block, `messages.${index}.content.${blockIndex}`, role, acceptAnySignature));
    return { role, content: blocks };
  });

  const final = messages.at(-1);
  const finalBlock = final?.role === 'assistant' ? final.content.at(-1) : undefined;
  if (finalBlock?.['type'] === 'text' && typeof finalBlock['text'] === 'string' && finalBlock['text'] !== finalBlock['text'].trimEnd()) {
    throw invalid('messages: final assistant content cannot end with trailing whitespace');
  }

  // Each assistant turn's tool_use blocks must be answered, every one, in the very next (user) turn.
  messages.forEach((message, index) => {
    if (message.role === 'user') {
      const previous = messages[index - 1];
      const offered = new Set(previous?.role === 'assistant' ? previous.content.filter((block) => block['type'] === 'tool_use').map((block) => block['id']) : []);
      message.content.forEach((block, blockIndex) => {
        if (block['type'] === 'tool_result' && !offered.has(block['tool_use_id'])) {
          throw invalid(
            `messages.${index}.content.${blockIndex}: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${String(block['tool_use_id'])}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`,
          );
        }
      });
      return;
    }
    const ids = message.content.filter((block) => block['type'] === 'tool_use').map((block) => String(block['id']));
    if (ids.length === 0) return;
    const next = messages[index + 1];
    const answered = new Set(next?.role === 'user' ? next.content.filter((block) => block['type'] === 'tool_result').map((block) => block['tool_use_id']) : []);
    const missing = ids.filter((id) => !answered.has(id));
    if (missing.length > 0) {
      throw invalid(
        `messages.${index}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${missing.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message.`,
      );
    }
  });
  return messages;
}

function validateBlock(block: unknown, path: string, role: 'user' | 'assistant', acceptAnySignature: boolean): Record<string, unknown> {
  if (!isRecord(block)) throw invalid(`${path}: Input should be a valid dictionary`);
  const type = block['type'];
  const allowedTypes = role === 'user' ? USER_BLOCK_TYPES : ASSISTANT_BLOCK_TYPES;
  if (typeof type !== 'string' || !allowedTypes.has(type)) {
    throw invalid(`${path}: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: ${[...allowedTypes].map((tag) => `'${tag}'`).join(', ')}`);
  }
  const fields = BLOCK_FIELDS[type];
  if (fields) checkFields(block, fields, `${path}.${type}`);
  switch (type) {
    case 'text':
      checkText(block['text'], `${path}.text`);
      break;
    case 'image':
      checkImage(block['source'], `${path}.image.source`);
      break;
    case 'tool_use': {
      const id = block['id'];
      if (typeof id !== 'string') throw invalid(`${path}.tool_use.id: Field required`);
      if (!TOOL_USE_ID.test(id)) throw invalid(`${path}.tool_use.id: String should match pattern '${TOOL_USE_ID.source}'`);
      if (typeof block['name'] !== 'string') throw invalid(`${path}.tool_use.name: Field required`);
      if (!isRecord(block['input'])) throw invalid(`${path}.tool_use.input: Input should be a valid dictionary`);
      break;
    }
    case 'tool_result': {
      const id = block['tool_use_id'];
      if (typeof id !== 'string') throw invalid(`${path}.tool_result.tool_use_id: Field required`);
      if (!TOOL_USE_ID.test(id)) throw invalid(`${path}.tool_result.tool_use_id: String should match pattern '${TOOL_USE_ID.source}'`);
      if (block['is_error'] !== undefined && typeof block['is_error'] !== 'boolean') throw invalid(`${path}.tool_result.is_error: Input should be a valid boolean`);
      const content = block['content'];
      if (content !== undefined && typeof content !== 'string') {
        if (!Array.isArray(content)) throw invalid(`${path}.tool_result.content: Input should be a valid string or a valid list`);
        content.forEach((item, itemIndex) => {
          const itemPath = `${path}.tool_result.content.${itemIndex}`;
          if (!isRecord(item) || (item['type'] !== 'text' && item['type'] !== 'image' && item['type'] !== 'document' && item['type'] !== 'search_result')) {
            throw invalid(`${itemPath}: Input tag '${String(isRecord(item) ? item['type'] : item)}' found using 'type' does not match any of the expected tags: 'text', 'image', 'document', 'search_result'`);
          }
          const itemFields = BLOCK_FIELDS[item['type']];
          if (itemFields) checkFields(item, itemFields, `${itemPath}.${item['type']}`);
          if (item['type'] === 'text') checkText(item['text'], `${itemPath}.text`);
          if (item['type'] === 'image') checkImage(item['source'], `${itemPath}.image.source`);
        });
      }
      break;
    }
    case 'thinking': {
      if (typeof block['thinking'] !== 'string') throw invalid(`${path}.thinking.thinking: Field required`);
      if (typeof block['signature'] !== 'string') throw invalid(`${path}.thinking.signature: Field required`);
      if (!acceptAnySignature && block['signature'] !== mockSignature(block['thinking'])) throw invalid(`${path}: Invalid \`signature\` in \`thinking\` block`);
      break;
    }
    case 'redacted_thinking':
      if (typeof block['data'] !== 'string') throw invalid(`${path}.redacted_thinking.data: Field required`);
      break;
  }
  return block;
}

function checkFields(block: Record<string, unknown>, fields: readonly string[], path: string): void {
  for (const key of Object.keys(block)) if (!fields.includes(key)) throw invalid(`${path}.${key}: Extra inputs are not permitted`);
}

function checkText(text: unknown, path: string): void {
  if (typeof text !== 'string') throw invalid(`${path}: Field required`);
  if (text === '') throw invalid('messages: text content blocks must be non-empty');
  if (text.trim() === '') throw invalid('messages: text content blocks must contain non-whitespace text');
}

function checkImage(source: unknown, path: string): void {
  if (!isRecord(source)) throw invalid(`${path}: Field required`);
  if (source['type'] === 'base64') {
    checkFields(source, ['type', 'media_type', 'data'], `${path}.base64`);
    if (typeof source['media_type'] !== 'string' || !IMAGE_MEDIA_TYPES.includes(source['media_type'])) {
      throw invalid(`${path}.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`);
    }
    if (typeof source['data'] !== 'string' || source['data'] === '') throw invalid(`${path}.base64.data: Field required`);
  } else if (source['type'] === 'url') {
    checkFields(source, ['type', 'url'], `${path}.url`);
    if (typeof source['url'] !== 'string') throw invalid(`${path}.url.url: Field required`);
  } else {
    throw invalid(`${path}: Input tag '${String(source['type'])}' found using 'type' does not match any of the expected tags: 'base64', 'url', 'file'`);
  }
}

function validateTools(tools: unknown): string[] {
  if (tools === undefined) return [];
  if (!Array.isArray(tools)) throw invalid('tools: Input should be a valid list');
  const names = tools.map((tool, index) => {
    if (!isRecord(tool)) throw invalid(`tools.${index}: Input should be a valid dictionary`);
    const type = tool['type'];
    // Server tools (`web_search_20250305`, `bash_20250124`…) have their own shapes; not checked here.
    if (type !== undefined && type !== null && type !== 'custom') return typeof tool['name'] === 'string' ? tool['name'] : String(type);
    const path = `tools.${index}.custom`;
    checkFields(tool, ['type', 'name', 'description', 'input_schema', 'cache_control', 'strict', 'input_examples'], path);
    const name = tool['name'];
    if (typeof name !== 'string') throw invalid(`${path}.name: Field required`);
    if (!TOOL_NAME.test(name)) throw invalid(`${path}.name: String should match pattern '${TOOL_NAME.source}'`);
    const schema = tool['input_schema'];
    if (schema === undefined) throw invalid(`${path}.input_schema: Field required`);
    if (!isRecord(schema)) throw invalid(`${path}.input_schema: Input should be a valid dictionary`);
    if (schema['type'] !== 'object') throw invalid(`${path}.input_schema.type: Input should be 'object'`);
    return name;
  });
  if (new Set(names).size !== names.length) throw invalid('tools: Tool names must be unique.');
  return names;
}

function validateToolChoice(choice: unknown): Record<string, unknown> | undefined {
  if (choice === undefined) return undefined;
  if (!isRecord(choice)) throw invalid('tool_choice: Input should be a valid dictionary');
  const type = choice['type'];
  if (type !== 'auto' && type !== 'any' && type !== 'tool' && type !== 'none') {
    throw invalid(`tool_choice: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: 'auto', 'any', 'tool', 'none'`);
  }
  const fields = type === 'none' ? ['type'] : type === 'tool' ? ['type', 'name', 'disable_parallel_tool_use'] : ['type', 'disable_parallel_tool_use'];
  checkFields(choice, fields, `tool_choice.${type}`);
  if (type === 'tool' && typeof choice['name'] !== 'string') throw invalid('tool_choice.tool.name: Field required');
  return choice;
}

function validateThinking(
  thinking: unknown,
  context: {
    maxTokens: number;
    temperature: number | undefined;
    topP: number | undefined;
    topK: number | undefined;
    toolChoice: Record<string, unknown> | undefined;
    countTokens: boolean;
  },
): boolean {
  if (thinking === undefined) return false;
  if (!isRecord(thinking)) throw invalid('thinking: Input should be a valid dictionary');
  const type = thinking['type'];
  if (type === 'disabled') {
    checkFields(thinking, ['type'], 'thinking.disabled');
    return false;
  }
  if (type !== 'enabled' && type !== 'adaptive') {
    throw invalid(`thinking: Input tag '${String(type)}' found using 'type' does not match any of the expected tags: 'enabled', 'disabled', 'adaptive'`);
  }
  checkFields(thinking, type === 'enabled' ? ['type', 'budget_tokens', 'display'] : ['type', 'display'], `thinking.${type}`);
  if (type === 'enabled') {
    const budget = thinking['budget_tokens'];
    if (budget === undefined) throw invalid('thinking.enabled.budget_tokens: Field required');
    if (typeof budget !== 'number' || !Number.isInteger(budget)) throw invalid('thinking.enabled.budget_tokens: Input should be a valid integer');
    if (budget < 1024) throw invalid('thinking.enabled.budget_tokens: Input should be greater than or equal to 1024');
    if (!context.countTokens && budget >= context.maxTokens) {
      throw invalid(`\`max_tokens\` must be greater than \`thinking.budget_tokens\`. ${THINKING_DOCS}#max-tokens-and-context-window-size`);
    }
  }
  if (context.temperature !== undefined && context.temperature !== 1) {
    throw invalid(`\`temperature\` may only be set to 1 when thinking is enabled or in adaptive mode. ${THINKING_DOCS}#feature-compatibility`);
  }
  if (context.topK !== undefined) throw invalid(`\`top_k\` must be unset when thinking is enabled or in adaptive mode. ${THINKING_DOCS}#feature-compatibility`);
  if (context.topP !== undefined && context.topP < 0.95) {
    throw invalid(`\`top_p\` must be greater than or equal to 0.95 or unset when thinking is enabled or in adaptive mode. ${THINKING_DOCS}#feature-compatibility`);
  }
  const forced = context.toolChoice?.['type'];
  if (forced === 'any' || forced === 'tool') throw invalid('Thinking may not be enabled when tool_choice forces tool use.');
  return true;
}

/**
 * With thinking enabled, a request that continues a tool loop (its last message a user turn with
 * `tool_result` blocks) must give back the assistant message that opened the loop (the first one
 * after the last user message without tool results) starting with its thinking; the real API's
 * refusal, word for word (its typo included).
 */
function checkToolLoopThinking(messages: MessagesRequest['messages']): void {
  const hasResult = (message: MessagesRequest['messages'][number]) => message.content.some((block) => block['type'] === 'tool_result');
  const last = messages.at(-1);
  if (last?.role !== 'user' || !hasResult(last)) return;
  let start = messages.length - 1;
  while (start > 0 && !(messages[start - 1]!.role === 'user' && !hasResult(messages[start - 1]!))) start -= 1;
  const opening = messages.findIndex((message, index) => index >= start && message.role === 'assistant');
  if (opening === -1) return;
  const found = messages[opening]!.content[0]?.['type'];
  if (found === 'thinking' || found === 'redacted_thinking') return;
  throw invalid(
    `messages.${opening}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(found)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`. ${THINKING_DOCS}`,
  );
}

function validateOutputConfig(config: unknown): void {
  if (config === undefined) return;
  if (!isRecord(config)) throw invalid('output_config: Input should be a valid dictionary');
  checkFields(config, ['format', 'effort'], 'output_config');
  const format = config['format'];
  if (format === undefined || format === null) return;
  if (!isRecord(format) || format['type'] !== 'json_schema') throw invalid("output_config.format.type: Input should be 'json_schema'");
  checkFields(format, ['type', 'schema'], 'output_config.format');
  if (!isRecord(format['schema'])) throw invalid('output_config.format.schema: Field required');
}

// ---------------------------------------------------------------------------------------------------
// Messages

type PlannedBlock = { type: 'thinking'; thinking: string; signature: string } | { type: 'text'; text: string } | { type: 'tool_use'; call: ToolUse };

interface Plan {
  blocks: PlannedBlock[];
  stopReason: 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use';
  stopSequence: string | null;
}

async function createMessage(exchange: Exchange): Promise<void> {
  const { state, recorded, response, behaviour } = exchange;
  const chat = validateMessagesBody(exchange, { countTokens: false });
  const plan = planReply(chat, behaviour);
  const json = recorded.json as Record<string, unknown>;
  const outputText = plan.blocks
    .map((block) => (block.type === 'thinking' ? block.thinking : block.type === 'text' ? block.text : JSON.stringify(block.call.input)))
    .join('');
  const usage = buildUsage({ input_tokens: inputTokensFor(json), output_tokens: Math.max(1, tokensForText(outputText)) }, state.options.usage, behaviour.usage);
  const id = `msg_01${randomAlphanumeric(22)}`;
  const model = state.snapshots[chat.model] ?? chat.model;

  if (!chat.stream) {
    sendJson(response, 200, {
      id,
      type: 'message',
      role: 'assistant',
      model,
      content: plan.blocks.map(wholeBlock),
      stop_reason: plan.stopReason,
      stop_sequence: plan.stopSequence,
      usage: fullUsage(usage),
    });
    return;
  }
  const startUsage = behaviour.startUsage ? buildUsage(usage, behaviour.startUsage) : { ...usage, output_tokens: 1 };
  const events = streamEventsFor(plan, { id, model, usage, startUsage });
  await sendEventStream(exchange, events.map((event) => JSON.stringify(event)), { scripted: false });
}

function countTokens(exchange: Exchange): void {
  validateMessagesBody(exchange, { countTokens: true });
  sendJson(exchange.response, 200, { input_tokens: inputTokensFor(exchange.recorded.json as Record<string, unknown>) });
}

/**
 * A tool call when the request has tools, `tool_choice` is not `none`, no `reply` is scripted, and
 * either `tool_choice` forces one or the last user text says `call <tool name>` (optionally followed by
 * a JSON object: the input); otherwise text: the behaviour's `reply`, `Tool <name> returned: <content>`
 * after tool results, or `You said: <last user text>`. With thinking on, a signed thinking block first.
 */
function planReply(chat: MessagesRequest, behaviour: MockBehaviour): Plan {
  const lastUser = [...chat.messages].reverse().find((message) => message.role === 'user');
  const lastUserText = lastUser ? contentText(lastUser.content, false) : '';
  const blocks: PlannedBlock[] = [];
  if (chat.thinking) {
    const thinking = mockThinkingFor(lastUserText);
    blocks.push({ type: 'thinking', thinking, signature: mockSignature(thinking) });
  }

  const choiceType = chat.toolChoice?.['type'];
  if (chat.toolNames.length > 0 && choiceType !== 'none' && behaviour.reply === undefined) {
    const asked = /\bcall\s+([A-Za-z0-9_-]+)/.exec(lastUserText);
    const askedName = asked?.[1] !== undefined && chat.toolNames.includes(asked[1]) ? asked[1] : undefined;
    const forcedName = choiceType === 'tool' ? String(chat.toolChoice?.['name']) : choiceType === 'any' ? (askedName ?? chat.toolNames[0]) : undefined;
    const name = forcedName ?? askedName;
    if (name !== undefined) {
      const afterName = asked ? lastUserText.slice(asked.index + asked[0].length) : '';
      if (behaviour.toolPreamble !== undefined) blocks.push({ type: 'text', text: behaviour.toolPreamble });
      blocks.push({ type: 'tool_use', call: { id: `toolu_01${randomAlphanumeric(22)}`, name, input: inputFrom(afterName) } });
      return { blocks, stopReason: 'tool_use', stopSequence: null };
    }
  }

  let text = behaviour.reply;
  if (text === undefined) {
    const results = lastUser?.content.filter((block) => block['type'] === 'tool_result') ?? [];
    const firstResult = results[0];
    if (firstResult && lastUserText.trim() === '') {
      text = `Tool ${toolNameFor(chat.messages, firstResult['tool_use_id']) ?? 'unknown'} returned: ${contentText(firstResult['content'], false)}`;
    } else {
      text = `You said: ${lastUserText}`;
    }
  }
  let stopReason: Plan['stopReason'] = 'end_turn';
  let stopSequence: string | null = null;
  for (const sequence of chat.stopSequences) {
    const at = sequence === '' ? -1 : text.indexOf(sequence);
    if (at !== -1 && (stopSequence === null || at < text.indexOf(stopSequence))) {
      stopSequence = sequence;
      stopReason = 'stop_sequence';
    }
  }
  if (stopSequence !== null) text = text.slice(0, text.indexOf(stopSequence));
  if (tokensForText(text) > chat.maxTokens) {
    text = text.slice(0, chat.maxTokens * 4);
    stopReason = 'max_tokens';
    stopSequence = null;
  }
  blocks.push({ type: 'text', text });
  return { blocks, stopReason, stopSequence };
}

function inputFrom(text: string): Record<string, unknown> {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end < start) return {};
  const value = parseJson(text.slice(start, end + 1));
  return isRecord(value) ? value : {};
}

function toolNameFor(messages: MessagesRequest['messages'], toolUseId: unknown): string | undefined {
  for (const message of messages) {
    for (const block of message.content) {
      if (block['type'] === 'tool_use' && block['id'] === toolUseId && typeof block['name'] === 'string') return block['name'];
    }
  }
  return undefined;
}

function wholeBlock(block: PlannedBlock): Record<string, unknown> {
  switch (block.type) {
    case 'thinking':
      return { type: 'thinking', thinking: block.thinking, signature: block.signature };
    case 'text':
      return { type: 'text', text: block.text };
    case 'tool_use':
      return { type: 'tool_use', id: block.call.id, name: block.call.name, input: block.call.input };
  }
}

type Usage = Required<MockUsage>;

function buildUsage(computed: MockUsage, ...overrides: (MockUsage | undefined)[]): Usage {
  const merged: Usage = { input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, ...computed };
  for (const override of overrides) if (override) Object.assign(merged, override);
  return merged;
}

/** The usage object of a whole answer and of `message_start`, as Anthropic writes it. */
function fullUsage(usage: Usage): Record<string, unknown> {
  return {
    input_tokens: usage.input_tokens,
    cache_creation_input_tokens: usage.cache_creation_input_tokens,
    cache_read_input_tokens: usage.cache_read_input_tokens,
    cache_creation: { ephemeral_5m_input_tokens: usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
    output_tokens: usage.output_tokens,
    service_tier: 'standard',
  };
}

/**
 * The events Anthropic sends, in its order: message_start; per block content_block_start, deltas,
 * content_block_stop (a ping after the first block starts); message_delta with the stop reason and
 * the final usage; message_stop. Text and thinking go in word pieces, tool input as
 * `input_json_delta` pieces after an empty first one, a thinking block's signature last.
 */
function streamEventsFor(plan: Plan, identity: { id: string; model: string; usage: Usage; startUsage: Usage }): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [
    {
      type: 'message_start',
      message: {
        id: identity.id,
        type: 'message',
        role: 'assistant',
        model: identity.model,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: fullUsage(identity.startUsage),
      },
    },
  ];
  const delta = (index: number, value: Record<string, unknown>) => ({ type: 'content_block_delta', index, delta: value });
  plan.blocks.forEach((block, index) => {
    switch (block.type) {
      case 'thinking':
        events.push({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
        if (index === 0) events.push({ type: 'ping' });
        for (const piece of words(block.thinking)) events.push(delta(index, { type: 'thinking_delta', thinking: piece }));
        events.push(delta(index, { type: 'signature_delta', signature: block.signature }));
        break;
      case 'text':
        events.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
        if (index === 0) events.push({ type: 'ping' });
        for (const piece of words(block.text)) events.push(delta(index, { type: 'text_delta', text: piece }));
        break;
      case 'tool_use': {
        events.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.call.id, name: block.call.name, input: {} } });
        if (index === 0) events.push({ type: 'ping' });
        events.push(delta(index, { type: 'input_json_delta', partial_json: '' }));
        for (const piece of JSON.stringify(block.call.input).match(/[\s\S]{1,8}/g) ?? []) events.push(delta(index, { type: 'input_json_delta', partial_json: piece }));
        break;
      }
    }
    events.push({ type: 'content_block_stop', index });
  });
  events.push({
    type: 'message_delta',
    delta: { stop_reason: plan.stopReason, stop_sequence: plan.stopSequence },
    usage: {
      input_tokens: identity.usage.input_tokens,
      cache_creation_input_tokens: identity.usage.cache_creation_input_tokens,
      cache_read_input_tokens: identity.usage.cache_read_input_tokens,
      output_tokens: identity.usage.output_tokens,
    },
  });
  events.push({ type: 'message_stop' });
  return events;
}

function words(text: string): string[] {
  return text.match(/\s*\S+|\s+/g) ?? [];
}

// ---------------------------------------------------------------------------------------------------
// Models

const MODEL_CREATED = '2025-02-19T00:00:00Z';

function modelObject(id: string) {
  const displayName = id
    .replace(/-\d{8}$/, '')
    .split('-')
    .map((word) => (word === '' ? word : `${word[0]!.toUpperCase()}${word.slice(1)}`))
    .join(' ');
  return { type: 'model', id, display_name: displayName, created_at: MODEL_CREATED };
}

/** `GET /v1/models?limit=&after_id=&before_id=`: 20 a page unless told, at most 1000. */
function listModels(exchange: Exchange, url: URL): void {
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? 20 : Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw invalid('limit: Input should be less than or equal to 1000');
  const models = exchange.state.models;
  const afterId = url.searchParams.get('after_id');
  const start = afterId === null ? 0 : models.indexOf(afterId) + 1;
  const page = models.slice(start, start + limit);
  sendJson(exchange.response, 200, {
    data: page.map(modelObject),
    has_more: start + limit < models.length,
    first_id: page[0] ?? null,
    last_id: page.at(-1) ?? null,
  });
}

function retrieveModel(exchange: Exchange, id: string): void {
  if (!exchange.state.models.includes(id)) throw new RequestError(404, 'not_found_error', `model: ${id}`);
  sendJson(exchange.response, 200, modelObject(id));
}

// ---------------------------------------------------------------------------------------------------
// Sending

function requestId(): string {
  return `req_011C${randomAlphanumeric(20)}`;
}

function commonHeaders(): Record<string, string> {
  const reset = new Date(Date.now() + 1000).toISOString();
  return {
    'request-id': requestId(),
    'anthropic-organization-id': '3f8c5a1e-7b2d-4c6e-9a01-5d4e3c2b1a00',
    'anthropic-ratelimit-requests-limit': '4000',
    'anthropic-ratelimit-requests-remaining': '3999',
    'anthropic-ratelimit-requests-reset': reset,
    'anthropic-ratelimit-input-tokens-limit': '2000000',
    'anthropic-ratelimit-input-tokens-remaining': '1999990',
    'anthropic-ratelimit-input-tokens-reset': reset,
    'anthropic-ratelimit-output-tokens-limit': '400000',
    'anthropic-ratelimit-output-tokens-remaining': '400000',
    'anthropic-ratelimit-output-tokens-reset': reset,
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(response, status, JSON.stringify(body), { ...commonHeaders(), 'content-type': 'application/json' }, headers);
}

async function replayRecorded(exchange: Exchange, name: RecordedAnthropicStream | RecordedAnthropicBody): Promise<void> {
  const wantsStream = isRecord(exchange.recorded.json) && exchange.recorded.json['stream'] === true;
  if ((!wantsStream || !recordedFileExists(`anthropic/${name}.chunks.txt`)) && recordedFileExists(`anthropic/${name}.json`)) {
    sendJson(exchange.response, 200, readRecordedJson(`anthropic/${name}.json`));
    return;
  }
  await sendEventStream(exchange, await readRecordedChunks(name as RecordedAnthropicStream), { scripted: true });
}

/**
 * Anthropic's SSE framing: `event: <type>\ndata: <json>\n\n` per event. A generated stream honours
 * `streamErrorAfterEvents`; any stream honours `chunkDelayMs`, `stampSendTime`, `hang` and `streamEnd`
 * (which holds back a final `message_stop`).
 */
async function sendEventStream(exchange: Exchange, payloads: readonly string[], options: { scripted: boolean }): Promise<void> {
  const { behaviour } = exchange;
  const end = behaviour.streamEnd ?? 'complete';
  let events = [...payloads];
  const last = events.at(-1);
  const stopEvent = last !== undefined && (parseJson(last) as { type?: unknown } | undefined)?.type === 'message_stop' ? last : undefined;
  if (end !== 'complete' && stopEvent !== undefined) events = events.slice(0, -1);
  const errorAfter = options.scripted ? undefined : behaviour.streamErrorAfterEvents;
  if (errorAfter !== undefined) events = [...events.slice(0, errorAfter), JSON.stringify(streamError(behaviour))];

  await writeEventStream(exchange, events, {
    headers: { ...commonHeaders(), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    frame: (payload) => frameEvent(behaviour.stampSendTime ? stampSendTime(payload) : payload),
    end: end === 'reset' ? 'reset' : 'close',
  });
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

/**
 * The text of a message's content: a string, or its text blocks (and, for counting input tokens,
 * thinking, tool inputs and tool results too).
 */
function contentText(content: unknown, everything: boolean): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block) => {
      if (!isRecord(block)) return '';
      if (block['type'] === 'text' && typeof block['text'] === 'string') return block['text'];
      if (!everything) return '';
      if (block['type'] === 'thinking' && typeof block['thinking'] === 'string') return block['thinking'];
      if (block['type'] === 'tool_use') return JSON.stringify(block['input'] ?? {});
      if (block['type'] === 'tool_result') return contentText(block['content'], true);
      return '';
    })
    .join('');
}

