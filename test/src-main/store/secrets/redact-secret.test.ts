import { describe, expect, it } from 'vitest';
import { secretHint } from '../../../../src-main/store/secrets/redact-secret.js';

describe('secretHint', () => {
  it.each([
    ['an OpenAI project key', 'sk-proj-Abc123def456ghi789jkl0abcd', 'sk-...abcd'],
    ['an Anthropic key', 'sk-ant-api03-QWERTYUIOPasdfghjkl-wxyz', 'sk-...wxyz'],
    ['a Gemini key, prefix cut to three characters', 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY', 'AIz...MBWY'],
    ['a Groq key', 'gsk_8Hs7dF6gJ5kL4mN3bV2cX1zQ9876', 'gsk...9876'],
    ['a key with no known prefix', 'f3b1c9a07d2e4f6a8b0c1d2e3f4a5b6c', '...5b6c'],
    ['a prefix that only looks known', 'SK-UPPERCASE-is-not-the-prefix-7777', '...7777'],
    ['exactly twelve characters', 'sk-123456789', 'sk-...6789'],
    ['a short secret (under twelve)', 'sk-12345678', '...78'],
    ['a short local client key', 'local-key1', '...y1'],
    ['a tiny secret', 'abcd', '...'],
    ['an empty secret', '', '...'],
  ])('%s', (_, secret, hint) => {
    expect(secretHint(secret)).toBe(hint);
  });

  it('never shows more than seven characters of a long secret', () => {
    const secret = `sk-${'x'.repeat(40)}tail`;
    const hint = secretHint(secret);
    expect(hint.replace('...', '').length).toBeLessThanOrEqual(7);
    expect(hint).not.toContain('xxxx');
  });
});
