import { describe, expect, it } from 'vitest';
import { ContractError } from '../../../../src-main/conversion/contract-error.js';
import { anthropicInboundCodec } from '../../../../src-main/providers/anthropic/anthropic-inbound-codec.js';
import { accumulate, parseSse } from './anthropic-sse-accumulator.js';

describe('anthropicInboundCodec', () => {
  it('is the anthropic-messages door', () => {
    expect(anthropicInboundCodec.format).toBe('anthropic-messages');
  });

  it('round-trips a request, a response, a stream and an error through one codec', () => {
    const request = anthropicInboundCodec.decodeRequest({ model: 'claude-haiku-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }], stream: true });
    expect(request).toMatchObject({ model: 'claude-haiku-4-5', maxOutputTokens: 64, stream: true });

    const body = anthropicInboundCodec.encodeResponse(
      {
        id: 'resp_1',
        model: 'gemini-2.5-flash',
        content: [{ type: 'text', text: 'Hello' }],
        finishReason: 'stop',
        usage: { inputTokens: 3, outputTokens: 1, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
        rawUsage: {},
      },
      { requestedModel: 'claude-haiku-4-5' },
    );
    expect(body).toMatchObject({ id: 'msg_resp_1', model: 'claude-haiku-4-5', content: [{ type: 'text', text: 'Hello' }], stop_reason: 'end_turn' });

    const encoder = anthropicInboundCodec.createStreamEncoder({ requestedModel: 'claude-haiku-4-5', includeUsage: false });
    const text = [
      encoder.encode({ type: 'start', id: 'resp_2', model: 'gemini-2.5-flash' }),
      encoder.encode({ type: 'text-delta', index: 0, text: 'Hi there' }),
      encoder.encode({ type: 'usage', usage: { inputTokens: 3, outputTokens: 2 }, raw: {} }),
      encoder.encode({ type: 'finish', reason: 'stop' }),
    ].join('');
    const result = accumulate(parseSse(text));
    expect(result).toMatchObject({ kind: 'message', complete: true, message: { content: [{ type: 'text', text: 'Hi there' }], usage: { input_tokens: 3, output_tokens: 2 } } });

    expect(anthropicInboundCodec.errorBody({ status: 429, type: 'rate_limit_error', message: 'slow down' })).toEqual({
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow down' },
    });
  });

  it('answers our own errors with the catalogue type, and converts no body it accepts', () => {
    expect(anthropicInboundCodec.errorBody(new ContractError('keys_cooling_down', 'Try again in 3 s.'))).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'Try again in 3 s.' },
    });
    expect(anthropicInboundCodec.needsConversion({ model: 'm', max_tokens: 1, messages: [] })).toBe(false);
  });
});
