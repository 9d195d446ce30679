import type { ChatRequest, ReasoningRequest, ResponseFormat, TextPart } from '../../conversion/chat-request.js';
import { unsupportedFeature } from '../../conversion/unsupported-feature.js';
import { decodeAnthropicMessages, decodeTextBlock, otherVendors } from './decode-anthropic-content.js';
import { decodeAnthropicToolChoice, decodeAnthropicTools } from './decode-anthropic-tools.js';
import { isAbsent } from '../../../src-shared/json-field-readers.js';
import {
  fieldPath,
  invalidField,
  optionalBoolean,
  optionalInteger,
  optionalNumber,
  optionalString,
  readArray,
  readObject,
  refuseUnknownKeys,
  requireInteger,
  requireString,
  type JsonObject,
} from './read-request-fields.js';

/** Top-level fields the internal request carries. */
const decodedKeys = [
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
  'output_config',
  'output_format',
];

/**
 * Top-level fields that only steer how Anthropic serves the request, not what the model is asked:
 * capacity tier, region, fast mode, server-side context editing (Claude Code sends
 * `context_management`), automatic cache breakpoints. Another vendor answers the same prompt
 * without them, so they are dropped.
 */
const droppedKeys = ['service_tier', 'inference_geo', 'speed', 'context_management', 'cache_control'];

/** Top-level fields that need Anthropic's servers: refused by name, never silently dropped. */
const anthropicOnlyKeys: Record<string, string> = {
  mcp_servers: 'Remote MCP servers (mcp_servers)',
  container: 'A code-execution container (container)',
};

const knownKeys = new Set([...decodedKeys, ...droppedKeys, ...Object.keys(anthropicOnlyKeys)]);

/**
 * A Messages request body (Claude Code, the Anthropic SDK) → the internal request. Throws a 400
 * naming the field for what Anthropic itself would refuse, and an `unsupported_feature` error for what
 * only Anthropic can do; the decoder runs only when the request is routed to another vendor.
 */
export function decodeAnthropicRequest(body: JsonObject): ChatRequest {
  for (const [key, feature] of Object.entries(anthropicOnlyKeys)) {
    if (!isAbsent(body[key])) throw unsupportedFeature(feature, otherVendors);
  }
  refuseUnknownKeys(body, knownKeys, '');

  const model = requireString(body, 'model', '');
  if (model === '') throw invalidField('model', 'String should have at least 1 character');
  const tools = decodeAnthropicTools(body.tools);
  const request: ChatRequest = {
    model,
    system: decodeSystem(body.system),
    messages: decodeAnthropicMessages(body.messages),
    tools,
    // Required by Anthropic's API, and Claude Code always sends it.
    maxOutputTokens: requireInteger(body, 'max_tokens', '', 1),
    stream: optionalBoolean(body, 'stream', '') ?? false,
  };
  const { toolChoice, parallelToolCalls } = decodeAnthropicToolChoice(body.tool_choice, tools);
  if (toolChoice) request.toolChoice = toolChoice;
  if (parallelToolCalls !== undefined) request.parallelToolCalls = parallelToolCalls;

  // Anthropic's sampling ranges: temperature and top_p in [0, 1].
  const temperature = optionalNumber(body, 'temperature', '', { min: 0, max: 1 });
  if (temperature !== undefined) request.temperature = temperature;
  const topP = optionalNumber(body, 'top_p', '', { min: 0, max: 1 });
  if (topP !== undefined) request.topP = topP;
  const topK = optionalInteger(body, 'top_k', '', 0);
  if (topK !== undefined) request.topK = topK;
  const stopSequences = decodeStopSequences(body.stop_sequences);
  if (stopSequences) request.stopSequences = stopSequences;

  const outputConfig = decodeOutputConfig(body.output_config);
  const responseFormat = outputConfig.format ?? decodeOutputFormat(body.output_format, 'output_format');
  if (responseFormat) request.responseFormat = responseFormat;
  const reasoning = decodeThinking(body.thinking, outputConfig.effort);
  if (reasoning !== undefined) request.reasoning = reasoning;
  const user = decodeMetadata(body.metadata);
  if (user !== undefined) request.user = user;
  return request;
}

function decodeSystem(value: unknown): TextPart[] {
  if (isAbsent(value)) return [];
  if (typeof value === 'string') return value === '' ? [] : [{ type: 'text', text: value }];
  return readArray(value, 'system').map((item, index) => {
    const path = fieldPath('system', index);
    const block = readObject(item, path);
    if (block.type !== 'text') throw invalidField(fieldPath(path, 'type'), "Input should be 'text'");
    return decodeTextBlock(block, path);
  });
}

function decodeStopSequences(value: unknown): string[] | undefined {
  if (isAbsent(value)) return undefined;
  return readArray(value, 'stop_sequences').map((item, index) => {
    if (typeof item !== 'string') throw invalidField(fieldPath('stop_sequences', index), 'Input should be a valid string');
    return item;
  });
}

function decodeMetadata(value: unknown): string | undefined {
  if (isAbsent(value)) return undefined;
  const metadata = readObject(value, 'metadata');
  refuseUnknownKeys(metadata, new Set(['user_id']), 'metadata');
  return optionalString(metadata, 'user_id', 'metadata');
}

type Effort = NonNullable<ReasoningRequest['effort']>;

/** Anthropic's effort levels; `max` has no internal counterpart above `high`. */
const efforts: Record<string, Effort> = { low: 'low', medium: 'medium', high: 'high', max: 'high' };

interface OutputConfig {
  effort?: Effort;
  format?: ResponseFormat;
}

function decodeOutputConfig(value: unknown): OutputConfig {
  if (isAbsent(value)) return {};
  const path = 'output_config';
  const config = readObject(value, path);
  refuseUnknownKeys(config, new Set(['effort', 'format']), path);
  const decoded: OutputConfig = {};
  const effort = optionalString(config, 'effort', path);
  if (effort !== undefined) {
    const mapped = efforts[effort];
    if (!mapped) throw invalidField(fieldPath(path, 'effort'), "Input should be 'low', 'medium', 'high' or 'max'");
    decoded.effort = mapped;
  }
  const format = decodeOutputFormat(config.format, fieldPath(path, 'format'));
  if (format) decoded.format = format;
  return decoded;
}

/** Structured output (`output_config.format`, formerly the beta `output_format`). */
function decodeOutputFormat(value: unknown, path: string): ResponseFormat | undefined {
  if (isAbsent(value)) return undefined;
  const format = readObject(value, path);
  if (format.type !== 'json_schema') throw invalidField(fieldPath(path, 'type'), "Input should be 'json_schema'");
  refuseUnknownKeys(format, new Set(['type', 'schema']), path);
  if (isAbsent(format.schema)) throw invalidField(fieldPath(path, 'schema'), 'Field required');
  // Anthropic's JSON outputs are always schema-enforced; OpenAI needs a name, which Anthropic has not.
  return { type: 'json-schema', name: 'response', schema: readObject(format.schema, fieldPath(path, 'schema')), strict: true };
}

/**
 * `thinking` → reasoning. `enabled` carries a token budget; `adaptive` lets the model decide, steered
 * by `output_config.effort`; `disabled` is an explicit "off" (null), not "the model's default".
 * Effort without thinking steers Anthropic's whole answer, not reasoning, so it is not turned into a
 * reasoning request then.
 */
function decodeThinking(value: unknown, effort: Effort | undefined): ReasoningRequest | null | undefined {
  if (isAbsent(value)) return undefined;
  const path = 'thinking';
  const thinking = readObject(value, path);
  switch (thinking.type) {
    case 'enabled': {
      // `display` (summarized / omitted) only shapes what Anthropic shows of its own thinking.
      refuseUnknownKeys(thinking, new Set(['type', 'budget_tokens', 'display']), path);
      const budgetTokens = requireInteger(thinking, 'budget_tokens', path, 1024);
      return effort ? { budgetTokens, effort } : { budgetTokens };
    }
    case 'adaptive':
      refuseUnknownKeys(thinking, new Set(['type', 'display']), path);
      return effort ? { effort } : {};
    case 'disabled':
      refuseUnknownKeys(thinking, new Set(['type']), path);
      return null;
    default:
      throw invalidField(fieldPath(path, 'type'), isAbsent(thinking.type) ? 'Field required' : "Input should be 'enabled', 'adaptive' or 'disabled'");
  }
}
