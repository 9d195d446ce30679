import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './listen.js';
import {
  inputTokensFor,
  mockSignature,
  mockThinkingFor,
  readRecordedChunks,
  startMockAnthropic,
  tokensForText,
  type MockAnthropic,
} from './mock-anthropic-upstream.js';
import { readRecordedJson, recordedSuite } from './recorded-fixtures.js';

// The Anthropic SDK is not installed yet, so the mock is proven with raw fetch against the wire format
// Anthropic documents (platform.claude.com/docs/en/api/messages, …/build-with-claude/streaming).

let mock: MockAnthropic;
const key = 'sk-ant-test-0001';

beforeAll(async () => {
  mock = await startMockAnthropic();
});

afterEach(() => {
  mock.reset();
});

afterAll(async () => {
  await mock.close();
});

const headers = (extra: Record<string, string> = {}) => ({
  'content-type': 'application/json',
  'x-api-key': key,
  'anthropic-version': '2023-06-01',
  ...extra,
});

function post(body: unknown, options: { headers?: Record<string, string>; path?: string; signal?: AbortSignal } = {}): Promise<Response> {
  return fetch(`${mock.baseUrl}${options.path ?? '/v1/messages'}`, {
    method: 'POST',
    headers: options.headers ?? headers(),
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Splits an Anthropic event stream, checking each event is framed `event: <type>\ndata: <json>`. */
function parseEvents(text: string): SseEvent[] {
  expect(text.endsWith('\n\n')).toBe(true);
  return text
    .split('\n\n')
    .filter((block) => block !== '')
    .map((block) => {
      const match = /^event: (\S+)\ndata: (.*)$/.exec(block);
      if (!match) throw new Error(`badly framed event: ${JSON.stringify(block)}`);
      const data = JSON.parse(match[2]!) as Record<string, unknown>;
      expect(data['type']).toBe(match[1]);
      return { event: match[1]!, data };
    });
}

async function errorOf(response: Response): Promise<{ status: number; type: string; message: string }> {
  const body = (await response.json()) as { type: string; error: { type: string; message: string }; request_id: string };
  expect(body.type).toBe('error');
  expect(body.request_id).toMatch(/^req_/);
  return { status: response.status, type: body.error.type, message: body.error.message };
}

const hello = { model: 'claude-sonnet-4-5', max_tokens: 1024, messages: [{ role: 'user', content: 'hello there' }] };
const weatherTool = {
  name: 'weather',
  description: 'The weather in a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('messages', () => {
  it('answers a non-stream request with a whole message, the resolved snapshot and deterministic usage', async () => {
    const body = { ...hello, system: [{ type: 'text', text: 'Be brief.' }] };
    const response = await post(body);
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_/);
    expect(await response.json()).toEqual({
      id: expect.stringMatching(/^msg_01/),
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-5-20250929',
      content: [{ type: 'text', text: 'You said: hello there' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: inputTokensFor(body),
        cache_creation_input_tokens: 0,
        cache_read_input_tokens: 0,
        cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
        output_tokens: tokensForText('You said: hello there'),
        service_tier: 'standard',
      },
    });
    expect(inputTokensFor(body)).toBe(tokensForText('Be brief.hello there'));
    expect(mock.requests[0]).toMatchObject({ method: 'POST', path: '/v1/messages', apiKey: key, json: body, status: 200, completed: true });
  });

  it('streams the events in Anthropic’s order, text in pieces, usage at the start and the end', async () => {
    const response = await post({ ...hello, stream: true });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const events = parseEvents(await response.text());
    expect(events.map((event) => event.event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      // "You said: hello there" in word pieces.
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const start = events[0]!.data['message'] as Record<string, unknown>;
    expect(start).toMatchObject({ type: 'message', role: 'assistant', model: 'claude-sonnet-4-5-20250929', content: [], stop_reason: null });
    expect(start['usage']).toMatchObject({ input_tokens: inputTokensFor(hello), output_tokens: 1 });
    expect(events[1]!.data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    const text = events
      .filter((event) => event.event === 'content_block_delta')
      .map((event) => (event.data['delta'] as { text: string }).text)
      .join('');
    expect(text).toBe('You said: hello there');
    expect(events[8]!.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { input_tokens: inputTokensFor(hello), cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens: tokensForText(text) },
    });
  });

  it('puts a signed thinking block first when thinking is on, and accepts it back on the next turn', async () => {
    const thinkingBody = { ...hello, max_tokens: 4096, thinking: { type: 'enabled', budget_tokens: 2048 } };
    const message = (await (await post(thinkingBody)).json()) as { content: Array<Record<string, unknown>> };
    const thinking = mockThinkingFor('hello there');
    expect(message.content).toEqual([
      { type: 'thinking', thinking, signature: mockSignature(thinking) },
      { type: 'text', text: 'You said: hello there' },
    ]);

    const events = parseEvents(await (await post({ ...thinkingBody, stream: true })).text());
    expect(events[1]!.data).toEqual({ type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } });
    const thinkingDeltas = events.filter((event) => event.event === 'content_block_delta' && event.data['index'] === 0).map((event) => event.data['delta'] as Record<string, string>);
    expect(thinkingDeltas.filter((delta) => delta['type'] === 'thinking_delta').map((delta) => delta['thinking']).join('')).toBe(thinking);
    expect(thinkingDeltas.at(-1)).toEqual({ type: 'signature_delta', signature: mockSignature(thinking) });

    const followUp = await post({
      ...thinkingBody,
      messages: [...hello.messages, { role: 'assistant', content: message.content }, { role: 'user', content: 'and now?' }],
    });
    expect(followUp.status).toBe(200);
    const tampered = await post({
      ...thinkingBody,
      messages: [
        ...hello.messages,
        { role: 'assistant', content: [{ type: 'thinking', thinking, signature: 'forged' }, { type: 'text', text: 'x' }] },
        { role: 'user', content: 'and now?' },
      ],
    });
    expect(await errorOf(tampered)).toEqual({ status: 400, type: 'invalid_request_error', message: 'messages.1.content.0: Invalid `signature` in `thinking` block' });
  });

  it('calls a tool when asked, streaming its input as input_json_delta pieces, and reads the result back', async () => {
    const ask = { ...hello, tools: [weatherTool], messages: [{ role: 'user', content: 'Please call weather {"city":"Paris","units":"metric"}' }] };
    const message = (await (await post(ask)).json()) as { content: Array<Record<string, unknown>>; stop_reason: string };
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^toolu_01/), name: 'weather', input: { city: 'Paris', units: 'metric' } }]);

    const events = parseEvents(await (await post({ ...ask, stream: true })).text());
    expect(events[1]!.data).toMatchObject({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', name: 'weather', input: {} } });
    const pieces = events.filter((event) => event.event === 'content_block_delta').map((event) => (event.data['delta'] as { partial_json: string }).partial_json);
    expect(pieces[0]).toBe('');
    expect(pieces.length).toBeGreaterThan(3);
    expect(JSON.parse(pieces.join(''))).toEqual({ city: 'Paris', units: 'metric' });
    expect(events.find((event) => event.event === 'message_delta')!.data['delta']).toEqual({ stop_reason: 'tool_use', stop_sequence: null });

    const call = message.content[0]!;
    const answer = (await (
      await post({
        ...ask,
        messages: [
          ...ask.messages,
          { role: 'assistant', content: message.content },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: call['id'], content: [{ type: 'text', text: '18°C, sunny' }] }] },
        ],
      })
    ).json()) as { content: unknown[] };
    expect(answer.content).toEqual([{ type: 'text', text: 'Tool weather returned: 18°C, sunny' }]);
  });

  it('writes a preamble before a tool call when scripted to, and a forced tool_choice calls the tool', async () => {
    mock.enqueue({ toolPreamble: "I'll check." });
    const message = (await (await post({ ...hello, tools: [weatherTool], tool_choice: { type: 'tool', name: 'weather' } })).json()) as { content: Array<Record<string, unknown>> };
    expect(message.content.map((block) => block['type'])).toEqual(['text', 'tool_use']);
    expect(message.content[0]).toEqual({ type: 'text', text: "I'll check." });
  });

  it('stops at a stop sequence or at max_tokens, saying which', async () => {
    const stopped = (await (await post({ ...hello, stop_sequences: ['there'] })).json()) as Record<string, unknown>;
    expect(stopped).toMatchObject({ content: [{ type: 'text', text: 'You said: hello ' }], stop_reason: 'stop_sequence', stop_sequence: 'there' });
    const cut = (await (await post({ ...hello, max_tokens: 2 })).json()) as Record<string, unknown>;
    expect(cut).toMatchObject({ content: [{ type: 'text', text: 'You said' }], stop_reason: 'max_tokens', stop_sequence: null });
  });

  it('reports the configured usage, cache figures included, and a different message_start figure when scripted', async () => {
    mock.enqueue({
      usage: { input_tokens: 61, output_tokens: 9, cache_read_input_tokens: 500, cache_creation_input_tokens: 40 },
      startUsage: { input_tokens: 43 },
    });
    const events = parseEvents(await (await post({ ...hello, stream: true })).text());
    expect((events[0]!.data['message'] as { usage: unknown }).usage).toMatchObject({
      input_tokens: 43,
      cache_read_input_tokens: 500,
      cache_creation_input_tokens: 40,
    });
    expect(events.find((event) => event.event === 'message_delta')!.data['usage']).toEqual({
      input_tokens: 61,
      cache_creation_input_tokens: 40,
      cache_read_input_tokens: 500,
      output_tokens: 9,
    });
  });
});

describe('validation, as the real API refuses', () => {
  const refusals: Array<[string, unknown, string]> = [
    ['a missing max_tokens', { model: 'claude-sonnet-4-5', messages: hello.messages }, 'max_tokens: Field required'],
    ['an unknown top-level field', { ...hello, n: 2 }, 'n: Extra inputs are not permitted'],
    ['a beta field without the beta header', { ...hello, context_management: {} }, 'context_management: Extra inputs are not permitted'],
    [
      'a system message',
      { ...hello, messages: [{ role: 'system', content: 'Be brief.' }, ...hello.messages] },
      'messages: Unexpected role "system". The Messages API accepts a top-level `system` parameter, not "system" as an input message role.',
    ],
    ['a tool role', { ...hello, messages: [{ role: 'tool', content: 'x' }] }, "messages.0.role: Input should be 'user' or 'assistant'"],
    ['an empty text block', { ...hello, messages: [{ role: 'user', content: [{ type: 'text', text: '' }] }] }, 'messages: text content blocks must be non-empty'],
    [
      'empty content before the last message',
      { ...hello, messages: [{ role: 'user', content: '' }, { role: 'assistant', content: 'x' }, { role: 'user', content: 'y' }] },
      'messages.0: all messages must have non-empty content except for the optional final assistant message',
    ],
    [
      'a tool_result that answers no tool_use of the previous turn',
      {
        ...hello,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a' }, { type: 'tool_result', tool_use_id: 'toolu_b' }] },
        ],
      },
      'messages.2.content.1: unexpected `tool_use_id` found in `tool_result` blocks: toolu_b. Each `tool_result` block must have a corresponding `tool_use` block in the previous message.',
    ],
    [
      'a tool_use not answered in the next turn',
      {
        ...hello,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'weather', input: {} }] },
          { role: 'user', content: 'never mind' },
        ],
      },
      'messages.1: `tool_use` ids were found without `tool_result` blocks immediately after: toolu_a. Each `tool_use` block must have a corresponding `tool_result` block in the next message.',
    ],
    [
      'a stray field on a tool_result',
      {
        ...hello,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', name: 'weather', content: 'ok' }] },
        ],
      },
      'messages.2.content.0.tool_result.name: Extra inputs are not permitted',
    ],
    [
      'tool_use input that is not an object',
      {
        ...hello,
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'weather', input: '{"city":"x"}' }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a' }] },
        ],
      },
      'messages.1.content.0.tool_use.input: Input should be a valid dictionary',
    ],
    [
      'a thinking budget not below max_tokens',
      { ...hello, max_tokens: 2048, thinking: { type: 'enabled', budget_tokens: 2048 } },
      '`max_tokens` must be greater than `thinking.budget_tokens`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking#max-tokens-and-context-window-size',
    ],
    ['a thinking budget below 1024', { ...hello, thinking: { type: 'enabled', budget_tokens: 500 } }, 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024'],
    [
      'thinking with a forced tool',
      { ...hello, max_tokens: 4096, tools: [weatherTool], tool_choice: { type: 'any' }, thinking: { type: 'enabled', budget_tokens: 1024 } },
      'Thinking may not be enabled when tool_choice forces tool use.',
    ],
    [
      'thinking on while a tool loop goes on whose opening assistant turn does not start with thinking',
      {
        ...hello,
        max_tokens: 4096,
        tools: [weatherTool],
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'text', text: 'Looking.' }, { type: 'tool_use', id: 'toolu_a', name: 'weather', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: 'Sunny' }] },
        ],
      },
      'messages.1.content.0.type: Expected `thinking` or `redacted_thinking`, but found `text`. When `thinking` is enabled, a final `assistant` message must start with a thinking block (preceeding the lastmost set of `tool_use` and `tool_result` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable `thinking`. Please consult our documentation at https://docs.claude.com/en/docs/build-with-claude/extended-thinking',
    ],
    [
      'a final assistant prefill ending in whitespace',
      { ...hello, messages: [...hello.messages, { role: 'assistant', content: 'The answer is ' }] },
      'messages: final assistant content cannot end with trailing whitespace',
    ],
    ['a whitespace-only text block', { ...hello, messages: [{ role: 'user', content: [{ type: 'text', text: ' \n' }] }] }, 'messages: text content blocks must contain non-whitespace text'],
    ['a temperature above 1', { ...hello, temperature: 1.5 }, 'temperature: Input should be less than or equal to 1'],
    [
      'an image type the API does not take',
      { ...hello, messages: [{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/heic', data: 'AAAA' } }] }] },
      "messages.0.content.0.image.source.base64.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'",
    ],
    ['a tool without input_schema', { ...hello, tools: [{ name: 'weather' }] }, 'tools.0.custom.input_schema: Field required'],
  ];

  for (const [what, body, message] of refusals) {
    it(`refuses ${what}`, async () => {
      expect(await errorOf(await post(body))).toEqual({ status: 400, type: 'invalid_request_error', message });
    });
  }

  it('takes the same tool loop with thinking off, with the opening turn signed, or once a new user message starts a new turn', async () => {
    const callAndResult = [
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_a', name: 'weather', input: {} }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_a', content: 'Sunny' }] },
    ];
    const loop = { ...hello, max_tokens: 4096, tools: [weatherTool], messages: [{ role: 'user', content: 'hi' }, ...callAndResult] };
    expect((await post(loop)).status).toBe(200);
    const thought = 'Let me check.';
    const signedOpening = [{ type: 'thinking', thinking: thought, signature: mockSignature(thought) }, callAndResult[0]!.content[0]];
    const thinkingOn = { type: 'enabled', budget_tokens: 1024 };
    const signed = { ...loop, thinking: thinkingOn, messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: signedOpening }, callAndResult[1]] };
    expect((await post(signed)).status).toBe(200);
    // A later round of the same loop need not start with thinking (Claude thinks once per turn without interleaving).
    const secondRound = { ...signed, messages: [...signed.messages, ...callAndResult.map((message) => JSON.parse(JSON.stringify(message).replaceAll('toolu_a', 'toolu_b')) as unknown)] };
    expect((await post(secondRound)).status).toBe(200);
    const newTurn = { ...loop, thinking: thinkingOn, messages: [...loop.messages, { role: 'assistant', content: 'Sunny.' }, { role: 'user', content: 'thanks' }] };
    expect((await post(newTurn)).status).toBe(200);
  });

  it('accepts a beta field with the beta header', async () => {
    const response = await post({ ...hello, context_management: {} }, { headers: headers({ 'anthropic-beta': 'context-management-2025-06-27' }) });
    expect(response.status).toBe(200);
  });

  it('answers an unknown model with 404 not_found_error', async () => {
    expect(await errorOf(await post({ ...hello, model: 'claude-9' }))).toEqual({ status: 404, type: 'not_found_error', message: 'model: claude-9' });
  });

  it('wants an x-api-key it knows, and the anthropic-version header', async () => {
    const { 'x-api-key': _key, ...withoutKey } = headers();
    expect(await errorOf(await post(hello, { headers: withoutKey }))).toEqual({ status: 401, type: 'authentication_error', message: 'x-api-key header is required' });
    expect(await errorOf(await post(hello, { headers: headers({ 'x-api-key': 'sk-wrong' }) }))).toEqual({
      status: 401,
      type: 'authentication_error',
      message: 'invalid x-api-key',
    });
    const { 'anthropic-version': _version, ...withoutVersion } = headers();
    expect(await errorOf(await post(hello, { headers: withoutVersion }))).toEqual({
      status: 400,
      type: 'invalid_request_error',
      message: 'anthropic-version: header is required',
    });
  });
});

describe('scripted behaviours', () => {
  it('answers a scripted status in Anthropic’s error shape, 529 overloaded included', async () => {
    mock.enqueue({ status: 529 }, { status: 429, retryAfter: '7' }, { status: 400, errorType: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' });
    expect(await errorOf(await post(hello))).toEqual({ status: 529, type: 'overloaded_error', message: 'Overloaded' });
    const limited = await post(hello);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(await errorOf(limited)).toMatchObject({ status: 429, type: 'rate_limit_error' });
    expect(await errorOf(await post(hello))).toEqual({ status: 400, type: 'invalid_request_error', message: 'prompt is too long: 210000 tokens > 200000 maximum' });
  });

  it("sends Cloudflare's HTML page for a bare 502", async () => {
    mock.enqueue({ status: 502 });
    const response = await post(hello);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('502 Bad Gateway');
  });

  it('sends an error event inside a 200 stream before any content', async () => {
    mock.enqueue({ streamErrorBeforeContent: true });
    const response = await post({ ...hello, stream: true });
    expect(response.status).toBe(200);
    expect(parseEvents(await response.text())).toEqual([{ event: 'error', data: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } } }]);
  });

  it('fails a generated stream partway with an error event', async () => {
    mock.enqueue({ streamErrorAfterEvents: 3, streamErrorType: 'api_error', message: 'Internal server error' });
    const events = parseEvents(await (await post({ ...hello, stream: true })).text());
    expect(events.map((event) => event.event)).toEqual(['message_start', 'content_block_start', 'ping', 'error']);
    expect(events[3]!.data).toEqual({ type: 'error', error: { type: 'api_error', message: 'Internal server error' } });
  });

  it('ends a stream without message_stop when told to close early', async () => {
    mock.enqueue({ streamEnd: 'close' });
    const events = parseEvents(await (await post({ ...hello, stream: true })).text());
    expect(events.at(-1)!.event).toBe('message_delta');
  });

  it('scripts every request of one key until told otherwise, leaving the queue alone', async () => {
    mock.behaviourFor('sk-ant-special', { reply: 'special' });
    mock.enqueue({ reply: 'queued' });
    const special = (await (await post(hello, { headers: headers({ 'x-api-key': 'sk-ant-special' }) })).json()) as { content: unknown[] };
    expect(special.content).toEqual([{ type: 'text', text: 'special' }]);
    const queued = (await (await post(hello)).json()) as { content: unknown[] };
    expect(queued.content).toEqual([{ type: 'text', text: 'queued' }]);
    mock.behaviourFor('sk-ant-special', undefined);
    const plain = (await (await post(hello, { headers: headers({ 'x-api-key': 'sk-ant-special' }) })).json()) as { content: unknown[] };
    expect(plain.content).toEqual([{ type: 'text', text: 'You said: hello there' }]);
  });

  it('holds a hung stream open and records the client going away', async () => {
    mock.enqueue({ hang: true });
    const abort = new AbortController();
    const response = await post({ ...hello, stream: true }, { signal: abort.signal });
    const reader = response.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first.startsWith('event: message_start\n')).toBe(true);
    abort.abort();
    await waitFor(() => mock.requests[0]?.aborted, { description: 'the mock to see the client leave' });
  });

  it('resets the connection when told to', async () => {
    mock.enqueue({ resetConnection: true });
    await expect(post(hello)).rejects.toThrow();
  });
});

describe(
  recordedSuite('replaying recorded Anthropic answers', 'anthropic'),
  () => {
    it('replays a recorded stream verbatim, framed with event names', async () => {
      mock.enqueue({ replayRecorded: 'anthropic-json-tool.2' });
      const text = await (await post({ ...hello, stream: true })).text();
      const chunks = await readRecordedChunks('anthropic-json-tool.2');
      expect(text).toBe(chunks.map((chunk) => `event: ${(JSON.parse(chunk) as { type: string }).type}\ndata: ${chunk}\n\n`).join(''));
    });

    it('replays a recorded body for a non-stream request', async () => {
      mock.enqueue({ replayRecorded: 'anthropic-json-tool.1' });
      const body = await (await post(hello)).json();
      expect(body).toEqual(readRecordedJson('anthropic/anthropic-json-tool.1.json'));
    });
  },
);

describe('token counting and models', () => {
  it('counts input tokens without needing max_tokens', async () => {
    const response = await post({ model: 'claude-sonnet-4-5', messages: hello.messages }, { path: '/v1/messages/count_tokens' });
    expect(await response.json()).toEqual({ input_tokens: inputTokensFor(hello) });
    expect(await errorOf(await post({ ...hello, stream: true }, { path: '/v1/messages/count_tokens' }))).toMatchObject({ message: 'max_tokens: Extra inputs are not permitted' });
  });

  it('lists models in pages and retrieves one', async () => {
    const get = (path: string) => fetch(`${mock.baseUrl}${path}`, { headers: headers() });
    const first = (await (await get('/v1/models?limit=5')).json()) as { data: Array<{ id: string; type: string }>; has_more: boolean; last_id: string };
    expect(first.data).toHaveLength(5);
    expect(first.data[0]).toMatchObject({ type: 'model', id: 'claude-sonnet-4-5', display_name: expect.any(String), created_at: expect.any(String) });
    expect(first.has_more).toBe(true);
    const rest = (await (await get(`/v1/models?limit=1000&after_id=${first.last_id}`)).json()) as { data: unknown[]; has_more: boolean };
    expect(rest.has_more).toBe(false);
    expect(first.data.length + rest.data.length).toBe(12);
    expect(await (await get('/v1/models/claude-haiku-4-5')).json()).toMatchObject({ id: 'claude-haiku-4-5' });
    expect(await errorOf(await get('/v1/models/claude-9'))).toEqual({ status: 404, type: 'not_found_error', message: 'model: claude-9' });
  });
});
