import type { FinishReason } from '../../conversion/chat-response.js';

/**
 * OpenAI's `finish_reason` in the internal vocabulary. Some compatible servers (vLLM and Ollama
 * builds among them) answer `stop` even when the message carries tool calls; a client waiting for
 * `tool_use` would then never run the tools, so a stop with tool calls counts as `tool-calls`.
 */
export function mapOpenAIFinishReason(reason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  switch (reason) {
    case 'stop':
    case 'eos':
    case null:
    case undefined:
      // No reason at all (a vendor that never says) is read as a normal end.
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'length':
      return 'length';
    case 'tool_calls':
    case 'function_call':
      return 'tool-calls';
    case 'content_filter':
      return 'content-filter';
    // OpenRouter ends a stream that failed upstream with `finish_reason: "error"`.
    case 'error':
      return 'error';
    default:
      return 'other';
  }
}
