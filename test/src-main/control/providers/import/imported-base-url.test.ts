import { describe, expect, it } from 'vitest';
import { normalizeBaseUrl, presetForBaseUrl, presetForKey } from '../../../../../src-main/control/providers/import/imported-base-url.js';

describe('normalizeBaseUrl', () => {
  it('strips the endpoint a client appends, the query (which may hold a key) and trailing slashes', () => {
    expect(normalizeBaseUrl('https://api.deepseek.com/chat/completions')).toBe('https://api.deepseek.com');
    expect(normalizeBaseUrl('https://aihubmix.com/v1/chat/completions/')).toBe('https://aihubmix.com/v1');
    expect(normalizeBaseUrl('https://api.anthropic.com/v1/messages')).toBe('https://api.anthropic.com');
    expect(normalizeBaseUrl('https://relay.example.com/openai/v1/responses')).toBe('https://relay.example.com/openai/v1');
    expect(normalizeBaseUrl('https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-pro:generateContent?key=AIzaFAKE')).toBe(
      'https://generativelanguage.googleapis.com/v1beta',
    );
    expect(normalizeBaseUrl(' https://user:password@relay.example.com/v1// ')).toBe('https://relay.example.com/v1');
  });

  it('refuses what is no http(s) URL', () => {
    expect(normalizeBaseUrl('ftp://files.example.com')).toBeUndefined();
    expect(normalizeBaseUrl('api.deepseek.com')).toBeUndefined();
    expect(normalizeBaseUrl(`https://example.com/${'a'.repeat(3000)}`)).toBeUndefined();
  });
});

describe('presetForBaseUrl', () => {
  it("finds the vendor at its own path, at the host's root or at an API version", () => {
    expect(presetForBaseUrl('https://api.deepseek.com')?.id).toBe('deepseek');
    expect(presetForBaseUrl('https://api.deepseek.com/v1')?.id).toBe('deepseek');
    expect(presetForBaseUrl('https://dashscope.aliyuncs.com/compatible-mode/v1')?.id).toBe('qwen-cn');
    expect(presetForBaseUrl('https://generativelanguage.googleapis.com/v1beta', 'gemini')?.id).toBe('gemini');
  });

  it('does not take another API on the same host, or another API family, for the preset', () => {
    expect(presetForBaseUrl('https://api.deepseek.com/anthropic')).toBeUndefined();
    expect(presetForBaseUrl('https://api.deepseek.com', 'anthropic')).toBeUndefined();
    expect(presetForBaseUrl('https://api.openai.com/v1', 'openai-compatible')?.id).toBe('openai');
  });
});

describe('presetForKey', () => {
  it('names the vendor only by a prefix that is its own, the longest one winning', () => {
    expect(presetForKey('sk-ant-api03-fake')?.id).toBe('anthropic');
    expect(presetForKey('sk-or-v1-fake')?.id).toBe('openrouter');
    expect(presetForKey('AIzaFake')?.id).toBe('gemini');
    expect(presetForKey('sk-fake-generic')).toBeUndefined();
  });
});
