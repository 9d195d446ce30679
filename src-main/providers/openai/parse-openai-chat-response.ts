import { randomUUID } from 'node:crypto';
import type { AssistantContentPart } from '../../conversion/chat-request.js';
import type { ChatResponse } from '../../conversion/chat-response.js';
import { ContractError } from '../../conversion/contract-error.js';
import { emptyUsage } from '../../../src-shared/usage.js';
import { openaiChatCompletionSchema } from './openai-chat-api.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { upstreamErrorFromPayload } from './parse-openai-error.js';

/**
 * A whole `chat.completion` in the internal shape: reasoning first (it came before the answer), then
 * the text, then the tool calls. A refusal (OpenAI's `message.refusal`) is the answer's text with
 * finish reason `refusal`, so the client still reads why.
 */
export function parseOpenAIChatResponse(body: unknown): ChatResponse {
  if (typeof body === 'object' && body !== null && 'error' in body && !('choices' in body)) {
    // Relays sometimes answer an error with status 200.
    const error = upstreamErrorFromPayload(body);
    throw new ContractError('upstream_error', error.message, { status: error.status });
  }
  const parsed = openaiChatCompletionSchema.safeParse(body);
  const choice = parsed.success ? parsed.data.choices[0] : undefined;
  if (!parsed.success || !choice) {
    throw new ContractError('invalid_upstream_response', 'The upstream answered 200 with something that is not a chat completion.');
  }
  const { message } = choice;
  const content: AssistantContentPart[] = [];
  const reasoning = message.reasoning_content ?? message.reasoning;
  if (reasoning) content.push({ type: 'reasoning', text: reasoning });
  if (message.content) content.push({ type: 'text', text: message.content });
  if (message.refusal) content.push({ type: 'text', text: message.refusal });
  const toolCalls = message.tool_calls ?? [];
  toolCalls.forEach((call, index) => {
    content.push({
      type: 'tool-call',
      // Some local servers leave the id out; the client needs one to answer the call.
      id: call.id || `call_${index}_${randomUUID()}`,
      name: call.function.name ?? '',
      arguments: call.function.arguments ?? '',
    });
  });
  const usage = parsed.data.usage;
  return {
    id: parsed.data.id || `chatcmpl-${randomUUID()}`,
    model: parsed.data.model ?? '',
    content,
    finishReason: message.refusal ? 'refusal' : mapOpenAIFinishReason(choice.finish_reason, toolCalls.length > 0),
    usage: usage ? convertOpenAIUsage(usage) : emptyUsage(),
    rawUsage: usage ?? null,
  };
}
