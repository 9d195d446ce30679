import type { FinishReason } from '../../conversion/chat-response.js';

export type OpenAIFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter';

/**
 * The internal finish reason in OpenAI's closed set. Clients deserialize `finish_reason` into an enum
 * (the official SDKs type it so, Rust's async-openai refuses unknown values), so nothing outside
 * OpenAI's four values is sent. Anthropic's `refusal` is a safety classifier stopping the answer:
 * OpenAI's `content_filter` says the same.
 */
export function mapFinishReasonToOpenAI(reason: FinishReason): OpenAIFinishReason {
  switch (reason) {
    case 'stop':
    case 'stop-sequence':
      return 'stop';
    case 'length':
      return 'length';
    case 'tool-calls':
      return 'tool_calls';
    case 'content-filter':
    case 'refusal':
      return 'content_filter';
    case 'error':
    case 'other':
      return 'stop';
    default: {
      const _exhaustive: never = reason;
      return _exhaustive;
    }
  }
}
