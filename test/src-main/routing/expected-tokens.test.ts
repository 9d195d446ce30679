import { describe, expect, it } from 'vitest';
import { defaultExpectedOutputTokens, expectedTokens } from '../../../src-main/routing/expected-tokens.js';

describe('expectedTokens', () => {
  it('guesses a prompt token per four bytes of body, and takes the request\'s output limit', () => {
    expect(expectedTokens(4000, 256)).toEqual({ input: 1000, output: 256 });
    expect(expectedTokens(5, 1)).toEqual({ input: 2, output: 1 });
  });

  it('assumes a default answer length where the request sets no limit', () => {
    expect(expectedTokens(0, null)).toEqual({ input: 0, output: defaultExpectedOutputTokens });
    expect(expectedTokens(40, undefined).output).toBe(defaultExpectedOutputTokens);
    expect(expectedTokens(40, 0).output).toBe(defaultExpectedOutputTokens);
  });
});
