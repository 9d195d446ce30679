import { isRecord } from '../../../src-shared/json-record.js';
import type { AssistantContentPart } from '../../conversion/chat-request.js';
import type { ChatResponse } from '../../conversion/chat-response.js';
import type { EncodeResponseContext } from '../../conversion/inbound-codec.js';
import { toAnthropicMessageId, toAnthropicToolUseId } from './anthropic-ids.js';
import { encodeAnthropicUsage, type AnthropicUsage } from './encode-anthropic-usage.js';
import { mapFinishReasonToAnthropic, type AnthropicStopReason } from './map-finish-reason-to-anthropic.js';

export type AnthropicContentBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

export interface AnthropicMessage {
  id: string;
  type: 'message';
  role: 'assistant';
  model: string;
  content: AnthropicContentBlock[];
  stop_reason: AnthropicStopReason;
  stop_sequence: string | null;
  usage: AnthropicUsage;
}

/**
 * A tool call's JSON arguments → the object Anthropic's `input` must be. No arguments (vendors send
 * '' for a tool without parameters) is `{}`. Text that is not a JSON object cannot be expressed: the
 * client gets `{}`, its tool reports the missing parameters and the model can try again, which is
 * better than failing the whole answer.
 */
export function toolInputFromArguments(argumentsText: string): Record<string, unknown> {
  if (argumentsText.trim() === '') return {};
  try {
    const parsed: unknown = JSON.parse(argumentsText);
    if (isRecord(parsed)) return parsed;
  } catch {
    // Falls through to the empty input: see above.
  }
  return {};
}

function encodeContentPart(part: AssistantContentPart): AnthropicContentBlock | null {
  switch (part.type) {
    case 'text':
      // Anthropic never answers with an empty text block, and refuses one in the next request.
      return part.text === '' ? null : { type: 'text', text: part.text };
    case 'reasoning':
      if (part.redactedData !== undefined) return { type: 'redacted_thinking', data: part.redactedData };
      if (part.text === '' && !part.signature) return null;
      // Anthropic's thinking blocks always carry a signature; '' stands for "the upstream gave none".
      return { type: 'thinking', thinking: part.text, signature: part.signature ?? '' };
    case 'tool-call':
      return { type: 'tool_use', id: toAnthropicToolUseId(part.id), name: part.name, input: toolInputFromArguments(part.arguments) };
    default: {
      const _exhaustive: never = part;
      throw new Error(`unhandled content part ${JSON.stringify(_exhaustive)}`);
    }
  }
}

/** An internal answer → a Messages API response body, naming the model the client asked for. */
export function encodeAnthropicResponse(response: ChatResponse, context: EncodeResponseContext): AnthropicMessage {
  const content = response.content.map(encodeContentPart).filter((block): block is AnthropicContentBlock => block !== null);
  const stopReason = mapFinishReasonToAnthropic(
    response.finishReason,
    content.some((block) => block.type === 'tool_use'),
  );
  return {
    id: toAnthropicMessageId(response.id),
    type: 'message',
    role: 'assistant',
    model: context.requestedModel,
    content,
    stop_reason: stopReason,
    stop_sequence: stopReason === 'stop_sequence' ? (response.stopSequence ?? null) : null,
    usage: encodeAnthropicUsage(response.usage),
  };
}
