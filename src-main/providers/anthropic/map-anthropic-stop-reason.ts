import type { FinishReason } from '../../conversion/chat-response.js';

/** The `stop_reason` values Anthropic documents. */
export const anthropicStopReasons = [
  'end_turn',
  'max_tokens',
  'stop_sequence',
  'tool_use',
  'pause_turn',
  'refusal',
  'model_context_window_exceeded',
] as const;

export type AnthropicStopReason = (typeof anthropicStopReasons)[number];

function isAnthropicStopReason(value: string): value is AnthropicStopReason {
  return (anthropicStopReasons as readonly string[]).includes(value);
}

/** Unknown or missing reasons (a newer API, a compatible vendor's own word) become `other`. */
export function mapAnthropicStopReason(reason: string | null | undefined): FinishReason {
  if (reason === null || reason === undefined || !isAnthropicStopReason(reason)) return 'other';
  switch (reason) {
    case 'end_turn':
      return 'stop';
    case 'max_tokens':
      return 'length';
    case 'stop_sequence':
      return 'stop-sequence';
    case 'tool_use':
      return 'tool-calls';
    case 'refusal':
      return 'refusal';
    // The prompt plus the answer filled the context window: generation was cut for length.
    case 'model_context_window_exceeded':
      return 'length';
    // A server-tool loop paused mid-turn; the caller may send the answer back to continue. No other
    // format has this, and it is not an ordinary stop.
    case 'pause_turn':
      return 'other';
    default: {
      const _exhaustive: never = reason;
      return _exhaustive;
    }
  }
}
