import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage, mergeAnthropicUsage } from '../../../../src-main/providers/anthropic/convert-anthropic-usage.js';

describe('convertAnthropicUsage', () => {
  it('counts cache reads and cache writes inside the input, and says how many of each', () => {
    expect(
      convertAnthropicUsage({ input_tokens: 6, cache_read_input_tokens: 6289, cache_creation_input_tokens: 3337, output_tokens: 198 }),
    ).toEqual({ inputTokens: 9632, outputTokens: 198, cachedInputTokens: 6289, cacheWriteTokens: 3337, reasoningTokens: 0 });
  });

  it('reads the thinking tokens newer answers break out of output_tokens', () => {
    expect(convertAnthropicUsage({ input_tokens: 1, output_tokens: 50, output_tokens_details: { thinking_tokens: 30 } })).toEqual({
      inputTokens: 1,
      outputTokens: 50,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 30,
    });
  });

  it('says how many cache writes went to the 1-hour cache, which is billed higher', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 10,
        cache_creation_input_tokens: 5_000,
        cache_creation: { ephemeral_5m_input_tokens: 3_000, ephemeral_1h_input_tokens: 2_000 },
        output_tokens: 7,
      }),
    ).toEqual({ inputTokens: 5_010, outputTokens: 7, cachedInputTokens: 0, cacheWriteTokens: 5_000, cacheWriteLongTokens: 2_000, reasoningTokens: 0 });
    // A stream's message_delta may correct the total without repeating message_start's split.
    const merged = mergeAnthropicUsage(
      { input_tokens: 2, cache_creation_input_tokens: 3_068, cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 3_068 } },
      { input_tokens: 6, cache_creation_input_tokens: 1_000, output_tokens: 3 },
    );
    expect(convertAnthropicUsage(merged)).toMatchObject({ cacheWriteTokens: 1_000, cacheWriteLongTokens: 1_000 });
    // Only 5-minute writes: no field, as before the split existed.
    expect(
      convertAnthropicUsage({ cache_creation_input_tokens: 4, cache_creation: { ephemeral_5m_input_tokens: 4, ephemeral_1h_input_tokens: 0 } }),
    ).not.toHaveProperty('cacheWriteLongTokens');
  });

  it('takes missing and null fields as zero', () => {
    expect(convertAnthropicUsage({ output_tokens: 2, cache_read_input_tokens: null })).toEqual({
      inputTokens: 0,
      outputTokens: 2,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });
});

describe('mergeAnthropicUsage', () => {
  it('lets the later figures win field by field, keeping earlier ones the later usage leaves out', () => {
    expect(
      mergeAnthropicUsage({ input_tokens: 43, output_tokens: 1, cache_read_input_tokens: 5 }, { input_tokens: 61, output_tokens: 2, cache_read_input_tokens: null }),
    ).toEqual({ input_tokens: 61, output_tokens: 2, cache_read_input_tokens: 5 });
    expect(mergeAnthropicUsage(null, { output_tokens: 2 })).toEqual({ output_tokens: 2 });
  });
});
