import { describe, expect, it } from 'vitest';
import { convertOpenAIUsage } from '../../../../src-main/providers/openai/convert-openai-usage.js';

describe('convertOpenAIUsage', () => {
  it('keeps cached tokens inside the input count and reasoning inside the output count (OpenAI)', () => {
    expect(
      convertOpenAIUsage({
        prompt_tokens: 1200,
        completion_tokens: 500,
        total_tokens: 1700,
        prompt_tokens_details: { cached_tokens: 1024 },
        completion_tokens_details: { reasoning_tokens: 320 },
      }),
    ).toEqual({ inputTokens: 1200, outputTokens: 500, cachedInputTokens: 1024, cacheWriteTokens: 0, reasoningTokens: 320 });
  });

  it('reads DeepSeek\'s prompt_cache_hit_tokens when prompt_tokens_details is absent', () => {
    expect(convertOpenAIUsage({ prompt_tokens: 339, completion_tokens: 83, prompt_cache_hit_tokens: 320 }).cachedInputTokens).toBe(320);
  });

  it('prefers prompt_tokens_details.cached_tokens when both are given', () => {
    expect(
      convertOpenAIUsage({ prompt_tokens: 10, prompt_tokens_details: { cached_tokens: 4 }, prompt_cache_hit_tokens: 9 }).cachedInputTokens,
    ).toBe(4);
  });

  it('adds xAI\'s reasoning to the output, since xAI counts it outside completion_tokens and bills it as output', () => {
    // Recorded from grok-3-mini: 560 = 307 + 26 + 227, and cost_in_usd_ticks matched 253 output tokens.
    expect(
      convertOpenAIUsage({
        prompt_tokens: 307,
        completion_tokens: 26,
        total_tokens: 560,
        prompt_tokens_details: { cached_tokens: 306 },
        completion_tokens_details: { reasoning_tokens: 227 },
      }),
    ).toEqual({ inputTokens: 307, outputTokens: 253, cachedInputTokens: 306, cacheWriteTokens: 0, reasoningTokens: 227 });
  });

  it('does not add reasoning when total_tokens is absent or already covers it', () => {
    expect(convertOpenAIUsage({ prompt_tokens: 10, completion_tokens: 30, completion_tokens_details: { reasoning_tokens: 20 } }).outputTokens).toBe(30);
    expect(
      convertOpenAIUsage({ prompt_tokens: 10, completion_tokens: 30, total_tokens: 40, completion_tokens_details: { reasoning_tokens: 20 } })
        .outputTokens,
    ).toBe(30);
  });

  it('counts missing and null fields as zero', () => {
    expect(convertOpenAIUsage({ prompt_tokens: null, completion_tokens_details: null })).toEqual({
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });
});
