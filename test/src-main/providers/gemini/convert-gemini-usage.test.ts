import { describe, expect, it } from 'vitest';
import { convertGeminiUsage } from '../../../../src-main/providers/gemini/convert-gemini-usage.js';

describe('convertGeminiUsage', () => {
  it('adds thinking to the output, since candidatesTokenCount leaves it out (recorded gemini-3 figures)', () => {
    // google-text.json: 9 + 28 + 244 = 281 = totalTokenCount.
    expect(convertGeminiUsage({ promptTokenCount: 9, candidatesTokenCount: 28, totalTokenCount: 281, thoughtsTokenCount: 244 })).toEqual({
      inputTokens: 9,
      outputTokens: 272,
      cachedInputTokens: 0,
      cacheWriteTokens: 0,
      reasoningTokens: 244,
    });
  });

  it('keeps cached tokens inside the input count, as Gemini reports them', () => {
    expect(convertGeminiUsage({ promptTokenCount: 1000, cachedContentTokenCount: 800, candidatesTokenCount: 5 })).toEqual({
      inputTokens: 1000,
      outputTokens: 5,
      cachedInputTokens: 800,
      cacheWriteTokens: 0,
      reasoningTokens: 0,
    });
  });

  it('counts tool-use prompt tokens as input, and treats missing figures as zero', () => {
    expect(convertGeminiUsage({ promptTokenCount: 10, toolUsePromptTokenCount: 90 })).toMatchObject({ inputTokens: 100, outputTokens: 0 });
    expect(convertGeminiUsage({})).toEqual({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
  });
});
