/**
 * A mock of OpenAI's HTTP API (Chat Completions, Embeddings, Models) on node:http, independent of the
 * gateway under test. Its answers, errors and stream framing follow the wire format OpenAI publishes
 * and sends: the official `openai` SDK is run against it directly in mock-openai-upstream.test.ts.
 *
 * Tests script it per API key (`behaviourFor`) or per next request (`enqueue`); without a script it
 * answers like the real API, deterministically.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  isRecord,
  parseJson,
  pause,
  randomAlphanumeric,
  readBody,
  readBodyInto,
  runConnectionScript,
  sendJsonText,
  stampSendTime,
  startMockServer,
  textOf,
  writeEventStream,
  type MockExchange,
  type MockServer,
  type MockRecordedRequest,
} from './mock-server.js';
import { frameOpenAIEvent, OPENAI_DONE, readRecordedJson, readRecordedPayloads, recordedFileExists } from './recorded-fixtures.js';

// ---------------------------------------------------------------------------------------------------
// Public types

export type RecordedOpenAIStream = 'openai-text' | 'xai-tool-call' | 'deepseek-tool-call' | 'groq-tool-call';

/** Token figures that replace the computed ones; `total_tokens` is always prompt + completion. */
export interface MockUsage {
  prompt_tokens?: number;
  /** Includes reasoning tokens, as OpenAI counts them. */
  completion_tokens?: number;
  cached_tokens?: number;
  reasoning_tokens?: number;
}

/**
 * What the mock does with one request. Fields combine and are applied in this order:
 * 1. `resetConnection`: destroy the socket once the request body is read; nothing is answered.
 * 2. `delayHeadersMs`: wait before anything is sent (stopped early if the client goes away).
 * 3. `status` (400 or more): answer with that error and stop.
 * 4. `streamChunks` or `replayRecorded`: answer 200 with those SSE payloads, whatever the request.
 * 5. Otherwise the default handling (auth, validation, generated answer), shaped by `reply`, `usage`,
 *    `chunkDelayMs`, `stampSendTime`, `streamEnd` and `hang`.
 * A scripted error or scripted stream (3, 4) skips auth and validation; 5 does not.
 */
export interface MockBehaviour {
  resetConnection?: boolean;
  delayHeadersMs?: number;

  /** HTTP status of an error answer. Its body is OpenAI's `{"error":{message,type,param,code}}`. */
  status?: number;
  /** Sent as the `retry-after` header. */
  retryAfter?: string;
  /** `error.type`; defaults per status (429 `requests`, 5xx `server_error`, …). */
  errorType?: string;
  /** `error.code`; defaults per status (429 `rate_limit_exceeded`, 404 `model_not_found`, …). */
  errorCode?: string | null;
  errorParam?: string | null;
  /** `error.message`; defaults to the real API's message for that status. */
  message?: string;
  /**
   * A raw error body sent instead of the JSON error shape (with `content-type: text/html` unless
   * `headers` says otherwise). A bare `{ status: 502 }` sends Cloudflare's HTML page, as OpenAI does.
   */
  body?: string;
  /** Extra response headers, for any answer. */
  headers?: Record<string, string>;

  /** SSE payloads (each the JSON of one `data:` line), sent as given. */
  streamChunks?: readonly string[];
  /** Replays test/fixtures/recorded/openai/<name>.chunks.txt verbatim (or `<name>.json` for a non-stream request when it exists). */
  replayRecorded?: RecordedOpenAIStream;
  /** Pause before every chunk after the first, and before `[DONE]`. */
  chunkDelayMs?: number;
  /** Adds `x_sent_at` (ms, `performance.timeOrigin + performance.now()`) to every chunk object. */
  stampSendTime?: boolean;
  /** How a stream ends: `done` (default) sends `data: [DONE]`; `close` ends without it; `reset` destroys the socket. */
  streamEnd?: 'done' | 'close' | 'reset';
  /** Sends the headers and the first chunk, then nothing until the client closes the connection. */
  hang?: boolean;

  /** The assistant text of a generated answer, instead of the echo. */
  reply?: string;
  usage?: MockUsage;
}

/** One request as the mock saw it; `apiKey` is the bearer token, and `body` grows while `/v1/echo-stream` mirrors it. */
export type RecordedRequest = MockRecordedRequest;

export interface MockOpenAIOptions {
  /** API keys accepted; unless given, any key that starts with `sk-`. */
  keys?: readonly string[];
  /** Model ids that exist (ids starting with `text-embedding` are embedding models). */
  models?: readonly string[];
  /** Which snapshot an alias reports as `model` in answers, as OpenAI does; `{}` echoes the request. */
  snapshots?: Readonly<Record<string, string>>;
  /** Token figures for every generated answer (a behaviour's `usage` wins over these). */
  usage?: MockUsage;
}

export interface MockOpenAI extends MockServer<MockBehaviour, RecordedRequest> {
  /** `http://127.0.0.1:<port>/v1`, what the OpenAI SDK takes as `baseURL`. */
  readonly baseUrl: string;
}

// ---------------------------------------------------------------------------------------------------
// Defaults and helpers others may use to compute expectations

export const DEFAULT_MODELS: readonly string[] = [
  'gpt-4o',
  'gpt-4o-2024-08-06',
  'gpt-4o-mini',
  'gpt-4o-mini-2024-07-18',
  'gpt-4.1',
  'gpt-4.1-mini',
  'gpt-4.1-nano',
  'gpt-4.1-nano-2025-04-14',
  'o4-mini',
  'text-embedding-3-small',
  'text-embedding-3-large',
  'text-embedding-ada-002',
];

/** The real API answers an alias with the snapshot it resolved to; a gateway pricing by model sees this. */
export const DEFAULT_SNAPSHOTS: Readonly<Record<string, string>> = {
  'gpt-4o': 'gpt-4o-2024-08-06',
  'gpt-4o-mini': 'gpt-4o-mini-2024-07-18',
  'gpt-4.1-nano': 'gpt-4.1-nano-2025-04-14',
};

export const MOCK_SYSTEM_FINGERPRINT = 'fp_0a1b2c3d4e';

/** The mock's token count for a text: its length in UTF-16 units divided by 4, rounded up. */
export function tokensForText(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The mock's prompt token count: `tokensForText` of all message text (string content or text parts), at least 1. */
export function promptTokensFor(messages: readonly unknown[]): number {
  return Math.max(1, tokensForText(messages.map((message) => (isRecord(message) ? textOf(message['content']) : '')).join('')));
}

const EMBEDDING_DIMENSIONS: Readonly<Record<string, number>> = {
  'text-embedding-3-small': 1536,
  'text-embedding-3-large': 3072,
  'text-embedding-ada-002': 1536,
};

/**
 * The vector the mock returns for one input: seeded by the input, unit length, every value a float32
 * so the `float` and `base64` encodings decode to the same numbers.
 */
export function mockEmbedding(input: string | readonly number[], dimensions: number): number[] {
  const seedText = typeof input === 'string' ? input : input.join(',');
  let state = fnv1a(seedText);
  const raw: number[] = [];
  for (let index = 0; index < dimensions; index += 1) {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    raw.push((((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296) * 2 - 1);
  }
  const norm = Math.sqrt(raw.reduce((sum, value) => sum + value * value, 0)) || 1;
  return raw.map((value) => Math.fround(value / norm));
}

/** The payload lines of a recorded stream, as stored. */
export async function readRecordedChunks(name: RecordedOpenAIStream): Promise<string[]> {
  return readRecordedPayloads(`openai/${name}.chunks.txt`);
}

// ---------------------------------------------------------------------------------------------------
// Server

export async function startMockOpenAI(options: MockOpenAIOptions = {}): Promise<MockOpenAI> {
  const state: MockState = {
    options,
    models: options.models ?? DEFAULT_MODELS,
    snapshots: options.snapshots ?? DEFAULT_SNAPSHOTS,
  };
  const server = await startMockServer<MockBehaviour, RecordedRequest>({
    apiKeyOf: (headers) => bearerToken(headers.authorization),
    handle: (exchange) => handleRequest({ ...exchange, state }),
    sendInternalError: (response, error) =>
      sendError(response, 500, { message: `mock-openai: ${String(error)}`, type: 'server_error', param: null, code: null }),
  });
  return { ...server, baseUrl: `${server.origin}/v1` };
}

interface MockState {
  options: MockOpenAIOptions;
  models: readonly string[];
  snapshots: Readonly<Record<string, string>>;
}

interface Exchange extends MockExchange<MockBehaviour, RecordedRequest> {
  state: MockState;
}

async function handleRequest(exchange: Exchange): Promise<void> {
  const { state, request, response, url, behaviour } = exchange;
  const method = exchange.recorded.method;
  const isEchoStream = method === 'POST' && url.pathname === '/v1/echo-stream';
  // The echo stream mirrors the body as it arrives, so it is not read up front.
  if (!isEchoStream && !(await readBodyInto(exchange))) return;

  if (!(await runConnectionScript(exchange))) return;
  if (behaviour.status !== undefined && behaviour.status >= 400) {
    if (isEchoStream) request.resume();
    sendScriptedError(exchange, behaviour.status);
    return;
  }
  if (behaviour.streamChunks) {
    await sendEventStream(exchange, behaviour.streamChunks, { stamp: behaviour.stampSendTime === true });
    return;
  }
  if (behaviour.replayRecorded) {
    await replayRecorded(exchange, behaviour.replayRecorded);
    return;
  }

  if (isEchoStream) {
    await echoStream(exchange);
    return;
  }
  if (url.pathname.startsWith('/v1/echo/') || url.pathname === '/v1/echo') {
    echo(exchange);
    return;
  }

  const route = `${method} ${url.pathname}`;
  const isKnownRoute =
    route === 'POST /v1/chat/completions' ||
    route === 'POST /v1/embeddings' ||
    route === 'GET /v1/models' ||
    (method === 'GET' && url.pathname.startsWith('/v1/models/'));
  if (!isKnownRoute) {
    sendError(response, 404, {
      message: `Invalid URL (${method} ${url.pathname})`,
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    return;
  }

  const authError = checkAuth(state, request.headers.authorization);
  if (authError) {
    sendError(response, 401, authError);
    return;
  }

  if (route === 'POST /v1/chat/completions') await chatCompletions(exchange);
  else if (route === 'POST /v1/embeddings') embeddings(exchange);
  else if (route === 'GET /v1/models') listModels(exchange);
  else retrieveModel(exchange, decodeURIComponent(url.pathname.slice('/v1/models/'.length)));
}

// ---------------------------------------------------------------------------------------------------
// Errors

interface OpenAIError {
  message: string;
  type: string;
  param: string | null;
  code: string | null;
}

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly error: OpenAIError,
  ) {
    super(error.message);
  }
}

function invalid(message: string, param: string | null = null, code: string | null = null, status = 400): RequestError {
  return new RequestError(status, { message, type: 'invalid_request_error', param, code });
}

function sendError(response: ServerResponse, status: number, error: OpenAIError, headers: Record<string, string> = {}): void {
  sendJson(response, status, { error }, headers);
}

const CLOUDFLARE_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n</body>\r\n</html>\r\n';

function sendScriptedError(exchange: Exchange, status: number): void {
  const { behaviour, response, recorded } = exchange;
  const headers: Record<string, string> = {};
  if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
  if (status === 429) {
    headers['x-ratelimit-remaining-requests'] = '0';
    headers['x-ratelimit-reset-requests'] = behaviour.retryAfter === undefined ? '20s' : `${behaviour.retryAfter}s`;
  }
  Object.assign(headers, behaviour.headers);

  const wantsJson = behaviour.message !== undefined || behaviour.errorType !== undefined || behaviour.errorCode !== undefined;
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

  const model = isRecord(recorded.json) && typeof recorded.json['model'] === 'string' ? recorded.json['model'] : 'gpt-4o';
  const defaults = defaultError(status, model, recorded.apiKey);
  sendError(
    response,
    status,
    {
      message: behaviour.message ?? defaults.message,
      type: behaviour.errorType ?? defaults.type,
      param: behaviour.errorParam !== undefined ? behaviour.errorParam : defaults.param,
      code: behaviour.errorCode !== undefined ? behaviour.errorCode : defaults.code,
    },
    headers,
  );
}

/** The real API's error for a status, as seen on the wire. */
function defaultError(status: number, model: string, apiKey: string | undefined): OpenAIError {
  switch (status) {
    case 400:
      return { message: 'Bad request.', type: 'invalid_request_error', param: null, code: null };
    case 401:
      return incorrectKeyError(apiKey ?? '');
    case 403:
      return { message: 'Country, region, or territory not supported', type: 'request_forbidden', param: null, code: 'unsupported_country_region_territory' };
    case 404:
      return modelNotFound(model).error;
    case 429:
      return {
        message: `Rate limit reached for ${model} in organization org-mock on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s. Visit https://platform.openai.com/account/rate-limits to learn more.`,
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      };
    case 500:
      return { message: 'The server had an error while processing your request. Sorry about that!', type: 'server_error', param: null, code: null };
    case 503:
      return { message: 'The engine is currently overloaded, please try again later.', type: 'server_error', param: null, code: null };
    default:
      return {
        message: `Mock upstream error ${status}.`,
        type: status >= 500 ? 'server_error' : 'invalid_request_error',
        param: null,
        code: null,
      };
  }
}

function incorrectKeyError(apiKey: string): OpenAIError {
  return {
    message: `Incorrect API key provided: ${maskKey(apiKey)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
    type: 'invalid_request_error',
    param: null,
    code: 'invalid_api_key',
  };
}

function modelNotFound(model: string): RequestError {
  return invalid(`The model \`${model}\` does not exist or you do not have access to it.`, null, 'model_not_found', 404);
}

/** OpenAI shows a key's first and last characters only. */
function maskKey(apiKey: string): string {
  if (apiKey.length <= 8) return '*'.repeat(apiKey.length);
  return `${apiKey.slice(0, 3)}${'*'.repeat(apiKey.length - 7)}${apiKey.slice(-4)}`;
}

function checkAuth(state: MockState, authorization: string | undefined): OpenAIError | undefined {
  const apiKey = bearerToken(authorization);
  if (apiKey === undefined) {
    // The real API answers a missing key with code null, a wrong one with `invalid_api_key`.
    return {
      message:
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (with blank username) if you're accessing the API from your browser and are prompted for a username and password. You can obtain an API key from https://platform.openai.com/account/api-keys.",
      type: 'invalid_request_error',
      param: null,
      code: null,
    };
  }
  const accepted = state.options.keys ? state.options.keys.includes(apiKey) : apiKey.startsWith('sk-');
  return accepted ? undefined : incorrectKeyError(apiKey);
}

function bearerToken(authorization: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S.*)$/i.exec(authorization ?? '');
  return match?.[1]?.trim();
}

// ---------------------------------------------------------------------------------------------------
// Chat Completions

/** The body parameters the API documents; anything else is refused, as the real API does. */
const CHAT_PARAMETERS = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'temperature',
  'top_p',
  'n',
  'stop',
  'max_tokens',
  'max_completion_tokens',
  'presence_penalty',
  'frequency_penalty',
  'logit_bias',
  'logprobs',
  'top_logprobs',
  'user',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'response_format',
  'seed',
  'service_tier',
  'store',
  'metadata',
  'reasoning_effort',
  'modalities',
  'audio',
  'prediction',
  'web_search_options',
  'verbosity',
  'prompt_cache_key',
  'safety_identifier',
  // Deprecated but still accepted by the API.
  'functions',
  'function_call',
]);

const MESSAGE_ROLES = ['system', 'assistant', 'user', 'function', 'tool', 'developer'];

interface ToolCall {
  id: string;
  name: string;
  arguments: string;
}

type Reply =
  | { kind: 'text'; text: string; finishReason: 'stop' | 'length' }
  | { kind: 'tool'; call: ToolCall };

interface ChatRequest {
  model: string;
  messages: Record<string, unknown>[];
  stream: boolean;
  includeUsage: boolean;
  includeObfuscation: boolean;
  toolNames: string[];
  toolChoice: unknown;
  maxTokens: number | undefined;
  serviceTier: string;
}

async function chatCompletions(exchange: Exchange): Promise<void> {
  const { state, recorded, response, behaviour } = exchange;
  let chat: ChatRequest;
  try {
    chat = validateChat(state, recorded.body, recorded.json);
  } catch (error) {
    if (error instanceof RequestError) {
      sendError(response, error.status, error.error);
      return;
    }
    throw error;
  }

  const reply = planReply(chat, behaviour);
  const completionText = reply.kind === 'text' ? reply.text : reply.call.arguments;
  const usage = buildUsage(
    { prompt_tokens: promptTokensFor(chat.messages), completion_tokens: tokensForText(completionText) },
    state.options.usage,
    behaviour.usage,
  );
  const id = `chatcmpl-${randomAlphanumeric(29)}`;
  const created = Math.floor(Date.now() / 1000);
  const model = state.snapshots[chat.model] ?? chat.model;

  if (!chat.stream) {
    const message =
      reply.kind === 'text'
        ? { role: 'assistant', content: reply.text, refusal: null, annotations: [] }
        : {
            role: 'assistant',
            content: null,
            tool_calls: [{ id: reply.call.id, type: 'function', function: { name: reply.call.name, arguments: reply.call.arguments } }],
            refusal: null,
            annotations: [],
          };
    sendJson(response, 200, {
      id,
      object: 'chat.completion',
      created,
      model,
      choices: [{ index: 0, message, logprobs: null, finish_reason: reply.kind === 'text' ? reply.finishReason : 'tool_calls' }],
      usage,
      service_tier: chat.serviceTier,
      system_fingerprint: MOCK_SYSTEM_FINGERPRINT,
    });
    return;
  }

  const chunks = streamChunksFor(reply, usage, chat, { id, created, model });
  await sendEventStream(exchange, chunks.map((chunk) => JSON.stringify(chunk)), { stamp: behaviour.stampSendTime === true });
}

function validateChat(state: MockState, rawBody: string, json: unknown): ChatRequest {
  if (!isRecord(json)) {
    if (json === undefined && rawBody.trim() !== '') {
      throw invalid(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
      );
    }
    throw invalid('you must provide a model parameter');
  }
  for (const name of Object.keys(json)) {
    if (!CHAT_PARAMETERS.has(name)) throw invalid(`Unrecognized request argument supplied: ${name}`);
  }

  const model = json['model'];
  if (model === undefined || model === null) throw invalid('you must provide a model parameter');
  if (typeof model !== 'string') throw invalidType('model', 'a string', model);

  const messages = json['messages'];
  if (messages === undefined || messages === null) throw invalid("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (!Array.isArray(messages)) throw invalidType('messages', 'an array of objects', messages);
  if (messages.length === 0) {
    throw invalid(
      "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an empty array instead.",
      'messages',
      'empty_array',
    );
  }
  validateMessages(messages);

  const stream = json['stream'];
  if (stream !== undefined && stream !== null && typeof stream !== 'boolean') throw invalidType('stream', 'a boolean', stream);
  const streamOptions = json['stream_options'];
  if (streamOptions !== undefined && streamOptions !== null) {
    if (stream !== true) {
      throw invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
    }
    if (!isRecord(streamOptions)) throw invalidType('stream_options', 'an object', streamOptions);
  }

  const toolNames = validateTools(json['tools'], json['tool_choice']);

  if (!state.models.includes(model)) throw modelNotFound(model);
  if (model.startsWith('text-embedding')) {
    throw invalid(
      'This is not a chat model and thus not supported in the v1/chat/completions endpoint. Did you mean to use v1/completions?',
      'model',
      null,
      404,
    );
  }

  const maxTokens = json['max_completion_tokens'] ?? json['max_tokens'];
  const serviceTier = json['service_tier'];
  return {
    model,
    messages: messages as Record<string, unknown>[],
    stream: stream === true,
    includeUsage: isRecord(streamOptions) && streamOptions['include_usage'] === true,
    includeObfuscation: !(isRecord(streamOptions) && streamOptions['include_obfuscation'] === false),
    toolNames,
    toolChoice: json['tool_choice'],
    maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
    serviceTier: typeof serviceTier === 'string' && serviceTier !== 'auto' ? serviceTier : 'default',
  };
}

function validateMessages(messages: readonly unknown[]): void {
  // Tool calls of the latest assistant message not yet answered by a tool message.
  let pending: { index: number; ids: Set<string> } | undefined;
  const unanswered = (open: { index: number; ids: Set<string> }) =>
    invalid(
      `An assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ${[...open.ids].join(', ')}`,
      `messages.[${open.index}].role`,
    );

  messages.forEach((message, index) => {
    if (!isRecord(message)) throw invalidType(`messages[${index}]`, 'an object', message);
    const role = message['role'];
    if (role === undefined) throw invalid(`Missing required parameter: 'messages[${index}].role'.`, `messages[${index}].role`, 'missing_required_parameter');
    if (typeof role !== 'string' || !MESSAGE_ROLES.includes(role)) {
      throw invalid(
        `Invalid value: '${String(role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`,
        `messages[${index}].role`,
        'invalid_value',
      );
    }
    if (role !== 'assistant' && (message['content'] === undefined || message['content'] === null)) {
      throw invalid(`Missing required parameter: 'messages[${index}].content'.`, `messages[${index}].content`, 'missing_required_parameter');
    }

    if (role === 'tool') {
      if (!pending) {
        throw invalid(
          "Invalid parameter: messages with role 'tool' must be a response to a preceeding message with 'tool_calls'.",
          `messages.[${index}].role`,
        );
      }
      const toolCallId = message['tool_call_id'];
      if (typeof toolCallId !== 'string') {
        throw invalid(`Missing required parameter: 'messages[${index}].tool_call_id'.`, `messages[${index}].tool_call_id`, 'missing_required_parameter');
      }
      if (!pending.ids.delete(toolCallId)) {
        throw invalid(
          `Invalid parameter: 'tool_call_id' of '${toolCallId}' not found in 'tool_calls' of previous message.`,
          `messages.[${index}].tool_call_id`,
        );
      }
      return;
    }

    if (pending && pending.ids.size > 0) throw unanswered(pending);
    pending = undefined;
    const toolCalls = message['tool_calls'];
    if (role === 'assistant' && Array.isArray(toolCalls) && toolCalls.length > 0) {
      const ids = toolCalls.map((call, callIndex) => {
        if (!isRecord(call) || typeof call['id'] !== 'string') {
          throw invalid(
            `Missing required parameter: 'messages[${index}].tool_calls[${callIndex}].id'.`,
            `messages[${index}].tool_calls[${callIndex}].id`,
            'missing_required_parameter',
          );
        }
        return call['id'];
      });
      pending = { index, ids: new Set(ids) };
    }
  });
  if (pending && pending.ids.size > 0) throw unanswered(pending);
}

function validateTools(tools: unknown, toolChoice: unknown): string[] {
  if (tools === undefined || tools === null) {
    if (toolChoice !== undefined && toolChoice !== null) {
      throw invalid("Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are specified.", 'tool_choice');
    }
    return [];
  }
  if (!Array.isArray(tools)) throw invalidType('tools', 'an array', tools);
  if (tools.length === 0) {
    throw invalid("Invalid 'tools': empty array. Expected an array with minimum length 1, but got an empty array instead.", 'tools', 'empty_array');
  }
  return tools.map((tool, index) => {
    if (!isRecord(tool)) throw invalidType(`tools[${index}]`, 'an object', tool);
    const type = tool['type'];
    if (type === undefined) throw invalid(`Missing required parameter: 'tools[${index}].type'.`, `tools[${index}].type`, 'missing_required_parameter');
    if (type !== 'function' && type !== 'custom') {
      throw invalid(`Invalid value: '${String(type)}'. Supported values are: 'function' and 'custom'.`, `tools[${index}].type`, 'invalid_value');
    }
    const definition = tool[type];
    if (!isRecord(definition)) {
      throw invalid(`Missing required parameter: 'tools[${index}].${type}'.`, `tools[${index}].${type}`, 'missing_required_parameter');
    }
    const name = definition['name'];
    const param = `tools[${index}].${type}.name`;
    if (typeof name !== 'string') throw invalid(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
    if (!/^[a-zA-Z0-9_-]+$/.test(name)) {
      throw invalid(
        `Invalid '${param}': string does not match pattern. Expected a string that matches the pattern '^[a-zA-Z0-9_-]+$'.`,
        param,
        'invalid_value',
      );
    }
    if (name.length > 64) {
      throw invalid(
        `Invalid '${param}': string too long. Expected a string with maximum length 64, but got a string with length ${name.length} instead.`,
        param,
        'string_above_max_length',
      );
    }
    return name;
  });
}

/**
 * A tool call when the request has tools and either forces one or its last message is a user message
 * saying `call <tool name>` (optionally followed by a JSON object: the arguments); otherwise text: the
 * behaviour's `reply`, `Tool <name> returned: <content>` after a tool result, or `You said: <text>`.
 */
function planReply(chat: ChatRequest, behaviour: MockBehaviour): Reply {
  const last = chat.messages.at(-1) ?? {};
  const lastText = textOf(last['content']);

  if (chat.toolNames.length > 0 && chat.toolChoice !== 'none' && behaviour.reply === undefined) {
    const asked = last['role'] === 'user' ? /\bcall\s+([A-Za-z0-9_-]+)/.exec(lastText) : null;
    const askedName = asked?.[1] !== undefined && chat.toolNames.includes(asked[1]) ? asked[1] : undefined;
    const forcedName =
      isRecord(chat.toolChoice) && isRecord(chat.toolChoice['function']) && typeof chat.toolChoice['function']['name'] === 'string'
        ? chat.toolChoice['function']['name']
        : chat.toolChoice === 'required'
          ? (askedName ?? chat.toolNames[0])
          : undefined;
    const name = forcedName ?? askedName;
    if (name !== undefined) {
      const afterName = asked ? lastText.slice(asked.index + asked[0].length) : '';
      return { kind: 'tool', call: { id: `call_${randomAlphanumeric(24)}`, name, arguments: argumentsFrom(afterName) } };
    }
  }

  let text = behaviour.reply;
  if (text === undefined) {
    if (last['role'] === 'tool') text = `Tool ${toolNameFor(chat.messages, last['tool_call_id']) ?? 'unknown'} returned: ${lastText}`;
    else {
      const lastUser = [...chat.messages].reverse().find((message) => message['role'] === 'user');
      text = `You said: ${lastUser ? textOf(lastUser['content']) : ''}`;
    }
  }
  if (chat.maxTokens !== undefined && tokensForText(text) > chat.maxTokens) {
    return { kind: 'text', text: text.slice(0, chat.maxTokens * 4), finishReason: 'length' };
  }
  return { kind: 'text', text, finishReason: 'stop' };
}

function argumentsFrom(text: string): string {
  const start = text.indexOf('{');
  const end = text.lastIndexOf('}');
  if (start === -1 || end < start) return '{}';
  try {
    return JSON.stringify(JSON.parse(text.slice(start, end + 1)));
  } catch {
    return '{}';
  }
}

function toolNameFor(messages: readonly Record<string, unknown>[], toolCallId: unknown): string | undefined {
  for (const message of messages) {
    const calls = message['tool_calls'];
    if (!Array.isArray(calls)) continue;
    for (const call of calls) {
      if (isRecord(call) && call['id'] === toolCallId && isRecord(call['function']) && typeof call['function']['name'] === 'string') {
        return call['function']['name'];
      }
    }
  }
  return undefined;
}

function buildUsage(computed: { prompt_tokens: number; completion_tokens: number }, ...overrides: (MockUsage | undefined)[]) {
  const merged: Required<MockUsage> = { ...computed, cached_tokens: 0, reasoning_tokens: 0 };
  for (const override of overrides) if (override) Object.assign(merged, override);
  return {
    prompt_tokens: merged.prompt_tokens,
    completion_tokens: merged.completion_tokens,
    total_tokens: merged.prompt_tokens + merged.completion_tokens,
    prompt_tokens_details: { cached_tokens: merged.cached_tokens, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: merged.reasoning_tokens,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

/**
 * The chunks OpenAI sends: a role delta, content (or tool-call argument) pieces, an empty delta with the
 * finish reason, and with `include_usage` a last chunk with `choices: []`; then every chunk carries
 * `"usage": null` except that last one, and without it no chunk has a `usage` key at all.
 */
function streamChunksFor(
  reply: Reply,
  usage: ReturnType<typeof buildUsage>,
  chat: ChatRequest,
  identity: { id: string; created: number; model: string },
): Record<string, unknown>[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> => {
    const value: Record<string, unknown> = {
      id: identity.id,
      object: 'chat.completion.chunk',
      created: identity.created,
      model: identity.model,
      service_tier: chat.serviceTier,
      system_fingerprint: MOCK_SYSTEM_FINGERPRINT,
      choices,
    };
    if (chat.includeUsage) value['usage'] = null;
    Object.assign(value, extra);
    if (chat.includeObfuscation) value['obfuscation'] = obfuscation(JSON.stringify(choices));
    return value;
  };
  const choice = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
    index: 0,
    delta,
    logprobs: null,
    finish_reason: finishReason,
  });

  const chunks: Record<string, unknown>[] = [];
  if (reply.kind === 'text') {
    chunks.push(chunk([choice({ role: 'assistant', content: '', refusal: null })]));
    for (const piece of reply.text.match(/\s*\S+|\s+/g) ?? []) chunks.push(chunk([choice({ content: piece })]));
    chunks.push(chunk([choice({}, reply.finishReason)]));
  } else {
    chunks.push(
      chunk([
        choice({
          role: 'assistant',
          content: null,
          tool_calls: [{ index: 0, id: reply.call.id, type: 'function', function: { name: reply.call.name, arguments: '' } }],
          refusal: null,
        }),
      ]),
    );
    for (const piece of reply.call.arguments.match(/[\s\S]{1,8}/g) ?? []) {
      chunks.push(chunk([choice({ tool_calls: [{ index: 0, function: { arguments: piece } }] })]));
    }
    chunks.push(chunk([choice({}, 'tool_calls')]));
  }
  if (chat.includeUsage) chunks.push(chunk([], { usage }));
  return chunks;
}

/** OpenAI pads chunks with random characters so their sizes do not reveal the tokens; the mock pads deterministically. */
function obfuscation(text: string): string {
  const alphabet = 'AbCdEfGhIjKlMnOp';
  return alphabet.slice(0, 1 + (fnv1a(text) % alphabet.length));
}

// ---------------------------------------------------------------------------------------------------
// Embeddings and models

const EMBEDDING_PARAMETERS = new Set(['input', 'model', 'encoding_format', 'dimensions', 'user']);

function embeddings(exchange: Exchange): void {
  const { state, recorded, response } = exchange;
  try {
    const json = recorded.json;
    if (!isRecord(json)) {
      throw invalid(
        "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON. If you have trouble figuring out how to fix this, please contact us through our help center at help.openai.com.)",
      );
    }
    for (const name of Object.keys(json)) {
      if (!EMBEDDING_PARAMETERS.has(name)) throw invalid(`Unrecognized request argument supplied: ${name}`);
    }
    const model = json['model'];
    if (typeof model !== 'string') throw invalid('you must provide a model parameter');
    if (json['input'] === undefined) throw invalid("'input' is a required property");
    const inputs = embeddingInputs(json['input']);
    if (!inputs) throw invalid("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.");

    const encodingFormat = json['encoding_format'] ?? 'float';
    if (encodingFormat !== 'float' && encodingFormat !== 'base64') {
      throw invalid(
        `Invalid value: '${String(encodingFormat)}'. Supported values are: 'float' and 'base64'.`,
        'encoding_format',
        'invalid_value',
      );
    }
    if (!state.models.includes(model)) throw modelNotFound(model);
    const defaultDimensions = EMBEDDING_DIMENSIONS[model] ?? (model.startsWith('text-embedding') ? 1536 : undefined);
    if (defaultDimensions === undefined) throw invalid(`The model \`${model}\` does not support embeddings.`, 'model', null);
    const requestedDimensions = json['dimensions'];
    if (requestedDimensions !== undefined && model === 'text-embedding-ada-002') {
      throw invalid('This model does not support specifying dimensions.', null);
    }
    if (requestedDimensions !== undefined && (typeof requestedDimensions !== 'number' || !Number.isInteger(requestedDimensions) || requestedDimensions < 1)) {
      throw invalid(`Invalid 'dimensions': integer below minimum value. Expected a value >= 1.`, 'dimensions', 'integer_below_min_value');
    }
    const dimensions = typeof requestedDimensions === 'number' ? requestedDimensions : defaultDimensions;

    const promptTokens = inputs.reduce((sum, input) => sum + (typeof input === 'string' ? tokensForText(input) : input.length), 0);
    sendJson(response, 200, {
      object: 'list',
      data: inputs.map((input, index) => {
        const vector = mockEmbedding(input, dimensions);
        return { object: 'embedding', index, embedding: encodingFormat === 'base64' ? float32Base64(vector) : vector };
      }),
      model,
      usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
    });
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    sendError(response, error.status, error.error);
  }
}

/** A string, an array of strings, an array of token ids, or an array of token-id arrays; never empty. */
function embeddingInputs(input: unknown): (string | number[])[] | undefined {
  const isTokens = (value: unknown): value is number[] =>
    Array.isArray(value) && value.length > 0 && value.every((token) => Number.isInteger(token) && token >= 0);
  if (typeof input === 'string') return input === '' ? undefined : [input];
  if (!Array.isArray(input) || input.length === 0 || input.length > 2048) return undefined;
  if (isTokens(input)) return [input];
  if (input.every((item) => typeof item === 'string' && item !== '')) return input as string[];
  if (input.every(isTokens)) return input;
  return undefined;
}

/** The `base64` encoding: the float32 values, little-endian, as the SDK decodes them. */
function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

const MODEL_CREATED = 1_715_367_049;

function modelObject(id: string) {
  return { id, object: 'model', created: MODEL_CREATED, owned_by: 'system' };
}

function listModels(exchange: Exchange): void {
  sendJson(exchange.response, 200, { object: 'list', data: exchange.state.models.map(modelObject) });
}

function retrieveModel(exchange: Exchange, id: string): void {
  if (!exchange.state.models.includes(id)) {
    sendError(exchange.response, 404, {
      message: `The model '${id}' does not exist`,
      type: 'invalid_request_error',
      param: 'model',
      code: 'model_not_found',
    });
    return;
  }
  sendJson(exchange.response, 200, modelObject(id));
}

// ---------------------------------------------------------------------------------------------------
// Echo routes, for the transparent pass-through proxy

/**
 * Any method on `/v1/echo` or `/v1/echo/...`: answers JSON `{ method, path, pathname, query, headers,
 * body }` describing what arrived. `?status=NNN` sets the answer's status. No auth.
 */
function echo(exchange: Exchange): void {
  const { recorded, response, url } = exchange;
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? '') : values;
  }
  const status = Number(url.searchParams.get('status') ?? 200);
  sendJson(response, Number.isInteger(status) && status >= 200 && status <= 599 ? status : 200, {
    method: recorded.method,
    path: recorded.path,
    pathname: url.pathname,
    query,
    headers: recorded.headers,
    body: recorded.body,
  });
}

/**
 * `POST /v1/echo-stream`: answers 200 at once and writes each piece of the request body back the moment
 * it arrives (a client can send a piece, wait for it to come back, send the next), ending when the body
 * ends. With `?chunks=N` it instead waits for the whole body and sends it back in N pieces,
 * `?delayMs=D` (20 unless told) apart. Content type is the request's. No auth.
 */
async function echoStream(exchange: Exchange): Promise<void> {
  const { request, response, recorded, url } = exchange;
  recorded.status = 200;
  response.writeHead(200, {
    ...commonHeaders(),
    'content-type': request.headers['content-type'] ?? 'application/octet-stream',
    ...exchange.behaviour.headers,
  });
  response.flushHeaders();

  const pieces = Number(url.searchParams.get('chunks') ?? 0);
  if (!Number.isInteger(pieces) || pieces <= 0) {
    try {
      for await (const piece of request) {
        const buffer = piece as Buffer;
        recorded.body += buffer.toString('utf8');
        if (!response.destroyed) response.write(buffer);
      }
    } catch {
      return;
    }
    recorded.json = parseJson(recorded.body);
    response.end();
    return;
  }

  const body = await readBody(request);
  if (body === undefined) return;
  recorded.body = body;
  recorded.json = parseJson(body);
  const delayMs = Number(url.searchParams.get('delayMs') ?? 20);
  const bytes = Buffer.from(body, 'utf8');
  const size = Math.ceil(bytes.length / pieces);
  for (let index = 0; index < pieces; index += 1) {
    if (index > 0 && !(await pause(delayMs, exchange.signal))) return;
    response.write(bytes.subarray(index * size, (index + 1) * size));
  }
  response.end();
}

// ---------------------------------------------------------------------------------------------------
// Sending

function commonHeaders(): Record<string, string> {
  return {
    'x-request-id': `req_${randomBytes(16).toString('hex')}`,
    'openai-version': '2020-10-01',
    'openai-organization': 'user-mock',
    'openai-processing-ms': '1',
    'x-ratelimit-limit-requests': '10000',
    'x-ratelimit-remaining-requests': '9999',
    'x-ratelimit-reset-requests': '6ms',
    'x-ratelimit-limit-tokens': '30000000',
    'x-ratelimit-remaining-tokens': '29999990',
    'x-ratelimit-reset-tokens': '0s',
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(response, status, JSON.stringify(body), { ...commonHeaders(), 'content-type': 'application/json' }, headers);
}

async function replayRecorded(exchange: Exchange, name: RecordedOpenAIStream): Promise<void> {
  const wantsStream = isRecord(exchange.recorded.json) && exchange.recorded.json['stream'] === true;
  if (!wantsStream && recordedFileExists(`openai/${name}.json`)) {
    sendJson(exchange.response, 200, readRecordedJson(`openai/${name}.json`));
    return;
  }
  await sendEventStream(exchange, await readRecordedChunks(name), { stamp: exchange.behaviour.stampSendTime === true });
}

/** OpenAI's SSE framing: `data: <json>\n\n` per chunk, then `data: [DONE]\n\n`. */
async function sendEventStream(exchange: Exchange, chunks: readonly string[], options: { stamp: boolean }): Promise<void> {
  const streamEnd = exchange.behaviour.streamEnd ?? 'done';
  await writeEventStream(exchange, chunks, {
    headers: { ...commonHeaders(), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' },
    frame: (chunk) => frameOpenAIEvent(options.stamp ? stampSendTime(chunk) : chunk),
    delayBeforeEnd: true,
    end: streamEnd === 'done' ? { frame: OPENAI_DONE } : streamEnd,
  });
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

function invalidType(param: string, expected: string, value: unknown): RequestError {
  return invalid(`Invalid type for '${param}': expected ${expected}, but got ${describeJsonType(value)} instead.`, param, 'invalid_type');
}

function describeJsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'an integer' : 'a decimal';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  return 'an object';
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
