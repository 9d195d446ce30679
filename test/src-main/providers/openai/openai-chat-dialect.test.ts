import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../../src-shared/config-schema.js';
import { isOpenAIReasoningModel, openaiChatDialect } from '../../../../src-main/providers/openai/openai-chat-dialect.js';

const providerAt = (type: 'openai' | 'openai-compatible', baseUrl: string) =>
  configSchema.parse({ providers: [{ id: 'p', type, baseUrl, keys: [{ id: 'k', secret: 'sk-x' }] }] }).providers[0]!;

describe('openaiChatDialect', () => {
  it('speaks OpenAI proper to type openai: max_completion_tokens, content parts, no reasoning_content', () => {
    expect(openaiChatDialect('openai', providerAt('openai', 'https://api.openai.com/v1'), 'gpt-4o')).toEqual({
      targetName: 'OpenAI',
      maxTokensField: 'max_completion_tokens',
      flattenTextContent: false,
      sendReasoningContent: false,
      sendReasoningEffort: false,
    });
    expect(openaiChatDialect('openai', providerAt('openai', 'https://api.openai.com/v1'), 'o4-mini').sendReasoningEffort).toBe(true);
  });

  it('speaks the common denominator to compatible vendors, sending reasoning back to those that take it', () => {
    expect(openaiChatDialect('openai-compatible', providerAt('openai-compatible', 'https://api.deepseek.com/v1'), 'deepseek-reasoner')).toEqual({
      targetName: 'OpenAI-compatible',
      maxTokensField: 'max_tokens',
      flattenTextContent: true,
      sendReasoningContent: true,
      sendReasoningEffort: false,
    });
  });

  it('keeps reasoning_content away from vendors that refuse unknown message fields', () => {
    for (const baseUrl of ['https://api.groq.com/openai/v1', 'https://api.cerebras.ai/v1']) {
      expect(openaiChatDialect('openai-compatible', providerAt('openai-compatible', baseUrl), 'qwen-3-32b').sendReasoningContent).toBe(false);
    }
  });
});

describe('isOpenAIReasoningModel', () => {
  it('knows the o-series, gpt-5 and later, and codex-mini as reasoning models', () => {
    for (const model of ['o1', 'o3-mini', 'o4-mini-2025-04-16', 'gpt-5', 'gpt-5-mini', 'gpt-5.1', 'gpt-5.1-chat-latest', 'codex-mini-latest']) {
      expect(isOpenAIReasoningModel(model), model).toBe(true);
    }
  });

  it('knows gpt-4o, gpt-4.1 and gpt-5-chat-latest do not reason', () => {
    for (const model of ['gpt-4o', 'gpt-4.1-nano', 'gpt-5-chat-latest', 'gpt-3.5-turbo', 'omni-moderation-latest', 'my-fine-tune']) {
      expect(isOpenAIReasoningModel(model), model).toBe(false);
    }
  });
});
