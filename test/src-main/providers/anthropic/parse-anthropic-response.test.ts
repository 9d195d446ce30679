import { describe, expect, it } from 'vitest';
import { parseAnthropicResponse } from '../../../../src-main/providers/anthropic/parse-anthropic-response.js';
import { loadBody, recordedSuite } from './recorded-anthropic.js';

describe(recordedSuite('parseAnthropicResponse on recorded answers'), () => {
  it('reads a text answer', () => {
    expect(parseAnthropicResponse(loadBody('anthropic-text'))).toEqual({
      id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
      model: 'claude-sonnet-4-5-20250929',
      content: [
        { type: 'text', text: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?" },
      ],
      finishReason: 'stop',
      usage: { inputTokens: 12, outputTokens: 29, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      rawUsage: {
        input_tokens: 12,
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: 29,
        service_tier: 'standard',
        inference_geo: 'not_available',
      },
    });
  });

  it('turns a tool_use input into the JSON text of its arguments', () => {
    const response = parseAnthropicResponse(loadBody('anthropic-json-tool.1'));
    expect(response.finishReason).toBe('tool-calls');
    expect(response.content).toHaveLength(1);
    const call = response.content[0]!;
    expect(call).toMatchObject({ type: 'tool-call', id: 'toolu_01Q9ExVZnzZj7E2QQYHYtNUa', name: 'json' });
    expect(JSON.parse((call as { arguments: string }).arguments)).toEqual({
      elements: [
        { location: 'San Francisco', temperature: -5, condition: 'snowy' },
        { location: 'London', temperature: 0, condition: 'snowy' },
        { location: 'Paris', temperature: 23, condition: 'cloudy' },
        { location: 'Berlin', temperature: -9, condition: 'snowy' },
      ],
    });
    expect(response.usage.inputTokens).toBe(1151);
  });
});

describe('parseAnthropicResponse', () => {
  it('keeps thinking with its signature and redacted thinking, in order, and skips server-tool blocks', () => {
    const response = parseAnthropicResponse({
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'claude-x',
      content: [
        { type: 'thinking', thinking: 'Let me see.', signature: 'sig-abc' },
        { type: 'redacted_thinking', data: 'opaque' },
        { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
        { type: 'web_search_tool_result', tool_use_id: 'srvtoolu_1', content: [] },
        { type: 'text', text: 'Done.', citations: [{ type: 'web_search_result_location', url: 'https://example.com' }] },
        { type: 'tool_use', id: 'toolu_2', name: 'noop', input: {} },
      ],
      stop_reason: 'stop_sequence',
      stop_sequence: 'END',
      usage: { input_tokens: 10, cache_read_input_tokens: 90, cache_creation_input_tokens: 5, output_tokens: 7 },
    });
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Let me see.', signature: 'sig-abc' },
      { type: 'reasoning', text: '', redactedData: 'opaque' },
      { type: 'text', text: 'Done.' },
      { type: 'tool-call', id: 'toolu_2', name: 'noop', arguments: '{}' },
    ]);
    expect(response.finishReason).toBe('stop-sequence');
    expect(response.stopSequence).toBe('END');
    expect(response.usage).toEqual({ inputTokens: 105, outputTokens: 7, cachedInputTokens: 90, cacheWriteTokens: 5, reasoningTokens: 0 });
  });

  it('refuses a body that is not a message', () => {
    expect(() => parseAnthropicResponse({ type: 'error', error: { type: 'api_error' } })).toThrow(expect.objectContaining({ code: 'invalid_upstream_response', status: 502 }));
    expect(() => parseAnthropicResponse('nope')).toThrow(/not an Anthropic message/);
  });
});
