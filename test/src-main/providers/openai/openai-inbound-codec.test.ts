import { describe, expect, it } from 'vitest';
import { openaiInboundCodec } from '../../../../src-main/providers/openai/openai-inbound-codec.js';

describe('openaiInboundCodec', () => {
  it('is the OpenAI Chat Completions door', () => {
    expect(openaiInboundCodec.format).toBe('openai-chat');
  });

  it('decodes requests, encodes answers and streams, and shapes errors as OpenAI does', () => {
    expect(openaiInboundCodec.decodeRequest({ model: 'm', messages: [{ role: 'user', content: 'Hi' }] }).messages).toHaveLength(1);
    const answer = openaiInboundCodec.encodeResponse(
      {
        id: 'msg_1',
        model: 'claude',
        content: [{ type: 'text', text: 'Hello' }],
        finishReason: 'stop',
        usage: { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
        rawUsage: {},
      },
      { requestedModel: 'alias' },
    );
    expect(answer).toMatchObject({ object: 'chat.completion', model: 'alias' });
    const encoder = openaiInboundCodec.createStreamEncoder({ requestedModel: 'alias', includeUsage: false });
    expect(encoder.encode({ type: 'start', id: 'msg_1', model: 'claude' })).toMatch(/^data: \{.*"role":"assistant".*\}\n\n$/);
    expect(openaiInboundCodec.errorBody({ status: 429, type: 'rate_limit_error', message: 'Slow down', code: 'rate_limited' })).toEqual({
      error: { message: 'Slow down', type: 'rate_limit_error', param: null, code: 'rate_limited' },
    });
    expect(openaiInboundCodec.errorBody({ status: 500, type: 'api_error', message: 'Boom' })).toEqual({
      error: { message: 'Boom', type: 'api_error', param: null, code: null },
    });
  });
});
