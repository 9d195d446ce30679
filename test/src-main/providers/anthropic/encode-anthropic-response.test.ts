import { describe, expect, it } from 'vitest';
import type { ChatResponse } from '../../../../src-main/conversion/chat-response.js';
import { encodeAnthropicResponse, toolInputFromArguments } from '../../../../src-main/providers/anthropic/encode-anthropic-response.js';

const response = (overrides: Partial<ChatResponse>): ChatResponse => ({
  id: 'chatcmpl-123',
  model: 'gpt-4o-2024-08-06',
  content: [],
  finishReason: 'stop',
  usage: { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  rawUsage: null,
  ...overrides,
});

const context = { requestedModel: 'claude-sonnet-4-5' };

describe('encodeAnthropicResponse', () => {
  it('encodes a text answer with the requested model and uncached input tokens', () => {
    expect(
      encodeAnthropicResponse(
        response({
          content: [{ type: 'text', text: 'Hello!' }],
          usage: { inputTokens: 1200, outputTokens: 40, cachedInputTokens: 1000, cacheWriteTokens: 150, reasoningTokens: 12 },
        }),
        context,
      ),
    ).toEqual({
      id: 'msg_chatcmpl-123',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5',
      content: [{ type: 'text', text: 'Hello!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 50, output_tokens: 40, cache_creation_input_tokens: 150, cache_read_input_tokens: 1000 },
    });
  });

  it('encodes thinking, redacted thinking and tool calls with parsed input', () => {
    const message = encodeAnthropicResponse(
      response({
        id: 'msg_01X',
        content: [
          { type: 'reasoning', text: 'Let me think.', signature: 'sig==' },
          { type: 'reasoning', text: '', redactedData: 'EmwKAhgB' },
          { type: 'reasoning', text: 'no signature (DeepSeek)' },
          { type: 'text', text: 'Reading.' },
          { type: 'tool-call', id: 'call_abc', name: 'Read', arguments: '{"file_path":"/a.ts"}' },
          { type: 'tool-call', id: 'toolu_01', name: 'LS', arguments: '' },
        ],
        finishReason: 'tool-calls',
      }),
      context,
    );
    expect(message.id).toBe('msg_01X');
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'sig==' },
      { type: 'redacted_thinking', data: 'EmwKAhgB' },
      { type: 'thinking', thinking: 'no signature (DeepSeek)', signature: '' },
      { type: 'text', text: 'Reading.' },
      { type: 'tool_use', id: 'call_abc', name: 'Read', input: { file_path: '/a.ts' } },
      { type: 'tool_use', id: 'toolu_01', name: 'LS', input: {} },
    ]);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('leaves out empty text and empty unsigned reasoning, which Anthropic would refuse on the next turn', () => {
    const message = encodeAnthropicResponse(
      response({ content: [{ type: 'text', text: '' }, { type: 'reasoning', text: '' }, { type: 'text', text: 'x' }] }),
      context,
    );
    expect(message.content).toEqual([{ type: 'text', text: 'x' }]);
  });

  it('says tool_use when the upstream said stop but called a tool', () => {
    const message = encodeAnthropicResponse(response({ content: [{ type: 'tool-call', id: 'c', name: 'Bash', arguments: '{}' }], finishReason: 'stop' }), context);
    expect(message.stop_reason).toBe('tool_use');
  });

  it('names the stop sequence, and maps limits and filters', () => {
    expect(encodeAnthropicResponse(response({ finishReason: 'stop-sequence', stopSequence: 'END' }), context)).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: 'END' });
    expect(encodeAnthropicResponse(response({ finishReason: 'length' }), context)).toMatchObject({ stop_reason: 'max_tokens', stop_sequence: null });
    expect(encodeAnthropicResponse(response({ finishReason: 'content-filter' }), context)).toMatchObject({ stop_reason: 'refusal' });
  });

  it('makes up a message id and a tool-use id where the upstream gave none', () => {
    const message = encodeAnthropicResponse(response({ id: '', content: [{ type: 'tool-call', id: '', name: 'Glob', arguments: '{"pattern":"*"}' }] }), context);
    expect(message.id).toMatch(/^msg_[A-Za-z0-9]{24}$/);
    expect(message.content[0]).toMatchObject({ type: 'tool_use', id: expect.stringMatching(/^toolu_[A-Za-z0-9]{24}$/) as unknown });
  });
});

describe('toolInputFromArguments', () => {
  it('parses a JSON object and turns no arguments or non-objects into {}', () => {
    expect(toolInputFromArguments('{"a":[1,{"b":null}]}')).toEqual({ a: [1, { b: null }] });
    expect(toolInputFromArguments('')).toEqual({});
    expect(toolInputFromArguments('  \n')).toEqual({});
    expect(toolInputFromArguments('{"a":')).toEqual({});
    expect(toolInputFromArguments('[1,2]')).toEqual({});
    expect(toolInputFromArguments('"text"')).toEqual({});
  });
});
