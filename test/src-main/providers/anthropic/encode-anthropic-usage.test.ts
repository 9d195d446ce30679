import { describe, expect, it } from 'vitest';
import { encodeAnthropicUsage } from '../../../../src-main/providers/anthropic/encode-anthropic-usage.js';

describe('encodeAnthropicUsage', () => {
  it('reports input without the cached and cache-written tokens, as Anthropic does', () => {
    // Internal input counts all prompt tokens; Anthropic's three input fields add up to that total.
    expect(encodeAnthropicUsage({ inputTokens: 9632, outputTokens: 198, cachedInputTokens: 6289, cacheWriteTokens: 3337, reasoningTokens: 0 })).toEqual({
      input_tokens: 6,
      output_tokens: 198,
      cache_creation_input_tokens: 3337,
      cache_read_input_tokens: 6289,
    });
  });

  it('reads missing fields as zero and never reports negative input', () => {
    expect(encodeAnthropicUsage({})).toEqual({ input_tokens: 0, output_tokens: 0, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(encodeAnthropicUsage({ cachedInputTokens: 5 })).toMatchObject({ input_tokens: 0, cache_read_input_tokens: 5 });
  });
});
