import type { TokenUsage } from '../../../src-shared/usage.js';
import type { OpenAIUsage } from './openai-api.js';

/**
 * OpenAI counts cached prompt tokens inside prompt_tokens and reasoning inside completion_tokens.
 * xAI counts reasoning outside completion_tokens (its total_tokens is prompt + completion + reasoning)
 * and bills it as output, so there the reasoning is added to the output count.
 */
export function convertOpenAIUsage(usage: OpenAIUsage): TokenUsage {
  const inputTokens = usage.prompt_tokens ?? 0;
  const completionTokens = usage.completion_tokens ?? 0;
  const reasoningTokens = usage.completion_tokens_details?.reasoning_tokens ?? 0;
  const reasoningOutsideCompletion =
    reasoningTokens > 0 && usage.total_tokens != null && usage.total_tokens - inputTokens - completionTokens === reasoningTokens;
  return {
    inputTokens,
    outputTokens: reasoningOutsideCompletion ? completionTokens + reasoningTokens : completionTokens,
    cachedInputTokens: usage.prompt_tokens_details?.cached_tokens ?? usage.prompt_cache_hit_tokens ?? 0,
    cacheWriteTokens: 0,
    reasoningTokens,
  };
}
