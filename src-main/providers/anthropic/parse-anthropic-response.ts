import type { AssistantContentPart } from '../../conversion/chat-request.js';
import type { ChatResponse } from '../../conversion/chat-response.js';
import { ContractError } from '../../conversion/contract-error.js';
import { emptyUsage } from '../../../src-shared/usage.js';
import { anthropicMessageSchema, type AnthropicContentBlock } from './anthropic-api.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';

/** A non-stream Messages answer in the internal shape. */
export function parseAnthropicResponse(body: unknown): ChatResponse {
  const parsed = anthropicMessageSchema.safeParse(body);
  if (!parsed.success || !parsed.data.content) {
    throw new ContractError('invalid_upstream_response', 'The upstream answered 200 with a body that is not an Anthropic message.');
  }
  const message = parsed.data;
  return {
    id: message.id ?? '',
    model: message.model ?? '',
    content: message.content!.flatMap(convertBlock),
    finishReason: mapAnthropicStopReason(message.stop_reason),
    ...(message.stop_sequence ? { stopSequence: message.stop_sequence } : {}),
    usage: message.usage ? convertAnthropicUsage(message.usage) : emptyUsage(),
    rawUsage: message.usage ?? null,
  };
}

/**
 * Server-tool blocks (`server_tool_use`, `web_search_tool_result`, code-execution results) are
 * skipped: Anthropic ran those tools itself, the client never sees them as calls to answer, and no
 * other format can carry them. The text the model wrote from their results is kept.
 */
function convertBlock(block: AnthropicContentBlock): AssistantContentPart[] {
  switch (block.type) {
    case 'text':
      return [{ type: 'text', text: block.text ?? '' }];
    case 'thinking':
      return [{ type: 'reasoning', text: block.thinking ?? '', ...(block.signature ? { signature: block.signature } : {}) }];
    case 'redacted_thinking':
      return [{ type: 'reasoning', text: '', redactedData: block.data ?? '' }];
    case 'tool_use':
      return [{ type: 'tool-call', id: block.id ?? '', name: block.name ?? '', arguments: JSON.stringify(block.input ?? {}) }];
    default:
      return [];
  }
}
