/**
 * A mock of Google's Generative Language API (generateContent, streamGenerateContent with alt=sse,
 * models) on node:http, independent of the gateway under test. It validates requests as the real API
 * does where gateways usually go wrong: protobuf-strict field names ("Invalid JSON payload received.
 * Unknown name …"), the OpenAPI schema subset of tool parameters, roles, function responses paired
 * with calls by name, and Gemini 3's thought signatures. Its answers, errors and SSE framing
 * (`data: …\r\n\r\n`) follow what Google sends (see the recordings in test/fixtures/recorded/gemini).
 *
 * The key must come in `x-goog-api-key`. A `key=` query parameter, which the real API would take, is
 * refused here: Switchyard must never put a key in a URL, and this proves it does not.
 *
 * Tests script it per API key (`behaviourFor`) or per next request (`enqueue`), as the OpenAI mock;
 * without a script it answers deterministically.
 */
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  headerValue,
  isRecord,
  readBodyInto,
  runConnectionScript,
  sendJsonText,
  startMockServer,
  writeEventStream,
  type MockExchange,
  type MockServer,
  type MockRecordedRequest,
} from './mock-server.js';
import { frameGeminiEvent, readRecordedJson, readRecordedPayloads, recordedFileExists } from './recorded-fixtures.js';

// ---------------------------------------------------------------------------------------------------
// Public types

export type RecordedGeminiStream = 'google-text' | 'google-reasoning' | 'google-tool-call' | 'google-tool-call-gemini3';

/** Token figures that replace the computed ones; totalTokenCount is always their sum. */
export interface MockGeminiUsage {
  promptTokenCount?: number;
  /** Visible output only, as Google counts it. */
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  /** Included in promptTokenCount, as Google counts it. */
  cachedContentTokenCount?: number;
}

/**
 * What the mock does with one request. Applied in this order:
 * 1. `resetConnection`: destroy the socket once the request body is read.
 * 2. `delayHeadersMs`: wait before anything is sent.
 * 3. `status` (400 or more): answer with Google's error shape for that status and stop.
 * 4. `streamChunks` or `replayRecorded`: answer 200 with those SSE payloads, whatever the request.
 * 5. Otherwise the default handling (auth, validation, generated answer), shaped by `reply`, `usage`,
 *    `chunkDelayMs`, `streamEnd` and `hang`.
 * A scripted error or scripted stream (3, 4) skips auth and validation; 5 does not. A `key=` query
 * parameter is refused before any of them.
 */
export interface MockGeminiBehaviour {
  resetConnection?: boolean;
  delayHeadersMs?: number;

  /** HTTP status of an error answer: `{"error":{"code","message","status"}}`. */
  status?: number;
  /** Sent as `retry-after` and as the RetryInfo detail of a 429. */
  retryAfter?: string;
  /** `error.status`; defaults per HTTP status (429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE, …). */
  errorStatus?: string;
  /** `error.message`; defaults to the real API's message for that status. */
  message?: string;
  /** A raw body sent instead of the JSON error (as text/html unless `headers` says otherwise). */
  body?: string;
  /** Extra response headers, for any answer. */
  headers?: Record<string, string>;

  /** SSE payloads (each the JSON of one `data:` line), sent as given. */
  streamChunks?: readonly string[];
  /** Replays test/fixtures/recorded/gemini/<name>.chunks.txt (or `<name>.json` for a non-stream request when it exists). */
  replayRecorded?: RecordedGeminiStream;
  /** Pause before every chunk after the first. */
  chunkDelayMs?: number;
  /** How a stream ends: `end` (default) ends the response, as Google does; `reset` destroys the socket. */
  streamEnd?: 'end' | 'reset';
  /** Sends the headers and the first chunk, then nothing until the client closes the connection. */
  hang?: boolean;

  /** The text of a generated answer, instead of the echo. */
  reply?: string;
  usage?: MockGeminiUsage;
}

/** One request as the mock saw it; `apiKey` is the `x-goog-api-key` header. */
export type GeminiRecordedRequest = MockRecordedRequest;

/** A model the mock serves; its thinking rules are the real model's. */
export interface MockGeminiModel {
  id: string;
  /** Defaults to generateContent, streamGenerateContent, countTokens. */
  methods?: readonly string[];
  /** `budget`: Gemini 2.5 (thinkingBudget in [min, max], 0 only if it can be disabled); `level`: Gemini 3; `none`: no thinking. */
  thinking: { kind: 'budget'; min: number; max: number; canDisable: boolean } | { kind: 'level' } | { kind: 'none' };
}

export interface MockGeminiOptions {
  /** API keys accepted; unless given, any key that starts with `AIza`, as Google's do. */
  keys?: readonly string[];
  models?: readonly MockGeminiModel[];
  /** Token figures for every generated answer (a behaviour's `usage` wins over these). */
  usage?: MockGeminiUsage;
}

export interface MockGemini extends MockServer<MockGeminiBehaviour, GeminiRecordedRequest> {
  /** `http://127.0.0.1:<port>`: what a provider's baseUrl is set to (Google's is the bare origin too). */
  readonly baseUrl: string;
}

// ---------------------------------------------------------------------------------------------------
// Defaults and helpers others may use to compute expectations

const GENERATE_METHODS = ['generateContent', 'streamGenerateContent', 'countTokens'];

export const DEFAULT_GEMINI_MODELS: readonly MockGeminiModel[] = [
  { id: 'gemini-2.5-pro', thinking: { kind: 'budget', min: 128, max: 32768, canDisable: false } },
  { id: 'gemini-2.5-flash', thinking: { kind: 'budget', min: 1, max: 24576, canDisable: true } },
  { id: 'gemini-2.5-flash-lite', thinking: { kind: 'budget', min: 512, max: 24576, canDisable: true } },
  { id: 'gemini-2.0-flash', thinking: { kind: 'none' } },
  { id: 'gemini-3-pro-preview', thinking: { kind: 'level' } },
  { id: 'gemini-3-flash-preview', thinking: { kind: 'level' } },
  { id: 'gemini-embedding-001', methods: ['embedContent', 'countTextTokens', 'countTokens'], thinking: { kind: 'none' } },
];

/** The mock's token count for a text: its length in UTF-16 units divided by 4, rounded up. */
export function geminiTokensForText(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The signature the mock puts on what a model named `model` produced; any non-empty value is taken back. */
export function mockThoughtSignature(model: string, what: string): string {
  return Buffer.from(`mock-signature:${model}:${what}`).toString('base64');
}

/** Google's own value for "this call has no signature, skip the check" (thought-signatures docs). */
export const SKIP_SIGNATURE_VALUE = 'skip_thought_signature_validator';

export async function readRecordedGeminiChunks(name: RecordedGeminiStream): Promise<string[]> {
  return readRecordedPayloads(`gemini/${name}.chunks.txt`);
}

// ---------------------------------------------------------------------------------------------------
// Server

export async function startMockGemini(options: MockGeminiOptions = {}): Promise<MockGemini> {
  const state: MockState = {
    options,
    models: options.models ?? DEFAULT_GEMINI_MODELS,
  };
  const server = await startMockServer<MockGeminiBehaviour, GeminiRecordedRequest>({
    apiKeyOf: (headers) => headerValue(headers, 'x-goog-api-key'),
    handle: (exchange) => handleRequest({ ...exchange, state }),
    sendInternalError: (response, error) => sendError(response, 500, 'INTERNAL', `mock-gemini: ${String(error)}`),
  });
  return { ...server, baseUrl: server.origin };
}

interface MockState {
  options: MockGeminiOptions;
  models: readonly MockGeminiModel[];
}

interface Exchange extends MockExchange<MockGeminiBehaviour, GeminiRecordedRequest> {
  state: MockState;
}

async function handleRequest(exchange: Exchange): Promise<void> {
  const { state, response, url, behaviour } = exchange;
  const { method, apiKey } = exchange.recorded;
  if (!(await readBodyInto(exchange))) return;

  if (url.searchParams.has('key')) {
    sendError(
      response,
      400,
      'INVALID_ARGUMENT',
      'This mock does not accept API keys in URLs (the key= query parameter): keys in URLs end up in logs. Send the x-goog-api-key header.',
    );
    return;
  }
  if (!(await runConnectionScript(exchange))) return;
  if (behaviour.status !== undefined && behaviour.status >= 400) {
    sendScriptedError(exchange, behaviour.status);
    return;
  }
  const route = /^\/v1beta\/models\/([^/:]+):(generateContent|streamGenerateContent)$/.exec(url.pathname);
  if (behaviour.streamChunks) {
    await sendEventStream(exchange, behaviour.streamChunks);
    return;
  }
  if (behaviour.replayRecorded) {
    await replayRecorded(exchange, behaviour.replayRecorded, route?.[2] === 'streamGenerateContent');
    return;
  }

  const isList = method === 'GET' && url.pathname === '/v1beta/models';
  const single = method === 'GET' ? /^\/v1beta\/models\/([^/:]+)$/.exec(url.pathname) : null;
  if (!isList && !single && !(method === 'POST' && route)) {
    sendError(response, 404, 'NOT_FOUND', `The mock has no route ${method} ${url.pathname}.`);
    return;
  }

  if (apiKey === undefined) {
    sendError(
      response,
      403,
      'PERMISSION_DENIED',
      "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
    );
    return;
  }
  const accepted = state.options.keys ? state.options.keys.includes(apiKey) : apiKey.startsWith('AIza');
  if (!accepted) {
    sendError(response, 400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
    ]);
    return;
  }

  if (isList) {
    listModels(exchange, url);
    return;
  }
  if (single) {
    const model = state.models.find((entry) => entry.id === decodeURIComponent(single[1]!));
    if (!model) sendError(response, 404, 'NOT_FOUND', `Model is not found: models/${single[1]} for api version v1beta`);
    else sendJson(response, 200, modelResource(model));
    return;
  }
  await generate(exchange, decodeURIComponent(route![1]!), route![2] === 'streamGenerateContent', url);
}

// ---------------------------------------------------------------------------------------------------
// Errors

class GoogleRequestError extends Error {
  constructor(
    readonly status: number,
    readonly googleStatus: string,
    message: string,
  ) {
    super(message);
  }
}

/** A protobuf parsing error, worded as Google's JSON parser words them. */
function payloadError(message: string): GoogleRequestError {
  return new GoogleRequestError(400, 'INVALID_ARGUMENT', `Invalid JSON payload received. ${message}`);
}

/** A validation error, in Google's `* GenerateContentRequest.<field>: <problem>` form. */
function fieldError(field: string, message: string): GoogleRequestError {
  return new GoogleRequestError(400, 'INVALID_ARGUMENT', `* GenerateContentRequest.${field}: ${message}\n`);
}

function invalidArgument(message: string): GoogleRequestError {
  return new GoogleRequestError(400, 'INVALID_ARGUMENT', message);
}

function sendError(response: ServerResponse, status: number, googleStatus: string, message: string, details?: unknown[], headers: Record<string, string> = {}): void {
  sendJson(response, status, { error: { code: status, message, status: googleStatus, ...(details ? { details } : {}) } }, headers);
}

const DEFAULT_ERRORS: Readonly<Record<number, { status: string; message: string }>> = {
  400: { status: 'INVALID_ARGUMENT', message: 'Request contains an invalid argument.' },
  401: {
    status: 'UNAUTHENTICATED',
    message: 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
  },
  403: { status: 'PERMISSION_DENIED', message: 'The caller does not have permission' },
  404: { status: 'NOT_FOUND', message: 'Requested entity was not found.' },
  429: {
    status: 'RESOURCE_EXHAUSTED',
    message:
      'You exceeded your current quota, please check your plan and billing details. For more information on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits.',
  },
  500: { status: 'INTERNAL', message: 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting' },
  503: { status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' },
  504: { status: 'DEADLINE_EXCEEDED', message: 'The request timed out. Please try again.' },
};

function sendScriptedError(exchange: Exchange, status: number): void {
  const { behaviour, response, recorded } = exchange;
  const headers: Record<string, string> = { ...behaviour.headers };
  if (behaviour.retryAfter !== undefined) headers['retry-after'] = behaviour.retryAfter;
  if (behaviour.body !== undefined) {
    recorded.status = status;
    response.writeHead(status, { 'content-type': 'text/html; charset=UTF-8', ...headers, 'content-length': String(Buffer.byteLength(behaviour.body)) });
    response.end(behaviour.body);
    return;
  }
  const defaults = DEFAULT_ERRORS[status] ?? { status: status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION', message: `Mock upstream error ${status}.` };
  const details =
    status === 429 ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${behaviour.retryAfter ?? '20'}s` }] : undefined;
  sendError(response, status, behaviour.errorStatus ?? defaults.status, behaviour.message ?? defaults.message, details, headers);
}

// ---------------------------------------------------------------------------------------------------
// Models

function modelResource(model: MockGeminiModel): Record<string, unknown> {
  return {
    name: `models/${model.id}`,
    version: '001',
    displayName: model.id,
    description: `Mock of ${model.id}`,
    inputTokenLimit: 1048576,
    outputTokenLimit: 65536,
    supportedGenerationMethods: [...(model.methods ?? GENERATE_METHODS)],
    temperature: 1,
    topP: 0.95,
    topK: 64,
    maxTemperature: 2,
    thinking: model.thinking.kind !== 'none',
  };
}

/** Google pages the list (50 a page unless `pageSize` says otherwise, at most 1000). */
function listModels(exchange: Exchange, url: URL): void {
  const pageSize = Math.min(1000, Math.max(1, Number(url.searchParams.get('pageSize') ?? '50') || 50));
  const start = Number(url.searchParams.get('pageToken') ?? '0') || 0;
  const page = exchange.state.models.slice(start, start + pageSize);
  const next = start + pageSize < exchange.state.models.length ? String(start + pageSize) : undefined;
  sendJson(exchange.response, 200, { models: page.map(modelResource), ...(next ? { nextPageToken: next } : {}) });
}

// ---------------------------------------------------------------------------------------------------
// Validation: the request's structure, field by field, as protobuf would parse it

type Shape = { fields: Readonly<Record<string, FieldKind>> };
type FieldKind =
  | 'string'
  | 'number'
  | 'boolean'
  | 'struct'
  | 'any'
  | 'schema'
  | { message: Shape }
  | { repeated: 'string' | 'number' | { message: Shape } | 'schema' };

const BLOB: Shape = { fields: { mimeType: 'string', data: 'string' } };
const PART: Shape = {
  fields: {
    text: 'string',
    thought: 'boolean',
    thoughtSignature: 'string',
    inlineData: { message: BLOB },
    fileData: { message: { fields: { mimeType: 'string', fileUri: 'string' } } },
    functionCall: { message: { fields: { id: 'string', name: 'string', args: 'struct' } } },
    functionResponse: {
      message: {
        fields: {
          id: 'string',
          name: 'string',
          response: 'struct',
          parts: { repeated: { message: { fields: { inlineData: { message: BLOB } } } } },
          willContinue: 'boolean',
          scheduling: 'string',
        },
      },
    },
    executableCode: { message: { fields: { language: 'string', code: 'string' } } },
    codeExecutionResult: { message: { fields: { outcome: 'string', output: 'string' } } },
    videoMetadata: 'any',
    mediaResolution: 'any',
  },
};
const CONTENT: Shape = { fields: { role: 'string', parts: { repeated: { message: PART } } } };
const FUNCTION_DECLARATION: Shape = {
  fields: { name: 'string', description: 'string', parameters: 'schema', parametersJsonSchema: 'any', response: 'schema', responseJsonSchema: 'any', behavior: 'string' },
};
const TOOL: Shape = {
  fields: {
    functionDeclarations: { repeated: { message: FUNCTION_DECLARATION } },
    googleSearch: 'any',
    googleSearchRetrieval: 'any',
    codeExecution: 'any',
    urlContext: 'any',
    fileSearch: 'any',
    googleMaps: 'any',
    computerUse: 'any',
  },
};
const TOOL_CONFIG: Shape = {
  fields: {
    functionCallingConfig: { message: { fields: { mode: 'string', allowedFunctionNames: { repeated: 'string' } } } },
    retrievalConfig: 'any',
  },
};
const GENERATION_CONFIG: Shape = {
  fields: {
    stopSequences: { repeated: 'string' },
    responseMimeType: 'string',
    responseSchema: 'schema',
    responseJsonSchema: 'any',
    responseModalities: { repeated: 'string' },
    candidateCount: 'number',
    maxOutputTokens: 'number',
    temperature: 'number',
    topP: 'number',
    topK: 'number',
    seed: 'number',
    presencePenalty: 'number',
    frequencyPenalty: 'number',
    responseLogprobs: 'boolean',
    logprobs: 'number',
    enableEnhancedCivicAnswers: 'boolean',
    speechConfig: 'any',
    imageConfig: 'any',
    mediaResolution: 'string',
    thinkingConfig: { message: { fields: { includeThoughts: 'boolean', thinkingBudget: 'number', thinkingLevel: 'string' } } },
  },
};
const REQUEST: Shape = {
  fields: {
    model: 'string',
    contents: { repeated: { message: CONTENT } },
    systemInstruction: { message: CONTENT },
    tools: { repeated: { message: TOOL } },
    toolConfig: { message: TOOL_CONFIG },
    safetySettings: { repeated: { message: { fields: { category: 'string', threshold: 'string', method: 'string' } } } },
    generationConfig: { message: GENERATION_CONFIG },
    cachedContent: 'string',
    serviceTier: 'string',
  },
};

/** The fields of Gemini's Schema message (v1beta): anything else is an unknown name. */
const SCHEMA_FIELDS = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'maxItems',
  'minItems',
  'properties',
  'required',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
  'pattern',
  'example',
  'anyOf',
  'propertyOrdering',
  'default',
  'items',
  'minimum',
  'maximum',
]);
const SCHEMA_TYPES = new Set(['TYPE_UNSPECIFIED', 'STRING', 'NUMBER', 'INTEGER', 'BOOLEAN', 'ARRAY', 'OBJECT', 'NULL']);

/** Google's parser takes `system_instruction` as well as `systemInstruction`; paths in its messages are snake_case. */
function camelName(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
}

function snakeName(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function join(at: string, field: string): string {
  return at === '' ? snakeName(field) : `${at}.${snakeName(field)}`;
}

function describeValue(value: unknown): string {
  return JSON.stringify(value) ?? String(value);
}

/** Parses `value` against `shape` as protobuf JSON would, returning it with camelCase keys. */
function parseMessage(value: unknown, shape: Shape, at: string, typeName: string): Record<string, unknown> {
  if (!isRecord(value)) {
    throw payloadError(`Invalid value at '${at}' (type.googleapis.com/google.ai.generativelanguage.v1beta.${typeName}), ${describeValue(value)}`);
  }
  const result: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const name = camelName(key);
    const kind = shape.fields[name];
    if (kind === undefined) throw payloadError(`Unknown name "${key}"${at ? ` at '${at}'` : ''}: Cannot find field.`);
    if (entry === null) continue;
    result[name] = parseField(entry, kind, join(at, name), name);
  }
  return result;
}

function parentOf(at: string): string {
  return at.split('.').slice(0, -1).join('.');
}

function parseField(value: unknown, kind: FieldKind, at: string, name: string): unknown {
  if (kind === 'any') return value;
  if (kind === 'schema') {
    const problem = findGeminiSchemaProblem(value, at);
    if (problem) throw new GoogleRequestError(400, 'INVALID_ARGUMENT', problem);
    return value;
  }
  if (kind === 'struct') {
    if (!isRecord(value)) throw payloadError(`Invalid value at '${at}' (type.googleapis.com/google.protobuf.Struct), ${describeValue(value)}`);
    return value;
  }
  if (typeof kind === 'string' || 'message' in kind) {
    if (Array.isArray(value)) throw payloadError(`Unknown name "${name}" at '${parentOf(at)}': Proto field is not repeating, cannot start list.`);
    if (typeof kind !== 'string') return parseMessage(value, kind.message, at, snakeToType(name));
    const numeric = typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)));
    const ok = kind === 'string' ? typeof value === 'string' : kind === 'number' ? numeric : typeof value === 'boolean';
    if (!ok) throw payloadError(`Invalid value at '${at}' (${kind === 'string' ? 'TYPE_STRING' : kind === 'number' ? 'TYPE_INT32' : 'TYPE_BOOL'}), ${describeValue(value)}`);
    return kind === 'number' ? Number(value) : value;
  }
  if (!Array.isArray(value)) {
    // A single value where a list belongs is taken as a list of one, as protobuf JSON parsers do.
    return [parseField(value, kind.repeated, `${at}[0]`, name)];
  }
  return value.map((element, index) => parseField(element, kind.repeated, `${at}[${index}]`, name));
}

function snakeToType(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * The first thing Gemini would refuse in a schema at `at` (e.g. `tools[0].function_declarations[0].parameters`),
 * worded as Google words it; null when Gemini takes the schema.
 */
export function findGeminiSchemaProblem(schema: unknown, at: string): string | null {
  if (!isRecord(schema)) {
    return `Invalid JSON payload received. Invalid value at '${at}' (type.googleapis.com/google.ai.generativelanguage.v1beta.Schema), ${describeValue(schema)}`;
  }
  for (const key of Object.keys(schema)) {
    if (!SCHEMA_FIELDS.has(camelName(key))) return `Invalid JSON payload received. Unknown name "${key}" at '${at}': Cannot find field.`;
  }
  const field = (name: string): unknown => schema[name] ?? schema[snakeName(name)];
  const type = field('type');
  if (Array.isArray(type)) return `Invalid JSON payload received. Unknown name "type" at '${at}': Proto field is not repeating, cannot start list.`;
  if (type !== undefined && (typeof type !== 'string' || !SCHEMA_TYPES.has(type.toUpperCase()))) {
    return `Invalid JSON payload received. Invalid value at '${at}.type' (type.googleapis.com/google.ai.generativelanguage.v1beta.Type), ${describeValue(type)}`;
  }
  const upperType = typeof type === 'string' ? type.toUpperCase() : undefined;
  for (const name of ['format', 'title', 'description', 'pattern']) {
    const value = field(name);
    if (value !== undefined && typeof value !== 'string') return `Invalid JSON payload received. Invalid value at '${join(at, name)}' (TYPE_STRING), ${describeValue(value)}`;
  }
  const nullable = field('nullable');
  if (nullable !== undefined && typeof nullable !== 'boolean') return `Invalid JSON payload received. Invalid value at '${at}.nullable' (TYPE_BOOL), ${describeValue(nullable)}`;
  for (const name of ['maxItems', 'minItems', 'minProperties', 'maxProperties', 'minLength', 'maxLength', 'minimum', 'maximum']) {
    const value = field(name);
    if (value !== undefined && typeof value !== 'number' && !(typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))) {
      return `Invalid JSON payload received. Invalid value at '${join(at, name)}' (TYPE_INT64), ${describeValue(value)}`;
    }
  }
  const enumValues = field('enum');
  if (enumValues !== undefined) {
    if (!Array.isArray(enumValues)) return `Invalid JSON payload received. Invalid value at '${at}.enum' (TYPE_STRING), ${describeValue(enumValues)}`;
    const bad = enumValues.find((value) => typeof value !== 'string');
    if (bad !== undefined) return `Invalid JSON payload received. Invalid value at '${at}.enum[${enumValues.indexOf(bad)}]' (TYPE_STRING), ${describeValue(bad)}`;
  }
  const format = field('format');
  if (typeof format === 'string' && upperType === 'STRING' && format !== 'enum' && format !== 'date-time') {
    return `* GenerateContentRequest.${at}.format: only 'enum' and 'date-time' are supported for STRING type\n`;
  }
  const properties = field('properties');
  if (properties !== undefined) {
    if (!isRecord(properties)) return `Invalid JSON payload received. Invalid value at '${at}.properties', ${describeValue(properties)}`;
    for (const [name, property] of Object.entries(properties)) {
      const problem = findGeminiSchemaProblem(property, `${at}.properties[${name}].value`);
      if (problem) return problem;
    }
  }
  const required = field('required');
  if (required !== undefined) {
    if (!Array.isArray(required)) return `Invalid JSON payload received. Invalid value at '${at}.required' (TYPE_STRING), ${describeValue(required)}`;
    for (const [index, name] of required.entries()) {
      if (typeof name !== 'string') return `Invalid JSON payload received. Invalid value at '${at}.required[${index}]' (TYPE_STRING), ${describeValue(name)}`;
      if (!isRecord(properties) || !Object.hasOwn(properties, name)) return `* GenerateContentRequest.${at}.required[${index}]: property is not defined\n`;
    }
  }
  const items = field('items');
  if (items !== undefined) {
    if (Array.isArray(items)) return `Invalid JSON payload received. Unknown name "items" at '${at}': Proto field is not repeating, cannot start list.`;
    const problem = findGeminiSchemaProblem(items, `${at}.items`);
    if (problem) return problem;
  }
  const anyOf = field('anyOf');
  if (anyOf !== undefined) {
    if (!Array.isArray(anyOf)) return `Invalid JSON payload received. Invalid value at '${at}.any_of', ${describeValue(anyOf)}`;
    for (const [index, member] of anyOf.entries()) {
      const problem = findGeminiSchemaProblem(member, `${at}.any_of[${index}]`);
      if (problem) return problem;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------
// Validation: what the API checks beyond the structure

/**
 * What the mock would refuse in a generateContent body for `modelId` (one of the default models),
 * worded as Google words it; null when it would take it. For tests of encoders.
 */
export function findGenerateRequestProblem(body: unknown, modelId: string): string | null {
  const model = DEFAULT_GEMINI_MODELS.find((entry) => entry.id === modelId);
  if (!model) throw new Error(`no default mock model ${modelId}`);
  try {
    validateGenerate(body, JSON.stringify(body) ?? '', model);
    return null;
  } catch (error) {
    if (error instanceof GoogleRequestError) return error.message;
    throw error;
  }
}

interface ParsedPart {
  text?: string;
  thought?: boolean;
  thoughtSignature?: string;
  inlineData?: { mimeType?: string; data?: string };
  fileData?: unknown;
  functionCall?: { id?: string; name?: string; args?: Record<string, unknown> };
  functionResponse?: { id?: string; name?: string; response?: Record<string, unknown> };
  executableCode?: unknown;
  codeExecutionResult?: unknown;
}

interface ParsedContent {
  role?: string;
  parts?: ParsedPart[];
}

interface GenerateRequest {
  model: MockGeminiModel;
  contents: ParsedContent[];
  systemText: string;
  functionNames: string[];
  mode: string;
  allowedFunctionNames: string[];
  includeThoughts: boolean;
  thinkingOff: boolean;
  maxOutputTokens: number | undefined;
  responseMimeType: string | undefined;
}

const DATA_FIELDS = ['text', 'inlineData', 'fileData', 'functionCall', 'functionResponse', 'executableCode', 'codeExecutionResult'] as const;
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/;

function validateGenerate(json: unknown, rawBody: string, model: MockGeminiModel): GenerateRequest {
  if (json === undefined) {
    throw payloadError(rawBody.trim() === '' ? 'Request body is empty.' : `Unexpected token.\n${rawBody.slice(0, 40)}\n^`);
  }
  const request = parseMessage(json, REQUEST, '', 'GenerateContentRequest');
  const contents = (request['contents'] ?? []) as ParsedContent[];
  if (contents.length === 0) throw fieldError('contents', 'contents is not specified');

  contents.forEach((content, contentIndex) => {
    if (content.role !== undefined && content.role !== 'user' && content.role !== 'model') {
      throw invalidArgument('Please use a valid role: user, model.');
    }
    const parts = content.parts ?? [];
    if (parts.length === 0) throw fieldError(`contents[${contentIndex}].parts`, 'contents.parts must not be empty.');
    parts.forEach((part, partIndex) => checkPartData(part, `contents[${contentIndex}].parts[${partIndex}]`));
  });

  const system = request['systemInstruction'] as ParsedContent | undefined;
  (system?.parts ?? []).forEach((part, partIndex) => checkPartData(part, `system_instruction.parts[${partIndex}]`));

  const functionNames: string[] = [];
  const tools = (request['tools'] ?? []) as Array<{ functionDeclarations?: Array<Record<string, unknown>> }>;
  tools.forEach((tool, toolIndex) => {
    (tool.functionDeclarations ?? []).forEach((declaration, index) => {
      const name = declaration['name'];
      const at = `tools[${toolIndex}].function_declarations[${index}]`;
      if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
        throw fieldError(
          `${at}.name`,
          'Invalid function name. Must start with a letter or an underscore. Must be a-z, A-Z, 0-9, or contain underscores, dots, colons and dashes, with a maximum length of 64.',
        );
      }
      if (declaration['parameters'] !== undefined && declaration['parametersJsonSchema'] !== undefined) {
        throw fieldError(`${at}.parameters`, 'parameters and parameters_json_schema cannot both be set');
      }
      functionNames.push(name);
    });
  });

  const callingConfig = ((request['toolConfig'] as Record<string, unknown> | undefined)?.['functionCallingConfig'] ?? {}) as {
    mode?: string;
    allowedFunctionNames?: string[];
  };
  const mode = callingConfig.mode ?? 'AUTO';
  if (!['AUTO', 'ANY', 'NONE', 'VALIDATED', 'MODE_UNSPECIFIED'].includes(mode)) {
    throw payloadError(`Invalid value at 'tool_config.function_calling_config.mode' (type.googleapis.com/google.ai.generativelanguage.v1beta.FunctionCallingConfig.Mode), "${mode}"`);
  }
  const allowedFunctionNames = callingConfig.allowedFunctionNames ?? [];
  if (allowedFunctionNames.length > 0 && mode !== 'ANY') {
    throw fieldError('tool_config.function_calling_config.allowed_function_names', 'allowed_function_names can only be set when mode is ANY.');
  }
  for (const name of allowedFunctionNames) {
    if (!functionNames.includes(name)) throw fieldError('tool_config.function_calling_config.allowed_function_names', `function "${name}" is not declared.`);
  }

  checkFunctionTurns(contents);
  if (model.thinking.kind === 'level') checkThoughtSignatures(contents);

  const generationConfig = (request['generationConfig'] ?? {}) as Record<string, unknown>;
  const responseMimeType = generationConfig['responseMimeType'] as string | undefined;
  const mimeTypes = ['text/plain', 'application/json', 'application/xml', 'application/yaml', 'text/x.enum'];
  if (responseMimeType !== undefined && !mimeTypes.includes(responseMimeType)) {
    throw fieldError(
      'generation_config.response_mime_type',
      'allowed mimetypes are `text/plain`, `application/json`, `application/xml`, `application/yaml` and `text/x.enum`.',
    );
  }
  if ((generationConfig['responseSchema'] !== undefined || generationConfig['responseJsonSchema'] !== undefined) && responseMimeType === undefined) {
    throw fieldError('generation_config.response_mime_type', 'response_mime_type must be set when response_schema is set.');
  }
  const thinking = checkThinking((generationConfig['thinkingConfig'] ?? undefined) as Record<string, unknown> | undefined, model);

  const candidateCount = generationConfig['candidateCount'];
  if (typeof candidateCount === 'number' && candidateCount !== 1) throw invalidArgument('This mock answers one candidate only.');
  return {
    model,
    contents,
    systemText: (system?.parts ?? []).map((part) => part.text ?? '').join(''),
    functionNames,
    mode,
    allowedFunctionNames,
    includeThoughts: thinking.includeThoughts,
    thinkingOff: thinking.off,
    maxOutputTokens: generationConfig['maxOutputTokens'] as number | undefined,
    responseMimeType,
  };
}

function checkPartData(part: ParsedPart, at: string): void {
  const set = DATA_FIELDS.filter((field) => part[field] !== undefined);
  if (set.length === 0) throw fieldError(`${at}.data`, "required oneof field 'data' must have one initialized field");
  if (set.length > 1) throw payloadError(`Oneof field 'data' is already set. Cannot set '${set[1]}'`);
  const inline = part.inlineData;
  if (inline && !/^[A-Za-z0-9+/_-]*={0,2}$/.test(inline.data ?? '')) {
    throw payloadError(`Invalid value at '${at}.inline_data.data' (TYPE_BYTES), Base64 decoding failed for "${String(inline.data).slice(0, 20)}"`);
  }
  if (part.functionResponse && part.functionResponse.response === undefined) {
    throw fieldError(`${at}.function_response.response`, 'response is required');
  }
}

/**
 * Function responses answer the function call turn just before them, by name and in number; and a
 * function call turn follows a user turn (Google's messages for both).
 */
function checkFunctionTurns(contents: readonly ParsedContent[]): void {
  contents.forEach((content, index) => {
    const parts = content.parts ?? [];
    const responses = parts.filter((part) => part.functionResponse);
    const calls = parts.filter((part) => part.functionCall);
    const previous = index > 0 ? contents[index - 1] : undefined;
    if (calls.length > 0 && (content.role !== 'model' || (previous !== undefined && previous.role === 'model'))) {
      throw invalidArgument(
        'Please ensure that function call turn comes immediately after a user turn or after a function response turn.',
      );
    }
    if (responses.length === 0) return;
    const previousCalls = (previous?.role === 'model' ? (previous.parts ?? []) : []).filter((part) => part.functionCall);
    if (content.role === 'model' || previousCalls.length === 0) {
      throw invalidArgument('Please ensure that function response turn comes immediately after a function call turn.');
    }
    if (responses.length !== previousCalls.length) {
      throw invalidArgument(
        'Please ensure that the number of function response parts is equal to the number of function call parts of the function call turn.',
      );
    }
    const callNames = previousCalls.map((part) => part.functionCall!.name);
    for (const response of responses) {
      const name = response.functionResponse!.name;
      if (!callNames.includes(name)) {
        throw invalidArgument(`Function response name "${String(name)}" matches no function call of the function call turn before it.`);
      }
    }
  });
}

/**
 * Gemini 3 (thought-signatures docs): the current turn starts at the last user content with ordinary
 * content (not only function responses); in it, the first functionCall part of every model content
 * must carry its thoughtSignature. Earlier turns are not checked.
 */
function checkThoughtSignatures(contents: readonly ParsedContent[]): void {
  let turnStart = 0;
  contents.forEach((content, index) => {
    const ordinary = (content.parts ?? []).some((part) => !part.functionResponse);
    if (content.role !== 'model' && ordinary) turnStart = index;
  });
  for (let index = turnStart; index < contents.length; index += 1) {
    const content = contents[index]!;
    if (content.role !== 'model') continue;
    const firstCall = (content.parts ?? []).find((part) => part.functionCall);
    if (firstCall && !firstCall.thoughtSignature) {
      throw invalidArgument(
        `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${firstCall.functionCall!.name ?? ''}\` , position ${index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
      );
    }
  }
}

function checkThinking(config: Record<string, unknown> | undefined, model: MockGeminiModel): { includeThoughts: boolean; off: boolean } {
  if (!config) return { includeThoughts: false, off: false };
  const budget = config['thinkingBudget'] as number | undefined;
  const level = config['thinkingLevel'] as string | undefined;
  const includeThoughts = config['includeThoughts'] === true;
  const thinking = model.thinking;
  if (thinking.kind === 'none' && (includeThoughts || budget !== undefined || level !== undefined)) {
    throw invalidArgument(`Thinking is not enabled for models/${model.id}`);
  }
  if (budget !== undefined && level !== undefined) throw invalidArgument('You can only set only one of thinking budget and thinking level.');
  if (level !== undefined) {
    if (thinking.kind !== 'level') throw invalidArgument('Thinking level is not supported for this model.');
    if (!['low', 'high', 'minimal', 'medium'].includes(level.toLowerCase())) {
      throw payloadError(`Invalid value at 'generation_config.thinking_config.thinking_level' (type.googleapis.com/google.ai.generativelanguage.v1beta.ThinkingConfig.ThinkingLevel), "${level}"`);
    }
  }
  if (budget !== undefined && thinking.kind === 'budget' && budget !== -1) {
    if (budget === 0 && !thinking.canDisable) throw invalidArgument('Budget 0 is invalid. This model only works in thinking mode.');
    if (budget !== 0 && (budget < thinking.min || budget > thinking.max)) {
      throw invalidArgument(`The thinking budget ${budget} is invalid. Please choose a value between ${thinking.min} and ${thinking.max}.`);
    }
  }
  return { includeThoughts, off: budget === 0 };
}

// ---------------------------------------------------------------------------------------------------
// Answers

type Reply =
  | { kind: 'text'; text: string; finishReason: 'STOP' | 'MAX_TOKENS' }
  | { kind: 'call'; name: string; args: Record<string, unknown> }
  | { kind: 'malformed' };

async function generate(exchange: Exchange, modelId: string, stream: boolean, url: URL): Promise<void> {
  const { state, response, recorded, behaviour } = exchange;
  const model = state.models.find((entry) => entry.id === modelId.replace(/^models\//, ''));
  const method = stream ? 'streamGenerateContent' : 'generateContent';
  if (!model || !(model.methods ?? GENERATE_METHODS).includes(method)) {
    sendError(
      response,
      404,
      'NOT_FOUND',
      `models/${modelId} is not found for API version v1beta, or is not supported for ${method}. Call ListModels to see the list of available models and their supported methods.`,
    );
    return;
  }
  if (stream && url.searchParams.get('alt') !== 'sse') {
    // Google would stream one JSON array; Switchyard always asks for SSE, so the mock only speaks that.
    sendError(response, 400, 'INVALID_ARGUMENT', 'This mock streams only as server-sent events: add alt=sse to the query.');
    return;
  }
  let request: GenerateRequest;
  try {
    request = validateGenerate(recorded.json, recorded.body, model);
  } catch (error) {
    if (error instanceof GoogleRequestError) {
      sendError(response, error.status, error.googleStatus, error.message);
      return;
    }
    throw error;
  }

  const reply = planReply(request, behaviour);
  const lastUserText = lastUserTextOf(request.contents);
  const thoughtText = request.includeThoughts ? `**Considering the request**\n\nThe user wrote: ${lastUserText}` : undefined;
  const visible = reply.kind === 'text' ? reply.text : reply.kind === 'call' ? JSON.stringify(reply.args) : '';
  const usage = buildUsage(
    {
      promptTokenCount: Math.max(1, geminiTokensForText(request.systemText + promptText(request.contents))),
      candidatesTokenCount: geminiTokensForText(visible),
      thoughtsTokenCount: thoughtText ? geminiTokensForText(thoughtText) : 0,
      cachedContentTokenCount: 0,
    },
    state.options.usage,
    behaviour.usage,
  );
  const responseId = randomBytes(16).toString('base64url').slice(0, 22);
  const answer = buildParts(request, reply, thoughtText);
  const finishReason = reply.kind === 'text' ? reply.finishReason : reply.kind === 'call' ? 'STOP' : 'MALFORMED_FUNCTION_CALL';

  if (!stream) {
    sendJson(response, 200, {
      candidates: [{ ...(answer.length > 0 ? { content: { parts: answer, role: 'model' } } : {}), finishReason, index: 0 }],
      usageMetadata: usage,
      modelVersion: model.id,
      responseId,
    });
    return;
  }
  const chunks = streamChunksFor(answer, finishReason, usage, { modelVersion: model.id, responseId });
  await sendEventStream(exchange, chunks.map((chunk) => JSON.stringify(chunk)));
}

/**
 * A function call when the request declares functions and its last user text says `call <name>`
 * (optionally followed by a JSON object: the arguments; text after the name that is not valid JSON
 * makes a MALFORMED_FUNCTION_CALL), or when the mode is ANY; otherwise text: the behaviour's `reply`,
 * `Tool <name> returned: <response JSON>` after function responses, or `You said: <text>`.
 */
function planReply(request: GenerateRequest, behaviour: MockGeminiBehaviour): Reply {
  const last = request.contents.at(-1);
  const lastParts = last?.role === 'model' ? [] : (last?.parts ?? []);
  const responses = lastParts.filter((part) => part.functionResponse);
  const text = lastParts.map((part) => (part.thought ? '' : (part.text ?? ''))).join('');
  const callable = request.mode === 'NONE' ? [] : request.allowedFunctionNames.length > 0 ? request.allowedFunctionNames : request.functionNames;

  if (behaviour.reply === undefined && callable.length > 0 && responses.length === 0) {
    const asked = /\bcall\s+([A-Za-z_][A-Za-z0-9_.:-]*)/.exec(text);
    const askedName = asked && callable.includes(asked[1]!) ? asked[1]! : undefined;
    const name = askedName ?? (request.mode === 'ANY' ? callable[0] : undefined);
    if (name !== undefined) {
      const rest = asked && askedName ? text.slice(asked.index + asked[0].length).trim() : '';
      if (rest === '') return { kind: 'call', name, args: {} };
      try {
        const args: unknown = JSON.parse(rest);
        return isRecord(args) ? { kind: 'call', name, args } : { kind: 'malformed' };
      } catch {
        return { kind: 'malformed' };
      }
    }
  }

  let reply = behaviour.reply;
  if (reply === undefined) {
    if (responses.length > 0) {
      reply = responses.map((part) => `Tool ${part.functionResponse!.name ?? ''} returned: ${JSON.stringify(part.functionResponse!.response)}`).join('\n');
    } else {
      reply = `You said: ${lastUserTextOf(request.contents)}`;
    }
    if (request.responseMimeType === 'application/json') reply = JSON.stringify({ text: reply });
  }
  if (request.maxOutputTokens !== undefined && geminiTokensForText(reply) > request.maxOutputTokens) {
    return { kind: 'text', text: reply.slice(0, request.maxOutputTokens * 4), finishReason: 'MAX_TOKENS' };
  }
  return { kind: 'text', text: reply, finishReason: 'STOP' };
}

function lastUserTextOf(contents: readonly ParsedContent[]): string {
  const lastUser = [...contents].reverse().find((content) => content.role !== 'model' && (content.parts ?? []).some((part) => part.text !== undefined));
  return (lastUser?.parts ?? []).map((part) => (part.thought ? '' : (part.text ?? ''))).join('');
}

/** Every text the prompt holds, function calls and responses as their JSON. */
function promptText(contents: readonly ParsedContent[]): string {
  return contents
    .flatMap((content) => content.parts ?? [])
    .map((part) => part.text ?? (part.functionCall ? JSON.stringify(part.functionCall.args ?? {}) : part.functionResponse ? JSON.stringify(part.functionResponse.response) : ''))
    .join('');
}

/**
 * The model's parts. Signatures go where Google puts them: on every functionCall of a thinking model;
 * on a Gemini 3 text answer's last part; on the first part after thought summaries for Gemini 2.5.
 */
function buildParts(request: GenerateRequest, reply: Reply, thoughtText: string | undefined): Array<Record<string, unknown>> {
  const parts: Array<Record<string, unknown>> = [];
  const model = request.model;
  const thinks = model.thinking.kind !== 'none' && !request.thinkingOff;
  if (thoughtText) parts.push({ text: thoughtText, thought: true });
  if (reply.kind === 'malformed') return [];
  if (reply.kind === 'call') {
    parts.push({ functionCall: { name: reply.name, args: reply.args }, ...(thinks ? { thoughtSignature: mockThoughtSignature(model.id, reply.name) } : {}) });
    return parts;
  }
  const signed = model.thinking.kind === 'level' || (thinks && thoughtText !== undefined);
  parts.push({ text: reply.text, ...(signed ? { thoughtSignature: mockThoughtSignature(model.id, 'text') } : {}) });
  return parts;
}

function buildUsage(computed: Required<MockGeminiUsage>, ...overrides: Array<MockGeminiUsage | undefined>): Record<string, unknown> {
  const figures = { ...computed };
  for (const override of overrides) Object.assign(figures, override ?? {});
  const total = figures.promptTokenCount + figures.candidatesTokenCount + figures.thoughtsTokenCount;
  return {
    promptTokenCount: figures.promptTokenCount,
    candidatesTokenCount: figures.candidatesTokenCount,
    totalTokenCount: total,
    ...(figures.cachedContentTokenCount > 0 ? { cachedContentTokenCount: figures.cachedContentTokenCount } : {}),
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: figures.promptTokenCount }],
    ...(figures.thoughtsTokenCount > 0 ? { thoughtsTokenCount: figures.thoughtsTokenCount } : {}),
  };
}

/**
 * The answer as Google streams it: thought summaries first, text in pieces, a function call whole in
 * one chunk followed by an empty text part with the finish reason; a signed text answer ends with an
 * empty signature-only part. Every chunk carries the usage so far (candidatesTokenCount grows).
 */
function streamChunksFor(
  parts: Array<Record<string, unknown>>,
  finishReason: string,
  usage: Record<string, unknown>,
  meta: { modelVersion: string; responseId: string },
): Array<Record<string, unknown>> {
  const contentChunks: Array<Array<Record<string, unknown>>> = [];
  let trailing: Record<string, unknown> = { text: '' };
  for (const part of parts) {
    if (typeof part['text'] === 'string' && part['thought'] !== true) {
      const { thoughtSignature, ...rest } = part;
      for (const piece of splitText(rest['text'] as string)) contentChunks.push([{ ...rest, text: piece }]);
      if (thoughtSignature !== undefined) trailing = { text: '', thoughtSignature };
    } else {
      contentChunks.push([part]);
    }
  }
  const total = usage['candidatesTokenCount'] as number;
  const chunks = contentChunks.map((chunkParts, index) => ({
    candidates: [{ content: { parts: chunkParts, role: 'model' }, index: 0 }],
    usageMetadata: { ...usage, candidatesTokenCount: Math.round((total * (index + 1)) / (contentChunks.length + 1)) },
    ...meta,
  }));
  const last =
    finishReason === 'MALFORMED_FUNCTION_CALL'
      ? { candidates: [{ finishReason, index: 0 }], usageMetadata: usage, ...meta }
      : { candidates: [{ content: { parts: [trailing], role: 'model' }, finishReason, index: 0 }], usageMetadata: usage, ...meta };
  return [...chunks, last];
}

/** Up to three pieces at word boundaries, none empty. */
function splitText(text: string): string[] {
  if (text.length < 12) return [text];
  const third = Math.ceil(text.length / 3);
  const pieces: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + third);
    const space = text.indexOf(' ', end);
    end = space === -1 || space - end > 10 ? end : space;
    pieces.push(text.slice(start, end));
    start = end;
  }
  return pieces;
}

// ---------------------------------------------------------------------------------------------------
// Sending

async function replayRecorded(exchange: Exchange, name: RecordedGeminiStream, stream: boolean): Promise<void> {
  if (!stream && recordedFileExists(`gemini/${name}.json`)) {
    sendJson(exchange.response, 200, readRecordedJson(`gemini/${name}.json`));
    return;
  }
  await sendEventStream(exchange, await readRecordedGeminiChunks(name));
}

/** Google's SSE framing: `data: <json>\r\n\r\n` per chunk, no end marker. */
async function sendEventStream(exchange: Exchange, chunks: readonly string[]): Promise<void> {
  await writeEventStream(exchange, chunks, {
    headers: {
      'content-type': 'text/event-stream',
      'content-disposition': 'attachment',
      vary: 'Origin, X-Origin, Referer',
      server: 'scaffolding on HTTPServer2',
    },
    frame: frameGeminiEvent,
    end: exchange.behaviour.streamEnd === 'reset' ? 'reset' : 'close',
  });
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const vendorHeaders = { 'content-type': 'application/json; charset=UTF-8', vary: 'Origin, X-Origin, Referer', server: 'scaffolding on HTTPServer2' };
  sendJsonText(response, status, JSON.stringify(body, null, 2), vendorHeaders, headers);
}
