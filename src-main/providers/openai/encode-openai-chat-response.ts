import type { ToolCallPart } from '../../conversion/chat-request.js';
import type { ChatResponse } from '../../conversion/chat-response.js';
import type { EncodeResponseContext } from '../../conversion/inbound-codec.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';
import { mapFinishReasonToOpenAI } from './map-finish-reason-to-openai.js';

/**
 * A ChatResponse as a `chat.completion`, naming the model the client asked for (as OpenAI echoes it).
 * Text blocks are joined without a separator: the stream sends them as one run of deltas, and
 * Anthropic splits one answer into several blocks around citations. Reasoning goes out as
 * `reasoning_content` (the field DeepSeek, xAI and Qwen use and OpenAI-format clients read); its
 * signature has no place in OpenAI's format. `content` is null when there is no text, as OpenAI sends
 * it beside tool calls.
 */
export function encodeOpenAIChatResponse(response: ChatResponse, context: EncodeResponseContext): Record<string, unknown> {
  const texts: string[] = [];
  const reasoning: string[] = [];
  const toolCalls: ToolCallPart[] = [];
  for (const part of response.content) {
    switch (part.type) {
      case 'text':
        texts.push(part.text);
        break;
      case 'reasoning':
        if (part.redactedData === undefined) reasoning.push(part.text);
        break;
      case 'tool-call':
        toolCalls.push(part);
        break;
      default: {
        const _exhaustive: never = part;
        return _exhaustive;
      }
    }
  }
  const message: Record<string, unknown> = { role: 'assistant', content: texts.length > 0 ? texts.join('') : null, refusal: null };
  if (reasoning.length > 0) message.reasoning_content = reasoning.join('');
  if (toolCalls.length > 0) {
    message.tool_calls = toolCalls.map((call) => ({
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: call.arguments === '' ? '{}' : call.arguments },
    }));
  }
  return {
    id: response.id,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: context.requestedModel,
    choices: [{ index: 0, message, logprobs: null, finish_reason: mapFinishReasonToOpenAI(response.finishReason) }],
    usage: encodeOpenAIUsage(response.usage),
  };
}
