import type { TokenUsage } from '../../../src-shared/usage.js';

export interface AnthropicUsage {
  input_tokens: number;
  output_tokens: number;
  cache_creation_input_tokens: number;
  cache_read_input_tokens: number;
}

/**
 * Internal usage → Anthropic's. Anthropic's `input_tokens` counts only the prompt tokens neither read
 * from nor written to the cache (its total input is the sum of the three fields), while ours counts
 * them all; Claude Code adds the three up for its context meter, so they must not overlap.
 */
export function encodeAnthropicUsage(usage: Partial<TokenUsage>): AnthropicUsage {
  const cacheRead = usage.cachedInputTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  return {
    input_tokens: Math.max(0, (usage.inputTokens ?? 0) - cacheRead - cacheWrite),
    output_tokens: usage.outputTokens ?? 0,
    cache_creation_input_tokens: cacheWrite,
    cache_read_input_tokens: cacheRead,
  };
}
