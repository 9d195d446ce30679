import type { TokenUsage } from '../../../src-shared/usage.js';
import type { AnthropicUsage } from './anthropic-api.js';

/**
 * Anthropic counts prompt tokens in three disjoint parts: `input_tokens` (after the last cache
 * breakpoint), `cache_read_input_tokens` and `cache_creation_input_tokens`; the prompt is their sum.
 * `output_tokens` already includes thinking, which newer answers break out as
 * `output_tokens_details.thinking_tokens`.
 */
export function convertAnthropicUsage(usage: AnthropicUsage): TokenUsage {
  const cachedInputTokens = usage.cache_read_input_tokens ?? 0;
  const cacheWriteTokens = usage.cache_creation_input_tokens ?? 0;
  // `cache_creation` splits the writes by cache lifetime; the 1-hour ones cost more. A stream may
  // correct the total in message_delta without repeating the split, so the split never exceeds it.
  const cacheWriteLongTokens = Math.min(usage.cache_creation?.ephemeral_1h_input_tokens ?? 0, cacheWriteTokens);
  return {
    inputTokens: (usage.input_tokens ?? 0) + cachedInputTokens + cacheWriteTokens,
    outputTokens: usage.output_tokens ?? 0,
    cachedInputTokens,
    cacheWriteTokens,
    ...(cacheWriteLongTokens > 0 ? { cacheWriteLongTokens } : {}),
    reasoningTokens: usage.output_tokens_details?.thinking_tokens ?? 0,
  };
}

/**
 * A stream reports usage twice: in `message_start` (input figures, a first output count) and in
 * `message_delta` (the final figures). The later one wins field by field: older API versions send only
 * `output_tokens` in `message_delta`, and newer ones correct `input_tokens` there (see the recorded
 * anthropic-message-delta-input-tokens stream: 43 at the start, 61 at the end).
 */
export function mergeAnthropicUsage(earlier: AnthropicUsage | null, later: AnthropicUsage): AnthropicUsage {
  if (!earlier) return later;
  const merged: AnthropicUsage = { ...earlier };
  for (const [key, value] of Object.entries(later)) {
    if (value !== null && value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
