import type { FinishReason } from '../../conversion/chat-response.js';

export type AnthropicStopReason = 'end_turn' | 'max_tokens' | 'stop_sequence' | 'tool_use' | 'refusal';

/**
 * The internal finish reason → Anthropic's `stop_reason`. Clients act on `tool_use` (the SDK's tool
 * runner and agent loops run the tools only then), and several OpenAI-compatible vendors end a turn
 * that called tools with `stop`; so the answer's own content decides between `end_turn` and
 * `tool_use` unless the upstream hit a limit, a stop sequence or a filter.
 */
export function mapFinishReasonToAnthropic(reason: FinishReason, hasToolCalls: boolean): AnthropicStopReason {
  switch (reason) {
    case 'length':
      return 'max_tokens';
    case 'stop-sequence':
      return 'stop_sequence';
    case 'content-filter':
    case 'refusal':
      return 'refusal';
    case 'stop':
    case 'tool-calls':
    case 'error':
    case 'other':
      return hasToolCalls ? 'tool_use' : 'end_turn';
    default: {
      const _exhaustive: never = reason;
      throw new Error(`unhandled finish reason ${String(_exhaustive)}`);
    }
  }
}
