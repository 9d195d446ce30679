/**
 * A mock of Azure OpenAI's data-plane API (chat completions, embeddings, model list) on node:http,
 * independent of the gateway under test. It answers as Azure does, not as OpenAI does: deployment
 * paths under `/openai/deployments/{deployment}/…`, the `api-version` query required, the key in the
 * `api-key` header, Azure's own error bodies (`{"error":{"code":"429","message":…}}`), and streams
 * that open with a `prompt_filter_results` chunk and carry `content_filter_results` on every choice.
 * The official `openai` SDK's `AzureOpenAI` client is run against it directly in
 * mock-azure-openai-upstream.test.ts.
 *
 * Tests script it per API key (`behaviourFor`) or per next request (`enqueue`), as the OpenAI mock.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders, ServerResponse } from 'node:http';
import {
  headerValue,
  isRecord,
  randomAlphanumeric,
  readBodyInto,
  runConnectionScript,
  sendJsonText,
  startMockServer,
  textOf,
  writeEventStream,
  type MockExchange,
  type MockServer,
  type MockRecordedRequest,
} from './mock-server.js';
import { frameOpenAIEvent, OPENAI_DONE } from './recorded-fixtures.js';
import { DEFAULT_SNAPSHOTS, MOCK_SYSTEM_FINGERPRINT, mockEmbedding, promptTokensFor, tokensForText, type MockUsage } from './mock-openai-upstream.js';

// ---------------------------------------------------------------------------------------------------
// Public types

export type FilterCategory = 'hate' | 'sexual' | 'violence' | 'self_harm';

/**
 * What the mock does with one request. Applied in this order:
 * 1. `resetConnection`: destroy the socket once the body is read.
 * 2. `delayHeadersMs`: wait before answering.
 * 3. `status` (400 or more): answer with that error in Azure's shape and stop.
 * 4. `streamChunks`: answer 200 with those SSE payloads, whatever the request.
 * 5. Otherwise the default handling (route, api-version, auth, deployment, validation), shaped by
 *    `contentFilter`, `reply`, `usage`, `chunkDelayMs`, `streamEnd` and `hang`.
 * Scripted errors and streams (3, 4) skip the checks of 5.
 */
export interface MockAzureBehaviour {
  resetConnection?: boolean;
  delayHeadersMs?: number;

  /** HTTP status of an error answer, with Azure's body for it (see `defaultAzureError`). */
  status?: number;
  /** Sent as `retry-after` (seconds) and `retry-after-ms`, as Azure sends them with a 429. */
  retryAfter?: string;
  /** `error.code`; defaults per status. */
  errorCode?: string;
  /** `error.message`; defaults per status. */
  message?: string;
  /** A raw body sent instead of the JSON error (`content-type: text/html`). */
  body?: string;
  /** Extra response headers, for any answer. */
  headers?: Record<string, string>;

  /**
   * Azure's content filter: `prompt` refuses the request with the 400 `content_filter` error;
   * `completion` answers 200 but cuts the answer with `finish_reason: "content_filter"`.
   */
  contentFilter?: 'prompt' | 'completion';
  /** The category that trips the filter; `violence` unless told. */
  filteredCategory?: FilterCategory;

  /** SSE payloads (each the JSON of one `data:` line), sent as given, then `data: [DONE]`. */
  streamChunks?: readonly string[];
  /** Pause before every chunk after the first, and before `[DONE]`. */
  chunkDelayMs?: number;
  /** `done` (default) sends `data: [DONE]`; `close` ends without it; `reset` destroys the socket. */
  streamEnd?: 'done' | 'close' | 'reset';
  /** Sends the headers and the first chunk, then nothing until the client goes away. */
  hang?: boolean;

  /** The assistant text, instead of the echo. */
  reply?: string;
  usage?: MockUsage;
}

/** One request as the mock saw it; `apiKey` is the `api-key` header. */
export interface RecordedAzureRequest extends MockRecordedRequest {
  /** The deployment named in the path, if the path has one. */
  deployment: string | undefined;
  /** The `api-version` query parameter, if any. */
  apiVersion: string | undefined;
}

export interface MockAzureOptions {
  /** API keys accepted; unless given, any key that starts with `az-` (the mock's convention). */
  keys?: readonly string[];
  /** Deployment name → the model it runs; `DEFAULT_DEPLOYMENTS` unless given. */
  deployments?: Readonly<Record<string, string>>;
  /** api-versions the resource answers; `AZURE_API_VERSIONS` unless given. */
  apiVersions?: readonly string[];
  /** Token figures for every generated answer (a behaviour's `usage` wins). */
  usage?: MockUsage;
}

/** Its `behaviourFor` keys are `api-key` headers. */
export interface MockAzureOpenAI extends Omit<MockServer<MockAzureBehaviour, RecordedAzureRequest>, 'origin'> {
  /** `http://127.0.0.1:<port>`: the resource endpoint (`AzureOpenAI`'s `endpoint`, a provider's `baseUrl`). */
  readonly endpoint: string;
}

// ---------------------------------------------------------------------------------------------------
// Defaults

/** Named as the portal names them by default (after the model), plus one custom name. */
export const DEFAULT_DEPLOYMENTS: Readonly<Record<string, string>> = {
  'gpt-4o': 'gpt-4o',
  'prod-gpt4o': 'gpt-4o',
  'gpt-4o-mini': 'gpt-4o-mini',
  'text-embedding-3-small': 'text-embedding-3-small',
};

/** Data-plane inference versions (GA and preview) the mock accepts. */
export const AZURE_API_VERSIONS: readonly string[] = [
  '2023-05-15',
  '2024-02-01',
  '2024-06-01',
  '2024-08-01-preview',
  '2024-09-01-preview',
  '2024-10-01-preview',
  '2024-10-21',
  '2024-12-01-preview',
  '2025-01-01-preview',
  '2025-03-01-preview',
  '2025-04-01-preview',
];

/** `stream_options` arrived with 2024-09-01-preview; older versions refuse it as an unknown argument. */
const FIRST_VERSION_WITH_STREAM_OPTIONS = '2024-09-01';

export const AZURE_PROMPT_FILTER_MESSAGE =
  "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766";

const safe = { filtered: false, severity: 'safe' } as const;

/** Azure's verdicts for text that passed: every category `safe`. */
export function passingVerdicts(): Record<FilterCategory, { filtered: boolean; severity: string }> {
  return { hate: { ...safe }, self_harm: { ...safe }, sexual: { ...safe }, violence: { ...safe } };
}

function trippedVerdicts(category: FilterCategory, severity: string) {
  return { ...passingVerdicts(), [category]: { filtered: true, severity } };
}

// ---------------------------------------------------------------------------------------------------
// Server

export async function startMockAzureOpenAI(options: MockAzureOptions = {}): Promise<MockAzureOpenAI> {
  const state: MockState = {
    options,
    deployments: options.deployments ?? DEFAULT_DEPLOYMENTS,
    apiVersions: options.apiVersions ?? AZURE_API_VERSIONS,
  };
  const { origin, ...server } = await startMockServer<MockAzureBehaviour, RecordedAzureRequest>({
    apiKeyOf: (headers) => headerValue(headers, 'api-key'),
    recordExtras: (url) => {
      const route = deploymentRoute.exec(url.pathname);
      return {
        deployment: route?.[1] === undefined ? undefined : decodeURIComponent(route[1]),
        apiVersion: url.searchParams.get('api-version') ?? undefined,
      };
    },
    handle: (exchange) => handleRequest({ ...exchange, state }),
    sendInternalError: (response, error) => sendJson(response, 500, { error: { code: 'InternalServerError', message: String(error) } }),
  });
  return { ...server, endpoint: origin };
}

interface MockState {
  options: MockAzureOptions;
  deployments: Readonly<Record<string, string>>;
  apiVersions: readonly string[];
}

interface Exchange extends MockExchange<MockAzureBehaviour, RecordedAzureRequest> {
  state: MockState;
}

const deploymentRoute = /^\/openai\/deployments\/([^/]+)\/(chat\/completions|embeddings)$/;

async function handleRequest(exchange: Exchange): Promise<void> {
  const { state, request, response, url, recorded, behaviour } = exchange;
  const { method } = recorded;
  const route = deploymentRoute.exec(url.pathname);
  if (!(await readBodyInto(exchange))) return;
  if (!(await runConnectionScript(exchange))) return;
  if (behaviour.status !== undefined && behaviour.status >= 400) {
    sendScriptedError(exchange, behaviour.status);
    return;
  }
  if (behaviour.streamChunks) {
    await sendEventStream(exchange, behaviour.streamChunks);
    return;
  }

  // Azure answers an unknown path and a missing api-version alike: 404 "Resource not found".
  const isModels = method === 'GET' && url.pathname === '/openai/models';
  const isDeploymentCall = method === 'POST' && route !== null;
  if ((!isModels && !isDeploymentCall) || recorded.apiVersion === undefined) {
    sendAzureError(response, 404, '404', 'Resource not found');
    return;
  }
  if (!state.apiVersions.includes(recorded.apiVersion)) {
    sendAzureError(response, 400, 'BadRequest', 'API version not supported');
    return;
  }
  const authError = checkAuth(state, request.headers);
  if (authError) {
    sendAzureError(response, 401, '401', authError);
    return;
  }
  if (isModels) {
    listModels(exchange);
    return;
  }

  const model = recorded.deployment === undefined ? undefined : state.deployments[recorded.deployment];
  if (model === undefined) {
    sendAzureError(
      response,
      404,
      'DeploymentNotFound',
      'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
    );
    return;
  }
  const operation = route?.[2];
  const isEmbeddingModel = model.startsWith('text-embedding');
  if ((operation === 'embeddings') !== isEmbeddingModel) {
    const name = operation === 'embeddings' ? 'embeddings' : 'chatCompletion';
    sendAzureError(
      response,
      400,
      'OperationNotSupported',
      `The ${name} operation does not work with the specified model, ${model}. Please choose different model and try again. You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.`,
    );
    return;
  }
  if (operation === 'embeddings') embeddings(exchange, model);
  else await chatCompletions(exchange, model);
}

function checkAuth(state: MockState, headers: IncomingHttpHeaders): string | undefined {
  const apiKey = headers['api-key'];
  if (typeof apiKey !== 'string' || apiKey === '') {
    // A Bearer header is read as a Microsoft Entra token, never as an API key.
    if (headers.authorization !== undefined) {
      return 'Unauthorized. Access token is missing, invalid, audience is incorrect (https://cognitiveservices.azure.com), or have expired.';
    }
    return 'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.';
  }
  const accepted = state.options.keys ? state.options.keys.includes(apiKey) : apiKey.startsWith('az-');
  return accepted
    ? undefined
    : 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.';
}

// ---------------------------------------------------------------------------------------------------
// Errors

class RequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(JSON.stringify(body));
  }
}

/** Validation errors come from the model service behind Azure, in OpenAI's shape. */
function invalid(message: string, param: string | null = null, code: string | null = null): RequestError {
  return new RequestError(400, { error: { message, type: 'invalid_request_error', param, code } });
}

function sendAzureError(response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(response, status, { error: { code, message } }, headers);
}

/** Azure's body for a status, as seen on the wire. */
export function defaultAzureError(status: number, apiVersion = '2024-10-21', retryAfter = '6'): { code: string; message: string } {
  switch (status) {
    case 400:
      return { code: 'BadRequest', message: 'Bad request.' };
    case 401:
      return {
        code: '401',
        message:
          'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
      };
    case 403:
      return { code: '403', message: 'Access denied due to Virtual Network/Firewall rules.' };
    case 404:
      return {
        code: 'DeploymentNotFound',
        message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
      };
    case 429:
      return {
        code: '429',
        message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${apiVersion} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${retryAfter} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
      };
    case 500:
      return {
        code: 'InternalServerError',
        message:
          'The server had an error processing your request. Sorry about that! You can retry your request, or contact us through an Azure support request at: https://go.microsoft.com/fwlink/?linkid=2213926 if you keep seeing this error.',
      };
    case 503:
      return { code: 'ServiceUnavailable', message: 'The service is temporarily unable to process your request. Please try again later.' };
    default:
      return { code: String(status), message: `Mock Azure upstream error ${status}.` };
  }
}

function sendScriptedError(exchange: Exchange, status: number): void {
  const { behaviour, response, recorded } = exchange;
  const headers: Record<string, string> = {};
  if (behaviour.retryAfter !== undefined) {
    headers['retry-after'] = behaviour.retryAfter;
    const seconds = Number(behaviour.retryAfter);
    if (Number.isFinite(seconds)) headers['retry-after-ms'] = String(Math.round(seconds * 1000));
  }
  if (status === 429) headers['x-ratelimit-remaining-requests'] = '0';
  if (behaviour.body !== undefined) {
    recorded.status = status;
    response.writeHead(status, {
      ...commonHeaders(),
      'content-type': 'text/html',
      ...headers,
      ...behaviour.headers,
      'content-length': String(Buffer.byteLength(behaviour.body)),
    });
    response.end(behaviour.body);
    return;
  }
  const defaults = defaultAzureError(status, recorded.apiVersion, behaviour.retryAfter);
  sendAzureError(response, status, behaviour.errorCode ?? defaults.code, behaviour.message ?? defaults.message, headers);
}

/** The 400 Azure answers when the prompt trips the content filter, exactly as its documentation shows it. */
function promptFilterError(category: FilterCategory): Record<string, unknown> {
  return {
    error: {
      message: AZURE_PROMPT_FILTER_MESSAGE,
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: trippedVerdicts(category, 'high') },
    },
  };
}

// ---------------------------------------------------------------------------------------------------
// Chat completions

/** OpenAI's parameters plus Azure's own extensions; anything else is refused, as Azure does. */
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
  'store',
  'metadata',
  'reasoning_effort',
  'modalities',
  'audio',
  'prediction',
  'functions',
  'function_call',
  'data_sources',
  'user_security_context',
]);

interface ChatRequest {
  messages: Record<string, unknown>[];
  stream: boolean;
  includeUsage: boolean;
  toolNames: string[];
  toolChoice: unknown;
  maxTokens: number | undefined;
}

type Reply = { kind: 'text'; text: string; finishReason: 'stop' | 'length' | 'content_filter' } | { kind: 'tool'; id: string; name: string; arguments: string };

async function chatCompletions(exchange: Exchange, model: string): Promise<void> {
  const { state, recorded, response, behaviour } = exchange;
  let chat: ChatRequest;
  try {
    chat = validateChat(recorded.json, recorded.apiVersion ?? '');
  } catch (error) {
    if (!(error instanceof RequestError)) throw error;
    sendJson(response, error.status, error.body);
    return;
  }
  const category = behaviour.filteredCategory ?? 'violence';
  if (behaviour.contentFilter === 'prompt') {
    sendJson(response, 400, promptFilterError(category));
    return;
  }

  const reply = planReply(chat, behaviour);
  const completionText = reply.kind === 'text' ? reply.text : reply.arguments;
  const usage = buildUsage(
    { prompt_tokens: promptTokensFor(chat.messages), completion_tokens: tokensForText(completionText) },
    state.options.usage,
    behaviour.usage,
  );
  const identity = {
    created: Math.floor(Date.now() / 1000),
    id: `chatcmpl-${randomAlphanumeric(29)}`,
    model: DEFAULT_SNAPSHOTS[model] ?? model,
  };
  const filtered = reply.kind === 'text' && reply.finishReason === 'content_filter';
  const outputVerdicts = filtered ? trippedVerdicts(category, 'medium') : passingVerdicts();

  if (!chat.stream) {
    // A filtered completion comes back without content (Azure's "no content returned").
    const message =
      reply.kind === 'tool'
        ? {
            annotations: [],
            content: null,
            refusal: null,
            role: 'assistant',
            tool_calls: [{ function: { arguments: reply.arguments, name: reply.name }, id: reply.id, type: 'function' }],
          }
        : filtered
          ? { role: 'assistant' }
          : { annotations: [], content: reply.text, refusal: null, role: 'assistant' };
    sendJson(response, 200, {
      choices: [
        {
          content_filter_results: reply.kind === 'tool' ? {} : outputVerdicts,
          finish_reason: reply.kind === 'tool' ? 'tool_calls' : reply.finishReason,
          index: 0,
          logprobs: null,
          message,
        },
      ],
      ...identity,
      object: 'chat.completion',
      prompt_filter_results: promptFilterResults(),
      system_fingerprint: MOCK_SYSTEM_FINGERPRINT,
      usage,
    });
    return;
  }
  await sendEventStream(exchange, streamChunksFor(reply, usage, chat, identity, outputVerdicts).map((chunk) => JSON.stringify(chunk)));
}

function validateChat(json: unknown, apiVersion: string): ChatRequest {
  if (!isRecord(json)) throw invalid("We could not parse the JSON body of your request. The API expects a JSON payload.");
  for (const name of Object.keys(json)) {
    if (!CHAT_PARAMETERS.has(name)) throw invalid(`Unrecognized request argument supplied: ${name}`);
  }
  const messages = json['messages'];
  if (messages === undefined || messages === null) throw invalid("Missing required parameter: 'messages'.", 'messages', 'missing_required_parameter');
  if (!Array.isArray(messages) || messages.length === 0 || !messages.every(isRecord)) {
    throw invalid("Invalid 'messages': expected a non-empty array of objects.", 'messages', 'invalid_value');
  }
  const stream = json['stream'] === true;
  const streamOptions = json['stream_options'];
  if (streamOptions !== undefined && streamOptions !== null) {
    if (apiVersion.slice(0, 10) < FIRST_VERSION_WITH_STREAM_OPTIONS) throw invalid('Unrecognized request argument supplied: stream_options');
    if (!stream) throw invalid("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options');
  }
  const tools = json['tools'];
  const toolNames = Array.isArray(tools)
    ? tools.map((tool) => (isRecord(tool) && isRecord(tool['function']) && typeof tool['function']['name'] === 'string' ? tool['function']['name'] : ''))
    : [];
  const maxTokens = json['max_completion_tokens'] ?? json['max_tokens'];
  return {
    messages,
    stream,
    includeUsage: isRecord(streamOptions) && streamOptions['include_usage'] === true,
    toolNames,
    toolChoice: json['tool_choice'],
    maxTokens: typeof maxTokens === 'number' ? maxTokens : undefined,
  };
}

/**
 * As the OpenAI mock: a tool call when tools are given and one is forced or the last user message
 * says `call <tool name> {arguments}`; otherwise `reply`, or `You said: <last user text>`.
 */
function planReply(chat: ChatRequest, behaviour: MockAzureBehaviour): Reply {
  const last = chat.messages.at(-1) ?? {};
  const lastText = textOf(last['content']);
  if (chat.toolNames.length > 0 && chat.toolChoice !== 'none' && behaviour.reply === undefined && behaviour.contentFilter === undefined) {
    const asked = last['role'] === 'user' ? /\bcall\s+([A-Za-z0-9_-]+)/.exec(lastText) : null;
    const askedName = asked?.[1] !== undefined && chat.toolNames.includes(asked[1]) ? asked[1] : undefined;
    const choice = chat.toolChoice;
    const forcedName =
      isRecord(choice) && isRecord(choice['function']) && typeof choice['function']['name'] === 'string'
        ? choice['function']['name']
        : choice === 'required'
          ? (askedName ?? chat.toolNames[0])
          : undefined;
    const name = forcedName ?? askedName;
    if (name !== undefined) {
      const afterName = asked ? lastText.slice(asked.index + asked[0].length) : '';
      return { kind: 'tool', id: `call_${randomAlphanumeric(24)}`, name, arguments: argumentsFrom(afterName) };
    }
  }
  const lastUser = [...chat.messages].reverse().find((message) => message['role'] === 'user');
  const text = behaviour.reply ?? `You said: ${lastUser ? textOf(lastUser['content']) : ''}`;
  if (behaviour.contentFilter === 'completion') {
    // The filter stops the answer part-way (here: after its first half); what passed before the verdict is kept.
    return { kind: 'text', text: text.slice(0, Math.ceil(text.length / 2)), finishReason: 'content_filter' };
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

function promptFilterResults() {
  return [{ prompt_index: 0, content_filter_results: { ...passingVerdicts(), jailbreak: { filtered: false, detected: false } } }];
}

function buildUsage(computed: { prompt_tokens: number; completion_tokens: number }, ...overrides: (MockUsage | undefined)[]) {
  const merged: Required<MockUsage> = { ...computed, cached_tokens: 0, reasoning_tokens: 0 };
  for (const override of overrides) if (override) Object.assign(merged, override);
  return {
    completion_tokens: merged.completion_tokens,
    completion_tokens_details: {
      accepted_prediction_tokens: 0,
      audio_tokens: 0,
      reasoning_tokens: merged.reasoning_tokens,
      rejected_prediction_tokens: 0,
    },
    prompt_tokens: merged.prompt_tokens,
    prompt_tokens_details: { audio_tokens: 0, cached_tokens: merged.cached_tokens },
    total_tokens: merged.prompt_tokens + merged.completion_tokens,
  };
}

/**
 * Azure's stream: first a chunk of prompt verdicts only (`choices: []`, empty `id`, `model` and
 * `object`, `created: 0`); then OpenAI's chunks, each choice with `content_filter_results` (`{}` on
 * the role and finish chunks, the verdicts on content chunks); with `include_usage`, `"usage": null`
 * on those and a last `choices: []` chunk with the usage.
 */
function streamChunksFor(
  reply: Reply,
  usage: ReturnType<typeof buildUsage>,
  chat: ChatRequest,
  identity: { created: number; id: string; model: string },
  verdicts: Record<string, unknown>,
): Record<string, unknown>[] {
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}) => ({
    choices,
    ...identity,
    object: 'chat.completion.chunk',
    system_fingerprint: MOCK_SYSTEM_FINGERPRINT,
    ...(chat.includeUsage ? { usage: null } : {}),
    ...extra,
  });
  const choice = (delta: Record<string, unknown>, filterResults: Record<string, unknown>, finishReason: string | null = null) => ({
    content_filter_results: filterResults,
    delta,
    finish_reason: finishReason,
    index: 0,
    logprobs: null,
  });

  const chunks: Record<string, unknown>[] = [
    { choices: [], created: 0, id: '', model: '', object: '', prompt_filter_results: promptFilterResults() },
  ];
  if (reply.kind === 'text') {
    chunks.push(chunk([choice({ content: '', refusal: null, role: 'assistant' }, {})]));
    for (const piece of reply.text.match(/\s*\S+|\s+/g) ?? []) chunks.push(chunk([choice({ content: piece }, passingVerdicts())]));
    chunks.push(chunk([choice({}, reply.finishReason === 'content_filter' ? verdicts : {}, reply.finishReason)]));
  } else {
    chunks.push(
      chunk([
        choice(
          {
            content: null,
            refusal: null,
            role: 'assistant',
            tool_calls: [{ function: { arguments: '', name: reply.name }, id: reply.id, index: 0, type: 'function' }],
          },
          {},
        ),
      ]),
    );
    for (const piece of reply.arguments.match(/[\s\S]{1,8}/g) ?? []) {
      chunks.push(chunk([choice({ tool_calls: [{ function: { arguments: piece }, index: 0 }] }, {})]));
    }
    chunks.push(chunk([choice({}, {}, 'tool_calls')]));
  }
  if (chat.includeUsage) chunks.push(chunk([], { usage }));
  return chunks;
}

// ---------------------------------------------------------------------------------------------------
// Embeddings and models

function embeddings(exchange: Exchange, model: string): void {
  const { recorded, response } = exchange;
  const json = recorded.json;
  const input = isRecord(json) ? json['input'] : undefined;
  const inputs = typeof input === 'string' ? [input] : Array.isArray(input) && input.every((item) => typeof item === 'string') ? (input as string[]) : undefined;
  if (!inputs || inputs.length === 0 || inputs.some((item) => item === '')) {
    sendJson(response, 400, invalid("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.").body);
    return;
  }
  const encodingFormat = isRecord(json) ? (json['encoding_format'] ?? 'float') : 'float';
  const requested = isRecord(json) ? json['dimensions'] : undefined;
  const dimensions = typeof requested === 'number' ? requested : 1536;
  const promptTokens = inputs.reduce((sum, text) => sum + tokensForText(text), 0);
  sendJson(response, 200, {
    data: inputs.map((text, index) => {
      const vector = mockEmbedding(text, dimensions);
      return { embedding: encodingFormat === 'base64' ? float32Base64(vector) : vector, index, object: 'embedding' };
    }),
    model,
    object: 'list',
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  });
}

function float32Base64(vector: readonly number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

/** `GET /openai/models`: the models behind the deployments, in Azure's Models - List shape. */
function listModels(exchange: Exchange): void {
  const models = [...new Set(Object.values(exchange.state.deployments))];
  sendJson(exchange.response, 200, {
    data: models.map((id) => ({
      status: 'succeeded',
      capabilities: {
        fine_tune: false,
        inference: true,
        completion: false,
        chat_completion: !id.startsWith('text-embedding'),
        embeddings: id.startsWith('text-embedding'),
      },
      lifecycle_status: 'generally-available',
      id,
      created_at: 1_715_367_049,
      object: 'model',
    })),
    object: 'list',
  });
}

// ---------------------------------------------------------------------------------------------------
// Sending

function commonHeaders(): Record<string, string> {
  const id = randomBytes(16).toString('hex');
  return {
    'apim-request-id': id,
    'x-request-id': id,
    'x-ms-region': 'East US',
    'x-ratelimit-remaining-requests': '99',
    'x-ratelimit-remaining-tokens': '99990',
    'x-content-type-options': 'nosniff',
    'strict-transport-security': 'max-age=31536000; includeSubDomains; preload',
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(response, status, JSON.stringify(body), { ...commonHeaders(), 'content-type': 'application/json' }, headers);
}

/** `data: <json>\n\n` per chunk, then `data: [DONE]\n\n`, as Azure frames it. */
async function sendEventStream(exchange: Exchange, chunks: readonly string[]): Promise<void> {
  const streamEnd = exchange.behaviour.streamEnd ?? 'done';
  await writeEventStream(exchange, chunks, {
    headers: { ...commonHeaders(), 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, must-revalidate' },
    frame: frameOpenAIEvent,
    delayBeforeEnd: true,
    end: streamEnd === 'done' ? { frame: OPENAI_DONE } : streamEnd,
  });
}
