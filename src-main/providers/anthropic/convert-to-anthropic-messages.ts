import { isRecord } from '../../../src-shared/json-record.js';
import type {
  AssistantContentPart,
  CacheControl,
  ChatRequest,
  ImagePart,
  ReasoningRequest,
  TextPart,
  ToolChoice,
  UserContentPart,
} from '../../conversion/chat-request.js';
import { signatureFor } from '../../conversion/reasoning-signature.js';
import { unsupportedFeature } from '../../conversion/unsupported-feature.js';
import { ContractError } from '../../conversion/contract-error.js';
import type {
  AnthropicAssistantBlock,
  AnthropicCacheControl,
  AnthropicImageBlock,
  AnthropicMessageParam,
  AnthropicMessagesRequest,
  AnthropicTextBlock,
  AnthropicToolChoice,
  AnthropicUserBlock,
} from './anthropic-api.js';
import { toolLoopLacksThinking } from './tool-loop-thinking.js';

const target = 'Anthropic';

/**
 * `max_tokens` is required by Anthropic and optional everywhere else. Without the client's figure or
 * the catalog's output limit for the model, 4096: every Claude model since Claude 3 accepts it (the
 * Claude 3 models' own ceiling), so it never makes a request fail, only an answer stop early.
 */
export const defaultMaxTokens = 4096;

/** Anthropic refuses a thinking budget below this. */
export const minimumThinkingBudget = 1024;

/**
 * OpenAI-style effort as an Anthropic thinking budget. `minimal` is Anthropic's floor; the others are
 * the budgets Claude Code itself asks for with "think" (4,000), "think hard" (10,000) and
 * "ultrathink" (31,999). The budget is then lowered to fit under `max_tokens`.
 */
export const thinkingBudgetForEffort: Readonly<Record<NonNullable<ReasoningRequest['effort']>, number>> = {
  minimal: minimumThinkingBudget,
  low: 4_000,
  medium: 10_000,
  high: 31_999,
};

/** The image types the Messages API takes. */
const imageMediaTypes = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

export interface AnthropicConversionOptions {
  upstreamModel: string;
  /** The model's largest output, from the price catalog. */
  modelOutputLimit?: number;
}

/**
 * The internal request as a Messages API body. What Anthropic cannot express is refused with
 * an `unsupported_feature` error naming it, never dropped:
 * - `seed`, non-zero `presence_penalty` / `frequency_penalty`: Anthropic has no such parameters.
 * - `response_format: json_object`: Anthropic's structured output needs a schema. A `json_schema`
 *   format is sent as `output_config.format` (Anthropic's documented structured-outputs parameter).
 * - reasoning that cannot fit (`max_tokens` ≤ 1024), or combined with what Anthropic forbids alongside
 *   thinking: a temperature other than 1, `top_k`, `top_p` below 0.95, forced tool use.
 * Reasoning is sent as thinking except when the request continues a tool loop whose opening assistant
 * turn has no Anthropic-signed thinking to start with, which Anthropic refuses with thinking on.
 */
export function convertToAnthropicMessages(request: ChatRequest, options: AnthropicConversionOptions): AnthropicMessagesRequest {
  refuseUnexpressible(request);
  const maxTokens = request.maxOutputTokens ?? options.modelOutputLimit ?? defaultMaxTokens;
  const thinkingBudget = thinkingBudgetFor(request.reasoning, maxTokens);
  // OpenAI takes 0–2, Anthropic 0–1. Values above 1 are rare and mean "as random as it gets", which on
  // Anthropic's scale is 1; scaling everything by half would instead change what 0.7 means.
  const temperature = request.temperature === undefined ? undefined : Math.min(request.temperature, 1);
  if (thinkingBudget !== undefined) refuseAlongsideThinking(request, temperature);

  const body: AnthropicMessagesRequest = {
    model: options.upstreamModel,
    max_tokens: maxTokens,
    messages: convertMessages(request),
    stream: request.stream,
  };
  const system = request.system.filter((part) => !isBlank(part.text)).map(textBlock);
  if (system.length > 0) body.system = system;
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      name: tool.name,
      ...(tool.description !== undefined ? { description: tool.description } : {}),
      // Anthropic insists on an object schema; OpenAI lets a tool without parameters omit the type.
      input_schema: tool.parameters.type === undefined ? { type: 'object', ...tool.parameters } : tool.parameters,
      ...cacheControl(tool.cacheControl),
    }));
    const toolChoice = convertToolChoice(request.toolChoice, request.parallelToolCalls);
    if (toolChoice) body.tool_choice = toolChoice;
  } else if (request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool') {
    throw new ContractError('invalid_request', 'tool_choice forces a tool call, but the request defines no tools.');
  }
  // Anthropic refuses thinking in a request that continues a tool loop whose opening assistant turn
  // does not start with a thinking block ("When `thinking` is enabled, a final `assistant` message
  // must start with a thinking block… To avoid this requirement, disable `thinking`"). Reasoning it
  // did not sign is left out above, and an OpenAI client never has a signature to send back, so such
  // a request goes up with thinking off rather than being refused (tool-loop-thinking.ts).
  if (thinkingBudget !== undefined && !toolLoopLacksThinking(body.messages)) body.thinking = { type: 'enabled', budget_tokens: thinkingBudget };
  if (temperature !== undefined) body.temperature = temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.topK !== undefined) body.top_k = request.topK;
  if (request.stopSequences && request.stopSequences.length > 0) body.stop_sequences = request.stopSequences;
  if (request.user !== undefined && request.user !== '') body.metadata = { user_id: request.user };
  if (request.responseFormat?.type === 'json-schema') {
    body.output_config = { format: { type: 'json_schema', schema: request.responseFormat.schema } };
  }
  return body;
}

function refuseUnexpressible(request: ChatRequest): void {
  if (request.seed !== undefined) throw unsupportedFeature('seed', target);
  // Zero is the default and changes nothing; clients send it explicitly, so it is not refused.
  if (request.presencePenalty !== undefined && request.presencePenalty !== 0) throw unsupportedFeature('presence_penalty', target);
  if (request.frequencyPenalty !== undefined && request.frequencyPenalty !== 0) throw unsupportedFeature('frequency_penalty', target);
  if (request.responseFormat?.type === 'json-object') {
    throw unsupportedFeature('response_format json_object (Anthropic needs a JSON schema: use json_schema)', target);
  }
}

/** The thinking budget to ask for, or undefined for no thinking. */
function thinkingBudgetFor(reasoning: ChatRequest['reasoning'], maxTokens: number): number | undefined {
  // Absent, explicitly off, or a budget of 0 (Gemini's "off"): Anthropic thinks only when asked, so
  // nothing is sent.
  if (!reasoning) return undefined;
  let asked = reasoning.budgetTokens ?? (reasoning.effort ? thinkingBudgetForEffort[reasoning.effort] : undefined);
  if (asked === undefined || asked === 0) return undefined;
  // Gemini's -1 is "as much as the model sees fit", which Anthropic's fixed budgets cannot say.
  if (asked < 0) asked = thinkingBudgetForEffort.medium;
  // Anthropic counts thinking inside max_tokens and wants the budget below it; the client's max
  // output is its total, as OpenAI counts reasoning inside max_completion_tokens.
  if (maxTokens <= minimumThinkingBudget) {
    throw unsupportedFeature(
      `Reasoning with a max output of ${maxTokens} tokens (Anthropic needs more than ${minimumThinkingBudget} to think)`,
      target,
    );
  }
  return Math.min(Math.max(asked, minimumThinkingBudget), maxTokens - 1);
}

function refuseAlongsideThinking(request: ChatRequest, temperature: number | undefined): void {
  if (temperature !== undefined && temperature !== 1) {
    throw unsupportedFeature(`temperature ${request.temperature} together with reasoning (Anthropic allows only 1 while thinking)`, target);
  }
  if (request.topK !== undefined) throw unsupportedFeature('top_k together with reasoning', target);
  if (request.topP !== undefined && request.topP < 0.95) {
    throw unsupportedFeature(`top_p ${request.topP} together with reasoning (Anthropic allows 0.95 to 1 while thinking)`, target);
  }
  if (request.toolChoice?.type === 'required' || request.toolChoice?.type === 'tool') {
    throw unsupportedFeature('Forcing a tool call together with reasoning', target);
  }
}

function convertToolChoice(choice: ToolChoice | undefined, parallelToolCalls: boolean | undefined): AnthropicToolChoice | undefined {
  const disableParallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (!choice) return parallelToolCalls === false ? { type: 'auto', disable_parallel_tool_use: true } : undefined;
  switch (choice.type) {
    case 'auto':
      return { type: 'auto', ...disableParallel };
    case 'required':
      return { type: 'any', ...disableParallel };
    case 'tool':
      return { type: 'tool', name: choice.name, ...disableParallel };
    // `none` takes no parallel flag: no tool is called at all.
    case 'none':
      return { type: 'none' };
    default: {
      const _exhaustive: never = choice;
      return _exhaustive;
    }
  }
}

/**
 * Messages, with consecutive same-role messages merged into one turn (an OpenAI conversation's
 * `tool` messages followed by a user message become one user turn) and, in each user turn, the
 * `tool_result` blocks first, where Anthropic wants them. Blank text is left out: Anthropic refuses
 * empty and whitespace-only text blocks, which OpenAI clients send (an assistant turn with only tool
 * calls, `content: ""` or `"\n\n"`). A final assistant turn (a prefill) loses trailing whitespace,
 * which Anthropic also refuses.
 */
function convertMessages(request: ChatRequest): AnthropicMessageParam[] {
  const turns: AnthropicMessageParam[] = [];
  for (const message of request.messages) {
    if (message.role === 'user') {
      const content = message.content.flatMap(userBlock);
      if (content.length === 0) continue;
      const last = turns.at(-1);
      if (last?.role === 'user') last.content.push(...content);
      else turns.push({ role: 'user', content });
    } else {
      const content = message.content.flatMap(assistantBlock);
      if (content.length === 0) continue;
      const last = turns.at(-1);
      if (last?.role === 'assistant') last.content.push(...content);
      else turns.push({ role: 'assistant', content });
    }
  }
  const last = turns.at(-1);
  const lastBlock = last?.role === 'assistant' ? last.content.at(-1) : undefined;
  if (lastBlock?.type === 'text') lastBlock.text = lastBlock.text.trimEnd();
  for (const turn of turns) {
    if (turn.role !== 'user') continue;
    const results = turn.content.filter((block) => block.type === 'tool_result');
    if (results.length > 0) turn.content = [...results, ...turn.content.filter((block) => block.type !== 'tool_result')];
  }
  return turns;
}

function userBlock(part: UserContentPart): AnthropicUserBlock[] {
  switch (part.type) {
    case 'text':
      return isBlank(part.text) ? [] : [textBlock(part)];
    case 'image':
      return [imageBlock(part)];
    case 'tool-result': {
      const content = part.content.flatMap((item): Array<AnthropicTextBlock | AnthropicImageBlock> =>
        item.type === 'text' ? (isBlank(item.text) ? [] : [textBlock(item)]) : [imageBlock(item)],
      );
      return [
        {
          type: 'tool_result',
          tool_use_id: toolUseId(part.toolCallId),
          // A tool that returned nothing: Anthropic takes a result without content, not an empty text.
          ...(content.length > 0 ? { content } : {}),
          ...(part.isError ? { is_error: true } : {}),
          ...cacheControl(part.cacheControl),
        },
      ];
    }
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

function assistantBlock(part: AssistantContentPart): AnthropicAssistantBlock[] {
  switch (part.type) {
    case 'text':
      return isBlank(part.text) ? [] : [textBlock(part)];
    case 'reasoning': {
      if (part.redactedData !== undefined) return [{ type: 'redacted_thinking', data: part.redactedData }];
      // Reasoning without a signature came from another vendor (DeepSeek's reasoning_content, a
      // summary), reasoning with a Gemini signature from Gemini, and Anthropic refuses a thinking
      // block it did not sign. Either is left out, as Anthropic itself leaves earlier turns' thinking
      // out of the model's context.
      const signature = signatureFor('anthropic', part.signature);
      if (signature === undefined) return [];
      return [{ type: 'thinking', thinking: part.text, signature }];
    }
    case 'tool-call':
      return [{ type: 'tool_use', id: toolUseId(part.id), name: part.name, input: toolInput(part.id, part.name, part.arguments), ...cacheControl(part.cacheControl) }];
    default: {
      const _exhaustive: never = part;
      return _exhaustive;
    }
  }
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

function textBlock(part: TextPart): AnthropicTextBlock {
  return { type: 'text', text: part.text, ...cacheControl(part.cacheControl) };
}

function imageBlock(part: ImagePart): AnthropicImageBlock {
  const source = part.source;
  if (source.kind === 'url') return { type: 'image', source: { type: 'url', url: source.url }, ...cacheControl(part.cacheControl) };
  if (!imageMediaTypes.has(source.mediaType)) {
    throw unsupportedFeature(`An image of type ${source.mediaType} (Anthropic takes JPEG, PNG, GIF and WebP)`, target);
  }
  return { type: 'image', source: { type: 'base64', media_type: source.mediaType, data: source.data }, ...cacheControl(part.cacheControl) };
}

function cacheControl(control: CacheControl | undefined): { cache_control?: AnthropicCacheControl } {
  if (!control) return {};
  return { cache_control: { type: 'ephemeral', ...(control.ttl !== undefined ? { ttl: control.ttl } : {}) } };
}

/**
 * Anthropic wants tool-call ids matching `^[a-zA-Z0-9_-]+$`; other vendors' ids may hold other
 * characters (dots, colons). Each is replaced by `_`, the same way on the call and on its result, so
 * the pair still matches.
 */
function toolUseId(id: string): string {
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

/** Anthropic takes a call's input as a JSON object, so the arguments text must be one. */
function toolInput(id: string, name: string, text: string): Record<string, unknown> {
  // OpenAI-format streams leave a call without arguments as "" (the bug users report most); its
  // input is the empty object.
  if (text.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  if (!isRecord(value)) {
    throw new ContractError(
      'invalid_tool_arguments',
      `The arguments of tool call ${id} (${name}) are not a JSON object, which Anthropic needs as the call's input: ${JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text)}`,
    );
  }
  return value as Record<string, unknown>;
}
