import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../../src-main/conversion/contract-error.js';
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

  it('answers our own errors with the catalogue type and code, a vendor code spelled like ours left as the vendor\'s', () => {
    expect(openaiInboundCodec.errorBody(new ContractError('insufficient_quota', 'Budget spent.'))).toEqual({
      error: { message: 'Budget spent.', type: 'insufficient_quota', param: null, code: 'insufficient_quota' },
    });
    expect(openaiInboundCodec.errorBody({ status: 404, type: 'invalid_request_error', message: 'No such model', code: 'model_not_found' })).toEqual({
      error: { message: 'No such model', type: 'invalid_request_error', param: null, code: 'model_not_found' },
    });
  });

  it('decides Gemini-style bodies itself: understood, and converted for every candidate', () => {
    const gemini = { model: 'm', contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] };
    expect(openaiInboundCodec.needsConversion(gemini)).toBe(true);
    expect(openaiInboundCodec.decodeRequest(gemini).messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }]);
    const openai = { model: 'm', messages: [{ role: 'user', content: 'Hi' }] };
    expect(openaiInboundCodec.needsConversion(openai)).toBe(false);
    // Gemini-style means `contents` without `messages`; with both it is an OpenAI body.
    expect(openaiInboundCodec.needsConversion({ ...openai, contents: [] })).toBe(false);
  });

  it('refuses a bad Gemini-style body with a 400 invalid_request naming the field', () => {
    expect(() => openaiInboundCodec.decodeRequest({ model: 'm', contents: [{ role: 'user', parts: [{ text: 'Hi' }] }], candidateCount: 2 })).toThrow(
      expect.objectContaining({ code: 'invalid_request', status: 400, message: expect.stringContaining('candidateCount') }),
    );
  });
});
