import { describe, expect, it } from 'vitest';
import { prepareOpenAIChatRequest } from '../../../../src-main/providers/openai/prepare-openai-chat-request.js';

const messages = [{ role: 'user', content: 'hi' }];

describe('prepareOpenAIChatRequest', () => {
  it('leaves a non-stream body for the same model untouched', () => {
    expect(prepareOpenAIChatRequest({ model: 'gpt-4o', messages }, 'gpt-4o')).toEqual({ body: null, injectedUsageRequest: false });
  });

  it('leaves a stream body untouched when the client already asked for usage', () => {
    const body = { model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } };
    expect(prepareOpenAIChatRequest(body, 'gpt-4o')).toEqual({ body: null, injectedUsageRequest: false });
  });

  it('rewrites only the model after an alias, keeping every other field', () => {
    const body = { model: 'fast', messages, temperature: 0.2, tools: [{ type: 'function' }] };
    expect(prepareOpenAIChatRequest(body, 'gpt-4o-mini')).toEqual({
      body: { model: 'gpt-4o-mini', messages, temperature: 0.2, tools: [{ type: 'function' }] },
      injectedUsageRequest: false,
    });
    expect(body.model).toBe('fast');
  });

  it('asks for usage in a stream that did not, and says so', () => {
    const prepared = prepareOpenAIChatRequest({ model: 'gpt-4o', messages, stream: true }, 'gpt-4o');
    expect(prepared).toEqual({
      body: { model: 'gpt-4o', messages, stream: true, stream_options: { include_usage: true } },
      injectedUsageRequest: true,
    });
  });

  it('keeps the client\'s other stream options, and overrides an explicit include_usage: false', () => {
    const body = { model: 'gpt-4o', stream: true, stream_options: { include_usage: false, include_obfuscation: false } };
    expect(prepareOpenAIChatRequest(body, 'gpt-4o')).toEqual({
      body: { model: 'gpt-4o', stream: true, stream_options: { include_usage: true, include_obfuscation: false } },
      injectedUsageRequest: true,
    });
    expect(body.stream_options.include_usage).toBe(false);
  });

  it('does not touch stream_options of a non-stream request', () => {
    const prepared = prepareOpenAIChatRequest({ model: 'a', stream: false, stream_options: null }, 'b');
    expect(prepared).toEqual({ body: { model: 'b', stream: false, stream_options: null }, injectedUsageRequest: false });
  });
});
