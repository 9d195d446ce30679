import { isRecord } from '../../../src-shared/json-record.js';
import type {
  AssistantContentPart,
  ChatMessage,
  ChatRequest,
  ImagePart,
  ImageSource,
  ReasoningRequest,
  ResponseFormat,
  TextPart,
  ToolChoice,
  ToolDefinition,
  ToolResultPart,
} from '../../conversion/chat-request.js';
import { createFieldReaders, fieldKindNouns, isAbsent } from '../../../src-shared/json-field-readers.js';
import { ContractError } from '../../conversion/contract-error.js';

/**
 * A Chat Completions body, arriving at the OpenAI door for a provider of another format, as a
 * ChatRequest. Anything malformed is refused with a 400 naming the field (`messages[2].tool_call_id`).
 *
 * - `system` and `developer` messages become the system prompt, in order, wherever they stood: the
 *   other formats have one system prompt ahead of the conversation.
 * - Consecutive `tool` messages become one user message of tool results (the shape Anthropic and
 *   Gemini want); a user message right after them joins it. A `tool_call_id` must answer a call an
 *   earlier assistant message made.
 * - An assistant's `reasoning_content` (DeepSeek's convention, which this door also answers with) is
 *   kept as reasoning, so a multi-turn conversation keeps its thinking.
 * - OpenAI refuses parameters it does not know; so does this door, naming them. Inside messages,
 *   fields the SDKs echo back from an answer (`annotations`, `refusal: null`, `name`) pass. Parameters
 *   that only steer OpenAI's own service (`store`, `metadata`, `service_tier`, the prompt-cache key and
 *   options) are accepted and have nothing to do here; ones whose effect another format cannot give
 *   (`n` > 1, `logprobs`, `logit_bias`, audio, predictions, web search, moderation) are refused rather
 *   than silently not honoured. An explicit `prompt_cache_breakpoint` on a part becomes a cache mark.
 *   `top_k`, which OpenAI lacks but many OpenAI-compatible servers accept, is taken: Anthropic and
 *   Gemini have it.
 */
export function decodeOpenAIChatRequest(body: Record<string, unknown>): ChatRequest {
  for (const key of Object.keys(body)) {
    if (!acceptedFields.has(key)) throw invalid(`Unknown parameter: "${key}".`);
    if (Object.hasOwn(refusedFields, key) && !isAbsent(body[key])) throw unsupported(refusedFields[key]!);
  }
  const model = body.model;
  if (typeof model !== 'string' || model === '') throw invalid('"model" must be a non-empty string.');

  const n = optionalInteger(body, 'n', 1);
  if (n !== undefined && n > 1) throw unsupported('"n" greater than 1 (several choices)');
  if (body.logprobs === true) throw unsupported('"logprobs"');
  const modalities = body.modalities;
  if (!isAbsent(modalities)) {
    if (!Array.isArray(modalities)) throw invalid('"modalities" must be an array.');
    if (modalities.some((modality) => modality !== 'text')) throw unsupported('"modalities" other than "text" (audio output)');
  }

  const { system, messages } = decodeMessages(body.messages);
  const tools = decodeTools(body.tools);
  const request: ChatRequest = { model, system, messages, tools, stream: optionalBoolean(body, 'stream') ?? false };

  const toolChoice = decodeToolChoice(body.tool_choice, tools);
  if (toolChoice) request.toolChoice = toolChoice;
  const parallelToolCalls = optionalBoolean(body, 'parallel_tool_calls');
  if (parallelToolCalls !== undefined) request.parallelToolCalls = parallelToolCalls;
  // `max_tokens` is the deprecated name; a client sending both means the newer one.
  const maxOutputTokens = optionalInteger(body, 'max_completion_tokens', 1) ?? optionalInteger(body, 'max_tokens', 1);
  if (maxOutputTokens !== undefined) request.maxOutputTokens = maxOutputTokens;
  assign(request, 'temperature', optionalNumber(body, 'temperature'));
  assign(request, 'topP', optionalNumber(body, 'top_p'));
  assign(request, 'topK', optionalInteger(body, 'top_k', 1));
  assign(request, 'seed', optionalInteger(body, 'seed'));
  assign(request, 'presencePenalty', optionalNumber(body, 'presence_penalty'));
  assign(request, 'frequencyPenalty', optionalNumber(body, 'frequency_penalty'));
  const stop = decodeStop(body.stop);
  if (stop) request.stopSequences = stop;
  const responseFormat = decodeResponseFormat(body.response_format);
  if (responseFormat) request.responseFormat = responseFormat;
  const reasoning = decodeReasoningEffort(body.reasoning_effort);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const user = optionalString(body, 'user') ?? optionalString(body, 'safety_identifier');
  if (user !== undefined) request.user = user;
  if (!isAbsent(body.stream_options) && !isRecord(body.stream_options)) throw invalid('"stream_options" must be an object.');
  return request;
}

/** Every top-level field this door reads or knowingly ignores; anything else is refused. */
const acceptedFields = new Set([
  'model',
  'messages',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'top_k',
  'stop',
  'seed',
  'presence_penalty',
  'frequency_penalty',
  'response_format',
  'reasoning_effort',
  'user',
  'safety_identifier',
  'stream',
  'stream_options',
  'n',
  'logprobs',
  'modalities',
  // OpenAI's own service: stored completions, tiers and its cache routing key mean nothing elsewhere.
  'store',
  'metadata',
  'service_tier',
  'prompt_cache_key',
  'prompt_cache_retention',
  'prompt_cache_options',
  ...['top_logprobs', 'logit_bias', 'audio', 'prediction', 'web_search_options', 'functions', 'function_call', 'verbosity', 'moderation'],
]);

/** Known parameters no other format can honour: refused when given a value. */
const refusedFields: Record<string, string> = {
  top_logprobs: '"top_logprobs"',
  logit_bias: '"logit_bias"',
  audio: '"audio" output',
  prediction: '"prediction" (predicted outputs)',
  web_search_options: '"web_search_options"',
  functions: 'the legacy "functions" parameter (use "tools")',
  function_call: 'the legacy "function_call" parameter (use "tool_choice")',
  verbosity: '"verbosity"',
  moderation: '"moderation" (moderated completions)',
};

function decodeMessages(value: unknown): { system: TextPart[]; messages: ChatMessage[] } {
  if (!Array.isArray(value)) throw invalid('"messages" must be an array.');
  if (value.length === 0) throw invalid('"messages" must contain at least one message.');
  const system: TextPart[] = [];
  const messages: ChatMessage[] = [];
  const calledTools = new Map<string, string>();
  // The user message collecting the tool results of the current run of `tool` messages.
  let toolResults: Extract<ChatMessage, { role: 'user' }> | null = null;

  value.forEach((entry, index) => {
    const path = `messages[${index}]`;
    if (!isRecord(entry)) throw invalid(`${path} must be an object.`);
    const role = entry.role;
    switch (role) {
      case 'system':
      case 'developer':
        system.push(...decodeTextContent(entry.content, `${path}.content`).filter((part) => part.text !== ''));
        return;
      case 'user': {
        const content = decodeUserContent(entry.content, `${path}.content`);
        if (toolResults) toolResults.content.push(...content);
        else messages.push({ role: 'user', content });
        toolResults = null;
        return;
      }
      case 'assistant': {
        messages.push({ role: 'assistant', content: decodeAssistant(entry, path, calledTools) });
        toolResults = null;
        return;
      }
      case 'tool': {
        const result = decodeToolMessage(entry, path, calledTools);
        if (!toolResults) {
          toolResults = { role: 'user', content: [] };
          messages.push(toolResults);
        }
        toolResults.content.push(result);
        return;
      }
      case 'function':
        throw unsupported(`${path}: the legacy "function" role (use "tool" messages)`);
      default:
        throw invalid(`${path}.role must be one of "system", "developer", "user", "assistant" or "tool".`);
    }
  });
  return { system, messages };
}

function decodeTextContent(value: unknown, path: string): TextPart[] {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw invalid(`${path} must be a string or an array of text parts.`);
  return value.map((part, index) => {
    if (!isRecord(part) || part.type !== 'text') throw invalid(`${path}[${index}] must be a text part.`);
    return withCacheBreakpoint<TextPart>({ type: 'text', text: requireString(part.text, `${path}[${index}].text`) }, part);
  });
}

function decodeUserContent(value: unknown, path: string): Array<TextPart | ImagePart> {
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw invalid(`${path} must be a string or an array of content parts.`);
  return value.map((part, index) => decodeContentPart(part, `${path}[${index}]`));
}

function decodeContentPart(part: unknown, path: string): TextPart | ImagePart {
  if (!isRecord(part)) throw invalid(`${path} must be an object.`);
  switch (part.type) {
    case 'text':
      return withCacheBreakpoint<TextPart>({ type: 'text', text: requireString(part.text, `${path}.text`) }, part);
    case 'image_url':
      return withCacheBreakpoint(decodeImage(part.image_url, `${path}.image_url`), part);
    case 'input_audio':
      throw unsupported(`${path}: audio input`);
    case 'file':
      throw unsupported(`${path}: file input`);
    default:
      throw invalid(`${path}.type must be "text" or "image_url".`);
  }
}

/**
 * OpenAI's explicit prompt-cache breakpoint on a content part marks the end of a reusable prefix, as
 * Anthropic's `cache_control` does: it is kept as one.
 */
function withCacheBreakpoint<T extends TextPart | ImagePart>(decoded: T, part: Record<string, unknown>): T {
  return !isAbsent(part.prompt_cache_breakpoint) ? { ...decoded, cacheControl: { type: 'ephemeral' } } : decoded;
}

function decodeImage(value: unknown, path: string): ImagePart {
  if (!isRecord(value)) throw invalid(`${path} must be an object with a "url".`);
  const url = requireString(value.url, `${path}.url`);
  const image: ImagePart = { type: 'image', source: decodeImageUrl(url, `${path}.url`) };
  if (!isAbsent(value.detail)) {
    if (value.detail !== 'auto' && value.detail !== 'low' && value.detail !== 'high') throw invalid(`${path}.detail must be "auto", "low" or "high".`);
    image.detail = value.detail;
  }
  return image;
}

function decodeImageUrl(url: string, path: string): ImageSource {
  if (url.startsWith('data:')) {
    const match = /^data:([^;,]+)((?:;[^;,]*)*);base64,(.*)$/s.exec(url);
    if (!match) throw invalid(`${path} must be a base64 data URL (data:<media type>;base64,<data>).`);
    return { kind: 'base64', mediaType: match[1]!, data: match[3]! };
  }
  if (/^https?:\/\//i.test(url)) return { kind: 'url', url };
  throw invalid(`${path} must be an http(s) URL or a base64 data URL.`);
}

function decodeAssistant(entry: Record<string, unknown>, path: string, calledTools: Map<string, string>): AssistantContentPart[] {
  if (!isAbsent(entry.function_call)) throw unsupported(`${path}.function_call (legacy; use "tool_calls")`);
  if (!isAbsent(entry.audio)) throw unsupported(`${path}.audio`);
  const content: AssistantContentPart[] = [];
  if (!isAbsent(entry.reasoning_content)) {
    const reasoning = requireString(entry.reasoning_content, `${path}.reasoning_content`);
    if (reasoning !== '') content.push({ type: 'reasoning', text: reasoning });
  }
  // Empty text is left out: SDKs send `content: ""` beside tool calls, and Anthropic refuses empty blocks.
  content.push(...decodeAssistantText(entry.content, `${path}.content`).filter((part) => part.text !== ''));
  if (!isAbsent(entry.refusal)) {
    const refusal = requireString(entry.refusal, `${path}.refusal`);
    if (refusal !== '') content.push({ type: 'text', text: refusal });
  }
  if (!isAbsent(entry.tool_calls)) {
    if (!Array.isArray(entry.tool_calls)) throw invalid(`${path}.tool_calls must be an array.`);
    entry.tool_calls.forEach((call, index) => {
      const callPath = `${path}.tool_calls[${index}]`;
      if (!isRecord(call)) throw invalid(`${callPath} must be an object.`);
      if (!isAbsent(call.type) && call.type !== 'function') throw unsupported(`${callPath}.type "${String(call.type)}" (only "function" tool calls)`);
      const id = requireString(call.id, `${callPath}.id`);
      if (id === '') throw invalid(`${callPath}.id must not be empty.`);
      if (!isRecord(call.function)) throw invalid(`${callPath}.function must be an object.`);
      const name = requireString(call.function.name, `${callPath}.function.name`);
      const args = requireString(call.function.arguments, `${callPath}.function.arguments`);
      calledTools.set(id, name);
      content.push({ type: 'tool-call', id, name, arguments: args });
    });
  }
  return content;
}

function decodeAssistantText(value: unknown, path: string): TextPart[] {
  if (isAbsent(value)) return [];
  if (typeof value === 'string') return [{ type: 'text', text: value }];
  if (!Array.isArray(value)) throw invalid(`${path} must be a string, an array of text parts, or null.`);
  return value.map((part, index) => {
    if (isRecord(part) && part.type === 'text') return { type: 'text', text: requireString(part.text, `${path}[${index}].text`) };
    if (isRecord(part) && part.type === 'refusal') return { type: 'text', text: requireString(part.refusal, `${path}[${index}].refusal`) };
    throw invalid(`${path}[${index}] must be a text or refusal part.`);
  });
}

function decodeToolMessage(entry: Record<string, unknown>, path: string, calledTools: Map<string, string>): ToolResultPart {
  const toolCallId = requireString(entry.tool_call_id, `${path}.tool_call_id`);
  const toolName = calledTools.get(toolCallId);
  if (toolName === undefined) throw invalid(`${path}.tool_call_id "${toolCallId}" does not answer a tool call of an earlier assistant message.`);
  const content = decodeToolContent(entry.content, `${path}.content`);
  return { type: 'tool-result', toolCallId, toolName, content };
}

/**
 * OpenAI's tool messages hold text; images are accepted too, since Anthropic and Gemini can take them.
 * An empty result is no content at all: Anthropic refuses an empty text block.
 */
function decodeToolContent(value: unknown, path: string): Array<TextPart | ImagePart> {
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  if (Array.isArray(value)) return value.map((part, index) => decodeContentPart(part, `${path}[${index}]`));
  throw invalid(`${path} must be a string or an array of text parts.`);
}

function decodeTools(value: unknown): ToolDefinition[] {
  if (isAbsent(value)) return [];
  if (!Array.isArray(value)) throw invalid('"tools" must be an array.');
  return value.map((tool, index) => {
    const path = `tools[${index}]`;
    if (!isRecord(tool)) throw invalid(`${path} must be an object.`);
    if (tool.type !== 'function') throw unsupported(`${path}.type "${String(tool.type)}" (only "function" tools)`);
    if (!isRecord(tool.function)) throw invalid(`${path}.function must be an object.`);
    const name = requireString(tool.function.name, `${path}.function.name`);
    if (name === '') throw invalid(`${path}.function.name must not be empty.`);
    const definition: ToolDefinition = {
      name,
      // OpenAI lets a function without parameters take none; the others want a schema.
      parameters: { type: 'object', properties: {} },
    };
    if (!isAbsent(tool.function.description)) definition.description = requireString(tool.function.description, `${path}.function.description`);
    if (!isAbsent(tool.function.parameters)) {
      if (!isRecord(tool.function.parameters)) throw invalid(`${path}.function.parameters must be a JSON Schema object.`);
      definition.parameters = tool.function.parameters;
    }
    // `strict` asks OpenAI to guarantee the schema; the other formats follow schemas without that
    // switch, so it is accepted and has nothing to set.
    return definition;
  });
}

function decodeToolChoice(value: unknown, tools: ToolDefinition[]): ToolChoice | undefined {
  if (isAbsent(value)) return undefined;
  if (value === 'auto' || value === 'none' || value === 'required') return { type: value };
  if (isRecord(value) && value.type === 'function' && isRecord(value.function)) {
    const name = requireString(value.function.name, 'tool_choice.function.name');
    if (!tools.some((tool) => tool.name === name)) throw invalid(`tool_choice.function.name "${name}" is not one of the request's tools.`);
    return { type: 'tool', name };
  }
  throw invalid('"tool_choice" must be "auto", "none", "required" or {"type":"function","function":{"name":…}}.');
}

function decodeStop(value: unknown): string[] | undefined {
  if (isAbsent(value)) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.length > 0 ? (value as string[]) : undefined;
  throw invalid('"stop" must be a string or an array of strings.');
}

function decodeResponseFormat(value: unknown): ResponseFormat | undefined {
  if (isAbsent(value)) return undefined;
  if (!isRecord(value)) throw invalid('"response_format" must be an object.');
  switch (value.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json-object' };
    case 'json_schema': {
      const schema = value.json_schema;
      if (!isRecord(schema)) throw invalid('response_format.json_schema must be an object.');
      const format: ResponseFormat = {
        type: 'json-schema',
        name: requireString(schema.name, 'response_format.json_schema.name'),
        schema: isRecord(schema.schema) ? schema.schema : {},
      };
      if (!isAbsent(schema.strict)) format.strict = requireBoolean(schema.strict, 'response_format.json_schema.strict');
      return format;
    }
    default:
      throw invalid('response_format.type must be "text", "json_object" or "json_schema".');
  }
}

/**
 * `none` turns reasoning off. `xhigh` and `max` (the newest OpenAI models' levels above `high`) ask
 * for the most the target offers, which is its `high`.
 */
function decodeReasoningEffort(value: unknown): ReasoningRequest | null | undefined {
  switch (value) {
    // Absent: OpenAI treats `null` as not given.
    case undefined:
    case null:
      return undefined;
    case 'none':
      return null;
    case 'minimal':
    case 'low':
    case 'medium':
    case 'high':
      return { effort: value };
    case 'xhigh':
    case 'max':
      return { effort: 'high' };
    default:
      throw invalid('"reasoning_effort" must be one of "none", "minimal", "low", "medium", "high", "xhigh" or "max".');
  }
}

function assign<K extends keyof ChatRequest>(request: ChatRequest, key: K, value: ChatRequest[K] | undefined): void {
  if (value !== undefined) request[key] = value;
}

/** OpenAI's words for a field that is wrong; the path is quoted (`"stop"`) or dotted (`messages[0].content`). */
const readers = createFieldReaders({
  required: (path) => invalid(`${path} is required.`),
  wrongKind: (path, kind) => invalid(`${path} must be ${kind === 'boolean' ? 'true or false' : fieldKindNouns[kind]}.`),
  belowMinimum: (path, minimum) => invalid(`${path} must be at least ${minimum}.`),
  aboveMaximum: (path, maximum) => invalid(`${path} must be at most ${maximum}.`),
});

function requireString(value: unknown, path: string): string {
  return readers.expect(value, path, 'string');
}

function requireBoolean(value: unknown, path: string): boolean {
  return readers.expect(value, path, 'boolean');
}

// OpenAI treats `null` as "not given" for every optional parameter, and SDKs send it.
function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  return readers.optional(body[key], `"${key}"`, 'string');
}

function optionalBoolean(body: Record<string, unknown>, key: string): boolean | undefined {
  return readers.optional(body[key], `"${key}"`, 'boolean');
}

function optionalNumber(body: Record<string, unknown>, key: string): number | undefined {
  return readers.optional(body[key], `"${key}"`, 'number');
}

function optionalInteger(body: Record<string, unknown>, key: string, minimum?: number): number | undefined {
  const value = readers.optional(body[key], `"${key}"`, 'integer');
  return value === undefined || minimum === undefined ? value : readers.within(value, `"${key}"`, { minimum });
}

function invalid(message: string): ContractError {
  return new ContractError('invalid_request', message);
}

function unsupported(feature: string): ContractError {
  return new ContractError(
    'unsupported_feature',
    `${feature} cannot be converted for this model's provider, which speaks another format. Remove it, or route this model to an OpenAI provider.`,
  );
}
