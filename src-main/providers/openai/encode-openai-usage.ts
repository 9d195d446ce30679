import type { TokenUsage } from '../../../src-shared/usage.js';

/**
 * Internal usage in OpenAI's shape. The internal counts follow OpenAI's own rules (input includes
 * cached and cache-write tokens, output includes reasoning), so the totals carry over unchanged.
 */
export function encodeOpenAIUsage(usage: TokenUsage): Record<string, unknown> {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
    completion_tokens_details: { reasoning_tokens: usage.reasoningTokens },
  };
}
