import type { TokenUsage } from '../../../src-shared/usage.js';
import type { GeminiUsageMetadata } from './gemini-api.js';

/**
 * Gemini counts cached tokens inside promptTokenCount (as TokenUsage wants), but thinking outside
 * candidatesTokenCount: totalTokenCount = prompt + candidates + thoughts (+ tool-use prompt). Thinking
 * is billed as output, so it is added to the output count here.
 */
export function convertGeminiUsage(usage: GeminiUsageMetadata): TokenUsage {
  const thoughts = usage.thoughtsTokenCount ?? 0;
  return {
    inputTokens: (usage.promptTokenCount ?? 0) + (usage.toolUsePromptTokenCount ?? 0),
    outputTokens: (usage.candidatesTokenCount ?? 0) + thoughts,
    cachedInputTokens: usage.cachedContentTokenCount ?? 0,
    // Gemini's implicit cache has no write charge; explicit caches are created by a separate call.
    cacheWriteTokens: 0,
    reasoningTokens: thoughts,
  };
}
