import type {
  AssistantContentPart,
  ChatRequest,
  ImagePart,
  ResponseFormat,
  TextPart,
  ToolChoice,
  ToolResultPart,
  UserContentPart,
} from '../../conversion/chat-request.js';
import { unsupportedFeature } from '../../conversion/unsupported-feature.js';
import type { OpenAIChatDialect } from './openai-chat-dialect.js';
import { mapReasoningToOpenAIEffort } from './map-reasoning-to-openai-effort.js';

type OpenAIContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: 'auto' | 'low' | 'high' } };

type OpenAIMessage = Record<string, unknown>;

/**
 * A ChatRequest as a Chat Completions body.
 *
 * - Cache marks are not sent: OpenAI caches prompt prefixes by itself, and its explicit
 *   `prompt_cache_breakpoint` is taken only by gpt-5.6 and later models.
 * - Tool results, which the internal request carries inside user messages, become `role: "tool"`
 *   messages placed first, right after the assistant message that made the calls, as OpenAI requires.
 *   A tool message holds text only, so images a tool returned travel in a user message right after
 *   the tool messages, introduced by a line naming the call; the tool message says they follow.
 *   OpenAI has no error flag on a tool result: the result's text is sent as it is.
 * - Reasoning parts are sent back only where the dialect says (DeepSeek's `reasoning_content`);
 *   Anthropic's redacted thinking is opaque to everyone else and never sent.
 * - `top_k` has no OpenAI equivalent and is refused.
 */
export function convertToOpenAIChat(request: ChatRequest, model: string, dialect: OpenAIChatDialect): Record<string, unknown> {
  if (request.topK !== undefined) throw unsupportedFeature('top_k', dialect.targetName);

  const messages: OpenAIMessage[] = [];
  if (request.system.length > 0) messages.push({ role: 'system', content: textContent(request.system, dialect) });
  for (const message of request.messages) {
    if (message.role === 'user') messages.push(...convertUserMessage(message.content, dialect));
    else messages.push(convertAssistantMessage(message.content, dialect));
  }

  const body: Record<string, unknown> = { model, messages };
  if (request.tools.length > 0) {
    body.tools = request.tools.map((tool) => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description !== undefined ? { description: tool.description } : {}),
        parameters: tool.parameters,
      },
    }));
    // OpenAI refuses tool_choice and parallel_tool_calls without tools.
    if (request.toolChoice) body.tool_choice = convertToolChoice(request.toolChoice);
    if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  }
  if (request.maxOutputTokens !== undefined) body[dialect.maxTokensField] = request.maxOutputTokens;
  if (request.temperature !== undefined) body.temperature = request.temperature;
  if (request.topP !== undefined) body.top_p = request.topP;
  if (request.stopSequences && request.stopSequences.length > 0) body.stop = request.stopSequences;
  if (request.seed !== undefined) body.seed = request.seed;
  if (request.presencePenalty !== undefined) body.presence_penalty = request.presencePenalty;
  if (request.frequencyPenalty !== undefined) body.frequency_penalty = request.frequencyPenalty;
  if (request.responseFormat) body.response_format = convertResponseFormat(request.responseFormat);
  if (dialect.sendReasoningEffort) {
    const effort = mapReasoningToOpenAIEffort(request.reasoning);
    if (effort) body.reasoning_effort = effort;
  }
  if (request.user !== undefined) body.user = request.user;
  if (request.stream) {
    body.stream = true;
    // Always asked for: usage is recorded for every request, and only this option makes
    // OpenAI report it in a stream.
    body.stream_options = { include_usage: true };
  }
  return body;
}

function convertUserMessage(content: UserContentPart[], dialect: OpenAIChatDialect): OpenAIMessage[] {
  const toolMessages: OpenAIMessage[] = [];
  const toolImages: Array<TextPart | ImagePart> = [];
  const userParts: Array<TextPart | ImagePart> = [];
  for (const part of content) {
    switch (part.type) {
      case 'tool-result':
        toolMessages.push(convertToolResult(part, dialect));
        toolImages.push(...imagesOfToolResult(part));
        break;
      case 'text':
      case 'image':
        userParts.push(part);
        break;
      default: {
        const _exhaustive: never = part;
        return _exhaustive;
      }
    }
  }
  const parts = [...toolImages, ...userParts];
  return parts.length > 0 || toolMessages.length === 0 ? [...toolMessages, { role: 'user', content: userContent(parts, dialect) }] : toolMessages;
}

function convertToolResult(part: ToolResultPart, dialect: OpenAIChatDialect): OpenAIMessage {
  const texts = part.content.filter((item): item is TextPart => item.type === 'text');
  const imageCount = part.content.length - texts.length;
  if (imageCount > 0) {
    const which = imageCount === 1 ? 'The image this tool returned follows' : `The ${imageCount} images this tool returned follow`;
    texts.push({ type: 'text', text: `(${which} in the next user message.)` });
  }
  return { role: 'tool', tool_call_id: part.toolCallId, content: texts.length === 0 ? '' : textContent(texts, dialect) };
}

function imagesOfToolResult(part: ToolResultPart): Array<TextPart | ImagePart> {
  const images = part.content.filter((item): item is ImagePart => item.type === 'image');
  if (images.length === 0) return [];
  return [{ type: 'text', text: `Images returned by tool call ${part.toolCallId}:` }, ...images];
}

function convertAssistantMessage(content: AssistantContentPart[], dialect: OpenAIChatDialect): OpenAIMessage {
  const texts: TextPart[] = [];
  const reasoning: string[] = [];
  const toolCalls: Array<Record<string, unknown>> = [];
  for (const part of content) {
    switch (part.type) {
      case 'text':
        texts.push(part);
        break;
      case 'reasoning':
        if (part.redactedData === undefined) reasoning.push(part.text);
        break;
      case 'tool-call':
        toolCalls.push({
          id: part.id,
          type: 'function',
          // A call without arguments is `{}` to OpenAI; an empty string is not valid JSON to parse.
          function: { name: part.name, arguments: part.arguments === '' ? '{}' : part.arguments },
        });
        break;
      default: {
        const _exhaustive: never = part;
        return _exhaustive;
      }
    }
  }
  const message: OpenAIMessage = { role: 'assistant', content: texts.length === 0 ? '' : textContent(texts, dialect) };
  if (toolCalls.length > 0) message.tool_calls = toolCalls;
  if (dialect.sendReasoningContent && reasoning.length > 0) message.reasoning_content = reasoning.join('');
  return message;
}

/** System, assistant and tool text: one string for one block (or for a flattening dialect), else parts. */
function textContent(parts: TextPart[], dialect: OpenAIChatDialect): string | OpenAIContentPart[] {
  if (parts.length === 1) return parts[0]!.text;
  if (dialect.flattenTextContent) return parts.map((part) => part.text).join('\n\n');
  return parts.map((part) => ({ type: 'text', text: part.text }));
}

function userContent(parts: Array<TextPart | ImagePart>, dialect: OpenAIChatDialect): string | OpenAIContentPart[] {
  if (parts.every((part): part is TextPart => part.type === 'text')) return parts.length === 0 ? '' : textContent(parts, dialect);
  return parts.map((part) => (part.type === 'text' ? { type: 'text', text: part.text } : convertImage(part)));
}

function convertImage(part: ImagePart): OpenAIContentPart {
  const url = part.source.kind === 'base64' ? `data:${part.source.mediaType};base64,${part.source.data}` : part.source.url;
  return { type: 'image_url', image_url: { url, ...(part.detail ? { detail: part.detail } : {}) } };
}

function convertToolChoice(choice: ToolChoice): unknown {
  switch (choice.type) {
    case 'auto':
    case 'none':
    case 'required':
      return choice.type;
    case 'tool':
      return { type: 'function', function: { name: choice.name } };
    default: {
      const _exhaustive: never = choice;
      return _exhaustive;
    }
  }
}

function convertResponseFormat(format: ResponseFormat): unknown {
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json-object':
      return { type: 'json_object' };
    case 'json-schema':
      return {
        type: 'json_schema',
        json_schema: { name: format.name, schema: format.schema, ...(format.strict !== undefined ? { strict: format.strict } : {}) },
      };
    default: {
      const _exhaustive: never = format;
      return _exhaustive;
    }
  }
}
