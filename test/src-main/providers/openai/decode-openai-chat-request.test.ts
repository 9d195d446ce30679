import { describe, expect, it } from 'vitest';
import { ContractError, isContractError } from '../../../../src-main/conversion/contract-error.js';
import { decodeOpenAIChatRequest } from '../../../../src-main/providers/openai/decode-openai-chat-request.js';

const body = (overrides: Record<string, unknown> = {}) => ({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: 'Hi' }], ...overrides });

/** The error a body is refused with. */
function refusal(input: Record<string, unknown>): ContractError {
  try {
    decodeOpenAIChatRequest(input);
  } catch (error) {
    expect(isContractError(error)).toBe(true);
    expect((error as ContractError).status).toBe(400);
    return error as ContractError;
  }
  throw new Error('the body was accepted');
}

const weatherCall = { id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } };

describe('decodeOpenAIChatRequest', () => {
  it('decodes a minimal request', () => {
    expect(decodeOpenAIChatRequest(body())).toEqual({
      model: 'claude-sonnet-4-5',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      tools: [],
      stream: false,
    });
  });

  it('gathers system and developer messages into the system prompt, wherever they stand', () => {
    const request = decodeOpenAIChatRequest(
      body({
        messages: [
          { role: 'system', content: 'Be brief.' },
          { role: 'user', content: 'Hi' },
          { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
          { role: 'user', content: 'Again' },
        ],
      }),
    );
    expect(request.system).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Answer in French.' },
    ]);
    expect(request.messages).toHaveLength(2);
  });

  it('decodes user parts: text, data URL images as base64, links as URLs, with detail', () => {
    const request = decodeOpenAIChatRequest(
      body({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' } },
              { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
            ],
          },
        ],
      }),
    );
    expect(request.messages[0]).toEqual({
      role: 'user',
      content: [
        { type: 'text', text: 'What is this?' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'low' },
        { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
      ],
    });
  });

  it('decodes an assistant turn with reasoning_content, text and tool calls, and the tool results after it', () => {
    const request = decodeOpenAIChatRequest(
      body({
        messages: [
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: '',
            reasoning_content: 'Two cities, two calls.',
            refusal: null,
            tool_calls: [weatherCall, { id: 'call_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } }],
          },
          { role: 'tool', tool_call_id: 'call_1', content: 'Sunny' },
          { role: 'tool', tool_call_id: 'call_2', content: [{ type: 'text', text: 'Rain' }] },
          { role: 'user', content: 'Thanks. Which is warmer?' },
          { role: 'assistant', content: null, tool_calls: [{ ...weatherCall, id: 'call_3' }] },
          { role: 'tool', tool_call_id: 'call_3', content: '' },
        ],
      }),
    );
    expect(request.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'Two cities, two calls.' },
          { type: 'tool-call', id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_2', name: 'weather', arguments: '{"city":"Rome"}' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolCallId: 'call_1', toolName: 'weather', content: [{ type: 'text', text: 'Sunny' }] },
          { type: 'tool-result', toolCallId: 'call_2', toolName: 'weather', content: [{ type: 'text', text: 'Rain' }] },
          { type: 'text', text: 'Thanks. Which is warmer?' },
        ],
      },
      { role: 'assistant', content: [{ type: 'tool-call', id: 'call_3', name: 'weather', arguments: '{"city":"Paris"}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_3', toolName: 'weather', content: [] }] },
    ]);
  });

  it('decodes tools, tool choice and every sampling parameter', () => {
    const request = decodeOpenAIChatRequest(
      body({
        tools: [
          { type: 'function', function: { name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } }, strict: true } },
          { type: 'function', function: { name: 'now' } },
        ],
        tool_choice: { type: 'function', function: { name: 'weather' } },
        parallel_tool_calls: false,
        max_completion_tokens: 500,
        max_tokens: 100,
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop: 'END',
        seed: 3,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
        reasoning_effort: 'low',
        user: 'user-42',
        stream: true,
        stream_options: { include_usage: true },
        n: 1,
        logprobs: false,
        store: false,
        metadata: null,
      }),
    );
    expect(request).toEqual({
      model: 'claude-sonnet-4-5',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      tools: [
        { name: 'weather', description: 'Weather now', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
        { name: 'now', parameters: { type: 'object', properties: {} } },
      ],
      toolChoice: { type: 'tool', name: 'weather' },
      parallelToolCalls: false,
      maxOutputTokens: 500,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
      seed: 3,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object' }, strict: true },
      reasoning: { effort: 'low' },
      user: 'user-42',
      stream: true,
    });
  });

  it('reads max_tokens, string tool choices, stop arrays and the reasoning switches', () => {
    expect(decodeOpenAIChatRequest(body({ max_tokens: 64 })).maxOutputTokens).toBe(64);
    expect(decodeOpenAIChatRequest(body({ tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'required' })).toolChoice).toEqual({
      type: 'required',
    });
    expect(decodeOpenAIChatRequest(body({ stop: ['a', 'b'] })).stopSequences).toEqual(['a', 'b']);
    expect(decodeOpenAIChatRequest(body({ reasoning_effort: 'none' })).reasoning).toBeNull();
    expect(decodeOpenAIChatRequest(body({ reasoning_effort: 'xhigh' })).reasoning).toEqual({ effort: 'high' });
    expect(decodeOpenAIChatRequest(body({ response_format: { type: 'json_object' } })).responseFormat).toEqual({ type: 'json-object' });
    expect(decodeOpenAIChatRequest(body({ safety_identifier: 'hashed-user' })).user).toBe('hashed-user');
  });

  it("keeps OpenAI's explicit prompt-cache breakpoints as cache marks", () => {
    const request = decodeOpenAIChatRequest(
      body({
        prompt_cache_options: { mode: 'explicit' },
        messages: [
          { role: 'system', content: [{ type: 'text', text: 'Long instructions', prompt_cache_breakpoint: { mode: 'explicit' } }] },
          { role: 'user', content: [{ type: 'text', text: 'Question' }] },
        ],
      }),
    );
    expect(request.system).toEqual([{ type: 'text', text: 'Long instructions', cacheControl: { type: 'ephemeral' } }]);
    expect(request.messages[0]).toEqual({ role: 'user', content: [{ type: 'text', text: 'Question' }] });
  });

  it('treats null parameters as absent, as OpenAI does', () => {
    const request = decodeOpenAIChatRequest(body({ temperature: null, stop: null, tools: null, tool_choice: null, n: null, stream: null }));
    expect(request).toEqual(decodeOpenAIChatRequest(body()));
  });

  it('refuses malformed messages, naming the field', () => {
    expect(refusal(body({ messages: 'Hi' })).message).toContain('"messages" must be an array');
    expect(refusal(body({ messages: [] })).message).toContain('at least one message');
    expect(refusal(body({ messages: [{ role: 'robot', content: 'x' }] })).message).toContain('messages[0].role');
    expect(refusal(body({ messages: [{ role: 'user', content: 42 }] })).message).toContain('messages[0].content');
    expect(refusal(body({ messages: [{ role: 'user', content: [{ type: 'text', text: 1 }] }] })).message).toContain('messages[0].content[0].text');
    expect(refusal(body({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }] })).message).toContain(
      'messages[0].content[0].image_url.url',
    );
    expect(
      refusal(body({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/svg+xml,%3Csvg%3E' } }] }] })).message,
    ).toContain('base64 data URL');
    expect(
      refusal(body({ messages: [{ role: 'assistant', content: null, tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: { a: 1 } } }] }] }))
        .message,
    ).toContain('messages[0].tool_calls[0].function.arguments');
  });

  it('refuses a tool message that answers no earlier tool call, naming its tool_call_id', () => {
    const error = refusal(
      body({
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'assistant', content: null, tool_calls: [weatherCall] },
          { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
          { role: 'tool', tool_call_id: 'call_9', content: 'ok' },
        ],
      }),
    );
    expect(error.code).toBe('invalid_request');
    expect(error.message).toContain('messages[3].tool_call_id "call_9"');
    expect(refusal(body({ messages: [{ role: 'tool', content: 'ok' }] })).message).toContain('messages[0].tool_call_id must be a string');
  });

  it('refuses what no other format can express', () => {
    expect(refusal(body({ n: 2 })).code).toBe('unsupported_feature');
    expect(refusal(body({ logprobs: true })).message).toContain('logprobs');
    expect(refusal(body({ top_logprobs: 3 })).message).toContain('top_logprobs');
    expect(refusal(body({ logit_bias: { '50256': -100 } })).message).toContain('logit_bias');
    expect(refusal(body({ modalities: ['text', 'audio'] })).message).toContain('modalities');
    expect(refusal(body({ functions: [{ name: 'f' }] })).message).toContain('functions');
    expect(refusal(body({ moderation: { input: true } })).message).toContain('moderation');
    expect(refusal(body({ messages: [{ role: 'function', name: 'f', content: 'x' }] })).message).toContain('messages[0]');
    expect(refusal(body({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] })).message).toContain(
      'messages[0].content[0]: audio input',
    );
    expect(refusal(body({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-1' } }] }] })).code).toBe('unsupported_feature');
    expect(refusal(body({ tools: [{ type: 'custom', custom: { name: 'grammar' } }] })).message).toContain('tools[0].type');
  });

  it('refuses unknown parameters by name, as OpenAI does', () => {
    const error = refusal(body({ temprature: 0.5 }));
    expect(error.code).toBe('invalid_request');
    expect(error.message).toBe('Unknown parameter: "temprature".');
  });

  it('refuses parameters of the wrong type, naming them', () => {
    expect(refusal(body({ model: '' })).message).toContain('"model"');
    expect(refusal(body({ temperature: 'hot' })).message).toBe('"temperature" must be a number.');
    expect(refusal(body({ max_tokens: 0 })).message).toBe('"max_tokens" must be at least 1.');
    expect(refusal(body({ max_completion_tokens: 1.5 })).message).toBe('"max_completion_tokens" must be an integer.');
    expect(refusal(body({ stream: 'yes' })).message).toBe('"stream" must be true or false.');
    expect(refusal(body({ stop: [1] })).message).toContain('"stop"');
    expect(refusal(body({ reasoning_effort: 'extreme' })).message).toContain('"reasoning_effort"');
    expect(refusal(body({ tool_choice: 'sometimes' })).message).toContain('"tool_choice"');
    expect(refusal(body({ tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: { type: 'function', function: { name: 'g' } } })).message).toContain(
      'tool_choice.function.name "g"',
    );
    expect(refusal(body({ response_format: { type: 'yaml' } })).message).toContain('response_format.type');
  });
});
