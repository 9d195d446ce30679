import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../../src-shared/config-schema.js';
import { createOpenAIFormatAdapter, openaiAdapter } from '../../../../src-main/providers/openai/openai-adapter.js';
import { readRecordedJson } from '../../../support/recorded-fixtures.js';

const provider = configSchema.parse({
  providers: [{ id: 'oa', type: 'openai', baseUrl: 'https://api.openai.com/v1', keys: [{ id: 'k', secret: 'sk-x' }] }],
}).providers[0]!;

describe('openaiAdapter', () => {
  it('sends the stored key as a Bearer token and knows every client credential header', () => {
    expect(openaiAdapter.authHeaders('sk-test')).toEqual({ authorization: 'Bearer sk-test' });
    expect(openaiAdapter.credentialHeaders).toEqual(expect.arrayContaining(['authorization', 'x-api-key', 'x-goog-api-key', 'api-key']));
  });

  it('targets the OpenAI paths under the base URL', () => {
    expect(openaiAdapter.chatTarget(provider, 'gpt-4o', true)).toEqual({ path: '/chat/completions' });
    expect(openaiAdapter.embeddingsTarget(provider, 'text-embedding-3-small')).toEqual({ path: '/embeddings' });
    expect(openaiAdapter.modelsTarget(provider)).toEqual({ path: '/models' });
  });

  it('builds compatible adapters of the same format under their own type', () => {
    const compatible = createOpenAIFormatAdapter('openai-compatible');
    expect(compatible.type).toBe('openai-compatible');
    expect(compatible.nativeFormat).toBe('openai-chat');
  });

  describe('parseModelList', () => {
    it('reads the ids of an OpenAI model list', () => {
      const body = {
        object: 'list',
        data: [
          { id: 'gpt-4o', object: 'model', created: 1, owned_by: 'openai' },
          { id: 'anthropic/claude-sonnet-4.5', object: 'model' },
        ],
      };
      expect(openaiAdapter.parseModelList(body)).toEqual(['gpt-4o', 'anthropic/claude-sonnet-4.5']);
    });

    it('gives no models for something that is not a model list', () => {
      expect(openaiAdapter.parseModelList({ error: { message: 'nope' } })).toEqual([]);
      expect(openaiAdapter.parseModelList({ data: [{ name: 'no id' }] })).toEqual([]);
      expect(openaiAdapter.parseModelList(null)).toEqual([]);
    });
  });

  describe('prepareEmbeddingsRequest', () => {
    it('changes only the model, and nothing when the model is already right', () => {
      expect(openaiAdapter.prepareEmbeddingsRequest({ model: 'e', input: 'x' }, 'e')).toBeNull();
      expect(openaiAdapter.prepareEmbeddingsRequest({ model: 'alias', input: 'x' }, 'e')).toEqual({ model: 'e', input: 'x' });
    });
  });

  describe('usageFromBody', () => {
    it(
      'reads the usage of a recorded non-stream answer (openai-text.json)',
      () => {
        const body = readRecordedJson('openai/openai-text.json') as { usage: unknown };
        expect(openaiAdapter.usageFromBody(body)).toEqual({
          usage: { inputTokens: 16, outputTokens: 363, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
          raw: body.usage,
          model: 'gpt-4.1-nano-2025-04-14',
        });
      },
    );

    it('leaves the model out when the answer does not name one', () => {
      expect(openaiAdapter.usageFromBody({ usage: { prompt_tokens: 3, completion_tokens: 4 } })).toEqual({
        usage: { inputTokens: 3, outputTokens: 4, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
        raw: { prompt_tokens: 3, completion_tokens: 4 },
      });
    });

    it('is null for answers without usage or with a malformed one', () => {
      expect(openaiAdapter.usageFromBody({ model: 'gpt-4o', choices: [] })).toBeNull();
      expect(openaiAdapter.usageFromBody({ usage: null })).toBeNull();
      expect(openaiAdapter.usageFromBody({ usage: { prompt_tokens: 'many' } })).toBeNull();
      expect(openaiAdapter.usageFromBody('not an object')).toBeNull();
    });
  });

  it('creates a stream tap that reads usage', () => {
    const tap = openaiAdapter.createStreamTap({ dropInjectedUsage: false });
    tap.transform(Buffer.from('data: {"choices":[],"usage":{"prompt_tokens":2,"completion_tokens":1}}\n\n'));
    expect(tap.reading()?.usage.inputTokens).toBe(2);
  });

  describe('the converted path', () => {
    const compatibleProvider = configSchema.parse({
      providers: [{ id: 'ds', type: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', keys: [{ id: 'k', secret: 'sk-x' }] }],
    }).providers[0]!;
    const chatRequest = {
      model: 'claude-sonnet-4-5',
      system: [],
      messages: [
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] },
        { role: 'assistant' as const, content: [{ type: 'reasoning' as const, text: 'Say hi.' }, { type: 'text' as const, text: 'Hello' }] },
        { role: 'user' as const, content: [{ type: 'text' as const, text: 'Again' }] },
      ],
      tools: [],
      maxOutputTokens: 100,
      stream: true,
    };

    it('encodes for OpenAI proper to the chat target with the upstream model', () => {
      const encoded = openaiAdapter.encodeChatRequest(chatRequest, { provider, upstreamModel: 'gpt-4o', clientHeaders: {} });
      expect(encoded.target).toEqual({ path: '/chat/completions' });
      expect(encoded.body).toMatchObject({ model: 'gpt-4o', max_completion_tokens: 100, stream: true, stream_options: { include_usage: true } });
      expect(JSON.stringify(encoded.body)).not.toContain('reasoning_content');
    });

    it('encodes for a compatible vendor in its dialect', () => {
      const compatible = createOpenAIFormatAdapter('openai-compatible');
      const encoded = compatible.encodeChatRequest(chatRequest, { provider: compatibleProvider, upstreamModel: 'deepseek-reasoner', clientHeaders: {} });
      expect(encoded.body).toMatchObject({
        model: 'deepseek-reasoner',
        max_tokens: 100,
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: 'Hello', reasoning_content: 'Say hi.' },
          { role: 'user', content: 'Again' },
        ],
      });
    });

    it('parses answers, streams and errors', () => {
      const answer = openaiAdapter.parseChatResponse({ id: 'c', model: 'gpt-4o', choices: [{ message: { content: 'Hi' }, finish_reason: 'stop' }] });
      expect(answer.content).toEqual([{ type: 'text', text: 'Hi' }]);
      const parser = openaiAdapter.createStreamParser();
      expect(parser.push(Buffer.from('data: {"id":"c","model":"gpt-4o","choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\n'))).toEqual([
        { type: 'start', id: 'c', model: 'gpt-4o' },
        { type: 'text-start', index: 0 },
        { type: 'text-delta', index: 0, text: 'Hi' },
      ]);
      expect(openaiAdapter.parseError(429, Buffer.from('{"error":{"message":"Slow down","type":"requests","code":"rate_limit_exceeded"}}'))).toEqual({
        status: 429,
        type: 'rate_limit_error',
        message: 'Slow down',
        code: 'rate_limit_exceeded',
      });
    });
  });
});
