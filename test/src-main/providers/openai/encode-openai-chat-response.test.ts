import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../../../src-main/conversion/chat-response.js';
import { encodeOpenAIChatResponse } from '../../../../src-main/providers/openai/encode-openai-chat-response.js';

const response = (overrides: Partial<ChatResponse> = {}): ChatResponse => ({
  id: 'msg_01',
  model: 'claude-sonnet-4-5-20250929',
  content: [{ type: 'text', text: 'Hello' }],
  finishReason: 'stop',
  usage: { inputTokens: 120, outputTokens: 40, cachedInputTokens: 100, cacheWriteTokens: 10, reasoningTokens: 25 },
  rawUsage: {},
  ...overrides,
});

describe('encodeOpenAIChatResponse', () => {
  it('answers a chat.completion naming the requested model, with usage details', () => {
    const body = encodeOpenAIChatResponse(response(), { requestedModel: 'my-alias' });
    expect(body).toMatchObject({
      id: 'msg_01',
      object: 'chat.completion',
      model: 'my-alias',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello', refusal: null }, logprobs: null, finish_reason: 'stop' }],
      usage: {
        prompt_tokens: 120,
        completion_tokens: 40,
        total_tokens: 160,
        prompt_tokens_details: { cached_tokens: 100 },
        completion_tokens_details: { reasoning_tokens: 25 },
      },
    });
    expect(typeof body.created).toBe('number');
  });

  it('sends reasoning as reasoning_content, tool calls as tool_calls, and null content without text', () => {
    const body = encodeOpenAIChatResponse(
      response({
        content: [
          { type: 'reasoning', text: 'Need the weather.', signature: 'sig' },
          { type: 'reasoning', text: '', redactedData: 'opaque' },
          { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'toolu_2', name: 'now', arguments: '' },
        ],
        finishReason: 'tool-calls',
      }),
      { requestedModel: 'm' },
    );
    expect((body.choices as unknown[])[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        reasoning_content: 'Need the weather.',
        tool_calls: [
          { id: 'toolu_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_2', type: 'function', function: { name: 'now', arguments: '{}' } },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    });
  });

  it('joins text blocks as one answer (Anthropic splits text around citations)', () => {
    const body = encodeOpenAIChatResponse(
      response({ content: [{ type: 'text', text: 'Paris is ' }, { type: 'text', text: 'the capital.' }], finishReason: 'refusal' }),
      { requestedModel: 'm' },
    );
    expect((body.choices as Array<{ message: { content: string }; finish_reason: string }>)[0]).toMatchObject({
      message: { content: 'Paris is the capital.' },
      finish_reason: 'content_filter',
    });
  });
});
