import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../../../src-main/conversion/chat-request.js';
import { ContractError, isContractError } from '../../../../src-main/conversion/contract-error.js';
import {
  convertToAnthropicMessages,
  defaultMaxTokens,
  thinkingBudgetForEffort,
} from '../../../../src-main/providers/anthropic/convert-to-anthropic-messages.js';
import { mockSignature, startMockAnthropic, type MockAnthropic } from '../../../support/mock-anthropic-upstream.js';

const user = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text }] });
const assistant = (text: string): ChatMessage => ({ role: 'assistant', content: [{ type: 'text', text }] });

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'client-model', system: [], messages: [user('hi')], tools: [], stream: false, ...overrides };
}

const convert = (overrides: Partial<ChatRequest> = {}, modelOutputLimit?: number) =>
  convertToAnthropicMessages(request(overrides), { upstreamModel: 'claude-sonnet-4-5', ...(modelOutputLimit !== undefined ? { modelOutputLimit } : {}) });

/** The error a conversion throws, for asserting on its status, code and message. */
function refusal(overrides: Partial<ChatRequest>, modelOutputLimit?: number): ContractError {
  try {
    convert(overrides, modelOutputLimit);
  } catch (error) {
    if (isContractError(error)) return error;
    throw error;
  }
  throw new Error('the conversion did not refuse');
}

const weather = { name: 'weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } };

describe('the basics', () => {
  it('names the upstream model, puts the system prompt at the top level as text blocks, and says whether to stream', () => {
    const body = convert({
      system: [{ type: 'text', text: 'Be brief.' }, { type: 'text', text: 'Cached part.', cacheControl: { type: 'ephemeral', ttl: '1h' } }],
      stream: true,
      maxOutputTokens: 100,
    });
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 100,
      system: [
        { type: 'text', text: 'Be brief.' },
        { type: 'text', text: 'Cached part.', cache_control: { type: 'ephemeral', ttl: '1h' } },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
      stream: true,
    });
  });

  it('leaves out an empty system prompt', () => {
    expect(convert({ system: [{ type: 'text', text: '' }] })).not.toHaveProperty('system');
  });

  it("always sends max_tokens: the client's, else the model's output limit, else the default", () => {
    expect(convert({ maxOutputTokens: 321 }, 64_000).max_tokens).toBe(321);
    expect(convert({}, 64_000).max_tokens).toBe(64_000);
    expect(convert({}).max_tokens).toBe(defaultMaxTokens);
    expect(defaultMaxTokens).toBe(4096);
  });

  it('passes top_p, top_k and stop sequences, and leaves out an empty stop list', () => {
    const body = convert({ topP: 0.9, topK: 40, stopSequences: ['END', '###'] });
    expect(body).toMatchObject({ top_p: 0.9, top_k: 40, stop_sequences: ['END', '###'] });
    expect(convert({ stopSequences: [] })).not.toHaveProperty('stop_sequences');
  });

  it("keeps a temperature within Anthropic's 0–1, and lowers a higher OpenAI one to 1", () => {
    expect(convert({ temperature: 0 }).temperature).toBe(0);
    expect(convert({ temperature: 0.7 }).temperature).toBe(0.7);
    expect(convert({ temperature: 1.6 }).temperature).toBe(1);
    expect(convert()).not.toHaveProperty('temperature');
  });

  it('sends the end-user id as metadata.user_id', () => {
    expect(convert({ user: 'user-42' }).metadata).toEqual({ user_id: 'user-42' });
    expect(convert({ user: '' })).not.toHaveProperty('metadata');
  });
});

describe('messages', () => {
  it('merges consecutive messages of one role into one turn and drops empty text', () => {
    const body = convert({
      messages: [
        user('one'),
        user('two'),
        { role: 'assistant', content: [{ type: 'text', text: '' }] },
        assistant('three'),
        assistant('four'),
        { role: 'user', content: [{ type: 'text', text: '' }] },
        user('five'),
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'one' }, { type: 'text', text: 'two' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'three' }, { type: 'text', text: 'four' }] },
      { role: 'user', content: [{ type: 'text', text: 'five' }] },
    ]);
  });

  it('drops whitespace-only text, and trims the end of a final assistant prefill', () => {
    const body = convert({
      messages: [
        { role: 'user', content: [{ type: 'text', text: ' \n' }, { type: 'text', text: 'Name a colour.' }] },
        { role: 'assistant', content: [{ type: 'text', text: '\n\n' }, { type: 'text', text: 'The colour is ' }] },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Name a colour.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'The colour is' }] },
    ]);
  });

  it('keeps cache breakpoints on content blocks', () => {
    const body = convert({ messages: [{ role: 'user', content: [{ type: 'text', text: 'long context', cacheControl: { type: 'ephemeral' } }] }] });
    expect(body.messages[0]!.content[0]).toEqual({ type: 'text', text: 'long context', cache_control: { type: 'ephemeral' } });
  });

  it('sends images as base64 or URL sources', () => {
    const body = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'high' },
            { type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } },
            { type: 'text', text: 'What are these?' },
          ],
        },
      ],
    });
    expect(body.messages[0]!.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'text', text: 'What are these?' },
    ]);
  });

  it('refuses an image type Anthropic does not take, naming it', () => {
    const error = refusal({ messages: [{ role: 'user', content: [{ type: 'image', source: { kind: 'base64', mediaType: 'image/heic', data: 'AAAA' } }] }] });
    expect(error.code).toBe('unsupported_feature');
    expect(error.message).toContain('image/heic');
  });
});

describe('tools', () => {
  it('sends tool definitions with input_schema, giving a schema without a type the object type', () => {
    const body = convert({
      tools: [weather, { name: 'now', parameters: { properties: {} }, cacheControl: { type: 'ephemeral' } }],
    });
    expect(body.tools).toEqual([
      { name: 'weather', description: 'The weather in a city', input_schema: weather.parameters },
      { name: 'now', input_schema: { type: 'object', properties: {} }, cache_control: { type: 'ephemeral' } },
    ]);
    expect(body).not.toHaveProperty('tool_choice');
  });

  it('maps tool_choice auto, none, required and a named tool', () => {
    expect(convert({ tools: [weather], toolChoice: { type: 'auto' } }).tool_choice).toEqual({ type: 'auto' });
    expect(convert({ tools: [weather], toolChoice: { type: 'none' } }).tool_choice).toEqual({ type: 'none' });
    expect(convert({ tools: [weather], toolChoice: { type: 'required' } }).tool_choice).toEqual({ type: 'any' });
    expect(convert({ tools: [weather], toolChoice: { type: 'tool', name: 'weather' } }).tool_choice).toEqual({ type: 'tool', name: 'weather' });
  });

  it('turns parallel_tool_calls: false into disable_parallel_tool_use', () => {
    expect(convert({ tools: [weather], parallelToolCalls: false }).tool_choice).toEqual({ type: 'auto', disable_parallel_tool_use: true });
    expect(convert({ tools: [weather], parallelToolCalls: false, toolChoice: { type: 'required' } }).tool_choice).toEqual({
      type: 'any',
      disable_parallel_tool_use: true,
    });
    expect(convert({ tools: [weather], parallelToolCalls: false, toolChoice: { type: 'none' } }).tool_choice).toEqual({ type: 'none' });
    expect(convert({ tools: [weather], parallelToolCalls: true })).not.toHaveProperty('tool_choice');
  });

  it('leaves tool_choice out without tools, and refuses one that forces a call to no tool', () => {
    expect(convert({ toolChoice: { type: 'none' } })).not.toHaveProperty('tool_choice');
    const error = refusal({ toolChoice: { type: 'required' } });
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/no tools/);
  });

  it('sends assistant tool calls as tool_use blocks with parsed input, and their results as tool_result blocks paired by id', () => {
    const body = convert({
      tools: [weather],
      messages: [
        user('Weather in Paris and Oslo?'),
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Checking.' },
            { type: 'tool-call', id: 'call_1', name: 'weather', arguments: '{"city":"Paris"}' },
            { type: 'tool-call', id: 'call_2', name: 'weather', arguments: '{"city":"Oslo"}', cacheControl: { type: 'ephemeral' } },
          ],
        },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: 'sunny' }] }] },
        {
          role: 'user',
          content: [
            {
              type: 'tool-result',
              toolCallId: 'call_2',
              isError: true,
              content: [
                { type: 'text', text: 'station offline' },
                { type: 'image', source: { kind: 'base64', mediaType: 'image/jpeg', data: '/9j/' } },
              ],
            },
          ],
        },
        user('Thanks. And tomorrow?'),
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'call_1', name: 'weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'call_2', name: 'weather', input: { city: 'Oslo' }, cache_control: { type: 'ephemeral' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_1', content: [{ type: 'text', text: 'sunny' }] },
          {
            type: 'tool_result',
            tool_use_id: 'call_2',
            content: [
              { type: 'text', text: 'station offline' },
              { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
            ],
            is_error: true,
          },
          { type: 'text', text: 'Thanks. And tomorrow?' },
        ],
      },
    ]);
  });

  it('puts tool results before text in a user turn, and sends a result without content when the tool returned nothing', () => {
    const body = convert({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'call_1', name: 'noop', arguments: '' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Here:' },
            { type: 'tool-result', toolCallId: 'call_1', content: [{ type: 'text', text: '' }] },
          ],
        },
      ],
    });
    expect(body.messages).toEqual([
      // Empty arguments (OpenAI streams leave a call without arguments as "") are the empty object.
      { role: 'assistant', content: [{ type: 'tool_use', id: 'call_1', name: 'noop', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'call_1' }, { type: 'text', text: 'Here:' }] },
    ]);
  });

  it('rewrites tool-call ids Anthropic would refuse, the same way on the call and its result', () => {
    const body = convert({
      messages: [
        { role: 'assistant', content: [{ type: 'tool-call', id: 'functions.weather:0', name: 'weather', arguments: '{}' }] },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: 'functions.weather:0', content: [{ type: 'text', text: 'ok' }] }] },
      ],
    });
    expect(body.messages[0]!.content[0]).toMatchObject({ id: 'functions_weather_0' });
    expect(body.messages[1]!.content[0]).toMatchObject({ tool_use_id: 'functions_weather_0' });
  });

  it('refuses tool-call arguments that are not a JSON object, naming the call', () => {
    for (const bad of ['{"city":', '[1,2]', '"text"']) {
      const error = refusal({ messages: [{ role: 'assistant', content: [{ type: 'tool-call', id: 'call_9', name: 'weather', arguments: bad }] }] });
      expect(error.status).toBe(400);
      expect(error.code).toBe('invalid_tool_arguments');
      expect(error.message).toContain('call_9 (weather)');
    }
  });
});

describe('reasoning', () => {
  it('asks for thinking with the budget each effort maps to', () => {
    for (const effort of ['minimal', 'low', 'medium', 'high'] as const) {
      expect(convert({ reasoning: { effort } }, 64_000).thinking).toEqual({ type: 'enabled', budget_tokens: thinkingBudgetForEffort[effort] });
    }
    expect(thinkingBudgetForEffort).toEqual({ minimal: 1024, low: 4000, medium: 10_000, high: 31_999 });
  });

  it('takes an explicit budget over an effort, raises one below 1024 to 1024, and keeps it under max_tokens', () => {
    expect(convert({ reasoning: { budgetTokens: 5000, effort: 'high' } }, 64_000).thinking).toEqual({ type: 'enabled', budget_tokens: 5000 });
    expect(convert({ reasoning: { budgetTokens: 100 } }, 64_000).thinking).toEqual({ type: 'enabled', budget_tokens: 1024 });
    expect(convert({ reasoning: { effort: 'high' }, maxOutputTokens: 8000 }).thinking).toEqual({ type: 'enabled', budget_tokens: 7999 });
    expect(convert({ reasoning: { effort: 'high' } })).toMatchObject({ max_tokens: 4096, thinking: { budget_tokens: 4095 } });
  });

  it('sends no thinking when reasoning is absent, off, or a budget of 0; a budget of -1 (Gemini: dynamic) gets the medium one', () => {
    expect(convert()).not.toHaveProperty('thinking');
    expect(convert({ reasoning: null })).not.toHaveProperty('thinking');
    expect(convert({ reasoning: { budgetTokens: 0 } })).not.toHaveProperty('thinking');
    expect(convert({ reasoning: { budgetTokens: -1 } }, 64_000).thinking).toEqual({ type: 'enabled', budget_tokens: 10_000 });
  });

  it('refuses reasoning that cannot fit under max_tokens', () => {
    const error = refusal({ reasoning: { effort: 'low' }, maxOutputTokens: 1024 });
    expect(error.code).toBe('unsupported_feature');
    expect(error.message).toMatch(/max output of 1024 tokens/);
  });

  it('refuses what Anthropic forbids alongside thinking, naming it', () => {
    expect(refusal({ reasoning: { effort: 'low' }, temperature: 0.2 }, 64_000).message).toMatch(/^temperature 0.2 together with reasoning/);
    expect(refusal({ reasoning: { effort: 'low' }, topK: 5 }, 64_000).message).toMatch(/^top_k together with reasoning/);
    expect(refusal({ reasoning: { effort: 'low' }, topP: 0.5 }, 64_000).message).toMatch(/^top_p 0.5 together with reasoning/);
    expect(refusal({ reasoning: { effort: 'low' }, tools: [weather], toolChoice: { type: 'required' } }, 64_000).message).toMatch(
      /^Forcing a tool call together with reasoning/,
    );
    // What Anthropic does allow: temperature 1 (also from an OpenAI 2, lowered to 1), top_p from 0.95.
    expect(convert({ reasoning: { effort: 'low' }, temperature: 2, topP: 0.95 }, 64_000)).toMatchObject({ temperature: 1, top_p: 0.95 });
  });

  it('sends signed reasoning back as thinking blocks and redacted reasoning as redacted_thinking, and leaves unsigned reasoning out', () => {
    const body = convert({
      messages: [
        user('q'),
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', text: 'Let me think.', signature: 'EvQBCkYICxgC' },
            { type: 'reasoning', text: '', redactedData: 'EmwKAhgBEgy3va3pzix' },
            { type: 'reasoning', text: 'a summary from another vendor' },
            { type: 'text', text: 'answer' },
          ],
        },
        user('more'),
      ],
    });
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: 'Let me think.', signature: 'EvQBCkYICxgC' },
        { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va3pzix' },
        { type: 'text', text: 'answer' },
      ],
    });
  });
});

describe('what Anthropic has no parameter for', () => {
  it('sends a JSON schema response format as output_config.format', () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    expect(convert({ responseFormat: { type: 'json-schema', name: 'person', schema, strict: true } }).output_config).toEqual({
      format: { type: 'json_schema', schema },
    });
    expect(convert({ responseFormat: { type: 'text' } })).not.toHaveProperty('output_config');
  });

  it('refuses json_object, seed and non-zero penalties with a 400 naming each', () => {
    const cases: Array<[Partial<ChatRequest>, RegExp]> = [
      [{ responseFormat: { type: 'json-object' } }, /^response_format json_object/],
      [{ seed: 7 }, /^seed cannot be sent to the Anthropic provider/],
      [{ presencePenalty: 0.5 }, /^presence_penalty /],
      [{ frequencyPenalty: -1 }, /^frequency_penalty /],
    ];
    for (const [overrides, message] of cases) {
      const error = refusal(overrides);
      expect(error.code).toBe('unsupported_feature');
      expect(error.status).toBe(400);
      expect(error.code).toBe('unsupported_feature');
      expect(error.message).toMatch(message);
    }
  });

  it('lets penalties of 0, the default, through', () => {
    expect(() => convert({ presencePenalty: 0, frequencyPenalty: 0 })).not.toThrow();
  });
});

describe('reasoning another family signed', () => {
  let mock: MockAnthropic;
  beforeAll(async () => {
    mock = await startMockAnthropic();
  });
  afterAll(async () => {
    await mock.close();
  });

  /** What the mock (which, like Anthropic, accepts only signatures it issued) says to a body. */
  async function send(body: unknown): Promise<{ status: number; json: { error?: { message: string } } }> {
    const response = await fetch(`${mock.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test-0001', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as { error?: { message: string } } };
  }

  // A conversation that began on Gemini (its signatures tagged `gemini:`) and moved to Anthropic,
  // with an answer Anthropic signed in between.
  const ownThinking = 'Anthropic thought this.';
  const messages: ChatMessage[] = [
    user('Weather in Paris?'),
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: 'Gemini thought this.', signature: 'gemini:c2lnLTE=' },
        { type: 'text', text: 'Let me look.' },
        { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}', signature: 'gemini:c2lnLXRvb2w=' },
      ],
    },
    { role: 'user', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }] }] },
    { role: 'assistant', content: [{ type: 'reasoning', text: ownThinking, signature: mockSignature(ownThinking) }, { type: 'text', text: 'Sunny.' }] },
    user('And tomorrow?'),
  ];

  it('leaves Gemini-signed reasoning out, keeps what Anthropic signed, and Anthropic takes the conversation', async () => {
    const body = convert({ messages, tools: [weather], maxOutputTokens: 64 });
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Let me look.' },
        { type: 'tool_use', id: 'toolu_1', name: 'weather', input: { city: 'Paris' } },
      ],
    });
    expect(body.messages[3]).toEqual({ role: 'assistant', content: [{ type: 'thinking', thinking: ownThinking, signature: mockSignature(ownThinking) }, { type: 'text', text: 'Sunny.' }] });
    expect(JSON.stringify(body)).not.toContain('gemini:');
    const answer = await send(body);
    expect(answer.json.error).toBeUndefined();
    expect(answer.status).toBe(200);
  });

  it('would be refused with the Gemini signature sent as a thinking signature (the mock checks as Anthropic does)', async () => {
    const body = convert({ messages, tools: [weather], maxOutputTokens: 64 });
    const foreign = { type: 'thinking', thinking: 'Gemini thought this.', signature: 'gemini:c2lnLTE=' };
    const forged = { ...body, messages: body.messages.map((message, index) => (index === 1 ? { ...message, content: [foreign, ...message.content] } : message)) };
    const answer = await send(forged);
    expect(answer.status).toBe(400);
    expect(answer.json.error?.message).toContain('Invalid `signature`');
  });
});

describe('reasoning while a tool loop goes on', () => {
  let mock: MockAnthropic;
  beforeAll(async () => {
    mock = await startMockAnthropic();
  });
  afterAll(async () => {
    await mock.close();
  });

  async function send(body: unknown): Promise<{ status: number; json: { error?: { message: string } } }> {
    const response = await fetch(`${mock.baseUrl}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': 'sk-ant-test-0001', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify(body),
    });
    return { status: response.status, json: (await response.json()) as { error?: { message: string } } };
  }

  const ownThinking = 'I should look the weather up.';
  const call = { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}' } as const;
  const result: ChatMessage = { role: 'user', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'Sunny' }] }] };
  const loop = (opening: ChatMessage['content']): ChatMessage[] => [user('Weather in Paris?'), { role: 'assistant', content: opening } as ChatMessage, result];
  const withReasoning = (messages: ChatMessage[]) => convert({ messages, tools: [weather], reasoning: { effort: 'low' } }, 64_000);

  it('turns thinking off when the loop’s opening turn had reasoning without a signature (an OpenAI client, DeepSeek), and Anthropic takes it', async () => {
    const body = withReasoning(loop([{ type: 'reasoning', text: 'unsigned thoughts' }, call]));
    expect(body).not.toHaveProperty('thinking');
    expect(body.messages[1]!.content.map((block) => block.type)).toEqual(['tool_use']);
    const answer = await send(body);
    expect(answer.json.error).toBeUndefined();
    expect(answer.status).toBe(200);
  });

  it('turns thinking off when the opening turn’s thinking was signed by Gemini, or when it had none', () => {
    expect(withReasoning(loop([{ type: 'reasoning', text: 'Gemini thought this.', signature: 'gemini:c2ln' }, call]))).not.toHaveProperty('thinking');
    expect(withReasoning(loop([{ type: 'text', text: 'Let me look.' }, call]))).not.toHaveProperty('thinking');
  });

  it('keeps thinking on when the opening turn starts with thinking Anthropic signed, or with redacted thinking', async () => {
    const signed = withReasoning(loop([{ type: 'reasoning', text: ownThinking, signature: mockSignature(ownThinking) }, call]));
    expect(signed.thinking).toEqual({ type: 'enabled', budget_tokens: thinkingBudgetForEffort.low });
    const answer = await send(signed);
    expect(answer.json.error).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(withReasoning(loop([{ type: 'reasoning', text: '', redactedData: 'EmwKAhgBEgy3va3pzix' }, call])).thinking).toBeDefined();
  });

  it('looks at the turn that opened the loop: later rounds of the same loop need no thinking of their own', () => {
    const messages: ChatMessage[] = [
      ...loop([{ type: 'reasoning', text: ownThinking, signature: mockSignature(ownThinking) }, call]),
      { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_2', name: 'weather', arguments: '{"city":"Rome"}' }] },
      { role: 'user', content: [{ type: 'tool-result', toolCallId: 'toolu_2', content: [{ type: 'text', text: 'Rain' }] }] },
    ];
    expect(withReasoning(messages).thinking).toBeDefined();
    const unsignedOpening: ChatMessage[] = [...loop([{ type: 'reasoning', text: 'unsigned' }, call]), ...messages.slice(3)];
    expect(withReasoning(unsignedOpening)).not.toHaveProperty('thinking');
  });

  it('keeps thinking on once a new user message starts a new turn, whatever the earlier loop held', () => {
    const messages: ChatMessage[] = [...loop([{ type: 'reasoning', text: 'unsigned' }, call]), assistant('Sunny.'), user('And tomorrow?')];
    expect(withReasoning(messages).thinking).toBeDefined();
  });

  it('without thinking off, the mock refuses such a request in Anthropic’s words', async () => {
    const body = withReasoning(loop([{ type: 'reasoning', text: 'unsigned thoughts' }, call]));
    const answer = await send({ ...body, thinking: { type: 'enabled', budget_tokens: 4000 } });
    expect(answer.status).toBe(400);
    expect(answer.json.error?.message).toBe(
      'messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `tool_use`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking',
    );
  });
});
