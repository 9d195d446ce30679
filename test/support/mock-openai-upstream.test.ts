import { request as httpRequest } from 'node:http';
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './listen.js';
import {
  MOCK_SYSTEM_FINGERPRINT,
  mockEmbedding,
  promptTokensFor,
  readRecordedChunks,
  startMockOpenAI,
  tokensForText,
  type MockOpenAI,
} from './mock-openai-upstream.js';

// The mock is proven faithful by the official SDK itself: if the SDK parses, assembles and raises
// errors from it as it does from api.openai.com, the gateway meets the same bytes in tests.

let mock: MockOpenAI;
let client: OpenAI;

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'weather',
    description: 'The weather in a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

beforeAll(async () => {
  mock = await startMockOpenAI();
  client = new OpenAI({ apiKey: 'sk-test-key-0001', baseURL: mock.baseUrl, maxRetries: 0 });
});

afterEach(() => {
  mock.reset();
});

afterAll(async () => {
  await mock.close();
});

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

function contentOf(chunks: readonly ChatCompletionChunk[]): string {
  return chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
}

describe('chat completions', () => {
  it('answers a non-stream request with a full chat.completion and deterministic usage', async () => {
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: 'hello there' },
    ];
    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages });

    expect(completion.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('gpt-4o-2024-08-06');
    expect(completion.system_fingerprint).toBe(MOCK_SYSTEM_FINGERPRINT);
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: 'You said: hello there', refusal: null, annotations: [] },
      logprobs: null,
      finish_reason: 'stop',
    });
    const promptTokens = tokensForText('Be brief.hello there');
    expect(promptTokens).toBe(promptTokensFor(messages));
    expect(completion.usage).toEqual({
      prompt_tokens: promptTokens,
      completion_tokens: tokensForText('You said: hello there'),
      total_tokens: promptTokens + tokensForText('You said: hello there'),
      prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
    });

    const [recorded] = mock.requests;
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/v1/chat/completions');
    expect(recorded?.headers['authorization']).toBe('Bearer sk-test-key-0001');
    expect(recorded?.apiKey).toBe('sk-test-key-0001');
    expect(recorded?.json).toEqual({ model: 'gpt-4o', messages });
    expect(recorded?.aborted).toBe(false);
    expect(recorded?.status).toBe(200);
  });

  it('streams without usage unless include_usage asks for it', async () => {
    const chunks = await collect(
      await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'one two three' }], stream: true }),
    );
    expect(contentOf(chunks)).toBe('You said: one two three');
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks[0]?.choices[0]?.delta).toEqual({ role: 'assistant', content: '', refusal: null });
    expect(chunks.at(-1)?.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.model === 'gpt-4o-mini-2024-07-18')).toBe(true);
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('streams usage in a last chunk with no choices, and usage null on every other chunk, when asked', async () => {
    const chunks = await collect(
      await client.chat.completions.create({
        model: 'gpt-4.1-nano',
        messages: [{ role: 'user', content: 'count me' }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.prompt_tokens).toBe(tokensForText('count me'));
    expect(last?.usage?.total_tokens).toBe(tokensForText('count me') + tokensForText('You said: count me'));
    expect(chunks.slice(0, -1).every((chunk) => 'usage' in chunk && chunk.usage === null)).toBe(true);
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
  });

  it('frames the stream as OpenAI does: data lines, then data: [DONE]', async () => {
    const response = await fetch(`${mock.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-raw', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true }),
    });
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const text = await response.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const events = text.split('\n\n').filter(Boolean);
    expect(events.every((event) => event.startsWith('data: '))).toBe(true);
  });

  it('answers "call <tool>" with a tool call the SDK stream helper assembles', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'Please call weather {"city":"Paris"}' }],
      tools: [weatherTool],
    });
    const argumentPieces: string[] = [];
    stream.on('tool_calls.function.arguments.delta', (event) => argumentPieces.push(event.arguments_delta));
    const completion = await stream.finalChatCompletion();
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe('tool_calls');
    const call = choice?.message.tool_calls?.[0];
    expect(call?.id).toMatch(/^call_[A-Za-z0-9]{24}$/);
    expect(call?.type).toBe('function');
    expect(call?.type === 'function' && call.function).toEqual({ name: 'weather', arguments: '{"city":"Paris"}' });
    expect(argumentPieces.length).toBeGreaterThan(1);
    expect(argumentPieces.join('')).toBe('{"city":"Paris"}');
  });

  it('runs a tool loop with the SDK runTools helper (tool message validated against the tool call id)', async () => {
    const calls: unknown[] = [];
    const runner = client.chat.completions.runTools({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'call weather {"city":"Oslo"}' }],
      tools: [
        {
          type: 'function',
          function: {
            name: 'weather',
            description: 'The weather in a city',
            parameters: { type: 'object', properties: { city: { type: 'string' } } },
            parse: (text: string) => JSON.parse(text) as { city: string },
            function: (input: { city: string }) => {
              calls.push(input);
              return `sunny in ${input.city}`;
            },
          },
        },
      ],
    });
    expect(await runner.finalContent()).toBe('Tool weather returned: sunny in Oslo');
    expect(calls).toEqual([{ city: 'Oslo' }]);
    expect(mock.requests).toHaveLength(2);
  });

  it('truncates at max_completion_tokens with finish_reason length', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'a fairly long sentence to be echoed back' }],
      max_completion_tokens: 2,
    });
    expect(completion.choices[0]?.finish_reason).toBe('length');
    expect(completion.choices[0]?.message.content).toBe('You said');
  });
});

describe('validation like the real API', () => {
  it('rejects an unknown top-level parameter as BadRequestError', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], bogus_option: 1 } as never)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('Unrecognized request argument supplied: bogus_option');
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).type).toBe('invalid_request_error');
  });

  it('rejects stream_options without stream', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream_options: { include_usage: true } })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain("The 'stream_options' parameter is only allowed when 'stream' is enabled.");
  });

  it('rejects a tool message whose tool_call_id answers no earlier tool call, and unanswered tool calls', async () => {
    const orphan = await client.chat.completions
      .create({
        model: 'gpt-4o',
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'call_2', content: 'result' },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(orphan).toBeInstanceOf(OpenAI.BadRequestError);
    expect((orphan as Error).message).toContain("'tool_call_id' of 'call_2' not found");

    const unanswered = await client.chat.completions
      .create({
        model: 'gpt-4o',
        messages: [
          { role: 'user', content: 'x' },
          { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
          { role: 'user', content: 'y' },
        ],
      })
      .catch((caught: unknown) => caught);
    expect(unanswered).toBeInstanceOf(OpenAI.BadRequestError);
    expect((unanswered as Error).message).toContain('did not have response messages: call_1');
  });

  it('rejects empty messages, a bad role and a body that is not JSON', async () => {
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [] })).rejects.toThrow(/empty array/);
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'robot', content: 'x' }] as never })).rejects.toThrow(
      /Invalid value: 'robot'/,
    );
    const response = await fetch(`${mock.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-raw', 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param: null, code: null } });
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await client.chat.completions.create({ model: 'gpt-9', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('answers an unknown route with 404 Invalid URL', async () => {
    const response = await fetch(`${mock.baseUrl}/nothing-here`, { method: 'POST', headers: { authorization: 'Bearer sk-x' } });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: 'Invalid URL (POST /v1/nothing-here)', type: 'invalid_request_error', param: null, code: null },
    });
  });
});

describe('auth and scripted errors', () => {
  it('raises AuthenticationError for a key that is not accepted', async () => {
    const strict = await startMockOpenAI({ keys: ['sk-good'] });
    try {
      const bad = new OpenAI({ apiKey: 'sk-wrong-key-abcd', baseURL: strict.baseUrl, maxRetries: 0 });
      const error = await bad.models.list().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
      expect((error as InstanceType<typeof OpenAI.AuthenticationError>).code).toBe('invalid_api_key');
      expect((error as Error).message).toContain('Incorrect API key provided: sk-**********abcd.');
      const good = new OpenAI({ apiKey: 'sk-good', baseURL: strict.baseUrl, maxRetries: 0 });
      await expect(good.models.list()).resolves.toBeDefined();
    } finally {
      await strict.close();
    }
  });

  it('raises RateLimitError for a scripted 429 with retry-after', async () => {
    mock.behaviourFor('sk-limited', { status: 429, retryAfter: '1' });
    const limited = new OpenAI({ apiKey: 'sk-limited', baseURL: mock.baseUrl, maxRetries: 0 });
    const error = await limited.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.code).toBe('rate_limit_exceeded');
    expect(rateLimit.type).toBe('requests');
    expect(rateLimit.headers.get('retry-after')).toBe('1');
    // Other keys are unaffected.
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).resolves.toBeDefined();
  });

  it('serves queued behaviours to the next requests in order, which the SDK retries through', async () => {
    // retry-after-ms keeps the SDK's backoff short.
    mock.enqueue({ status: 500, headers: { 'retry-after-ms': '5' } }, { status: 503, headers: { 'retry-after-ms': '5' } });
    const retrying = new OpenAI({ apiKey: 'sk-retry', baseURL: mock.baseUrl, maxRetries: 2 });
    const completion = await retrying.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'again' }] });
    expect(completion.choices[0]?.message.content).toBe('You said: again');
    expect(mock.requests.map((request) => request.status)).toEqual([500, 503, 200]);
  });

  it('sends a custom error shape and Cloudflare HTML for a bare 502', async () => {
    mock.enqueue({ status: 429, errorType: 'insufficient_quota', errorCode: 'insufficient_quota', message: 'You exceeded your current quota.' });
    const quota = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(quota).toBeInstanceOf(OpenAI.RateLimitError);
    expect((quota as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('insufficient_quota');

    mock.enqueue({ status: 502 });
    const response = await fetch(`${mock.baseUrl}/chat/completions`, { method: 'POST', body: '{}' });
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html');
    expect(await response.text()).toContain('502 Bad Gateway');
  });

  it('resets the connection before any answer', async () => {
    mock.enqueue({ resetConnection: true });
    const error = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(mock.requests[0]?.aborted).toBe(false);
    expect(mock.requests[0]?.status).toBeUndefined();
  });

  it('delays headers, and records the client giving up as aborted', async () => {
    mock.enqueue({ delayHeadersMs: 2_000 });
    const impatient = new OpenAI({ apiKey: 'sk-x', baseURL: mock.baseUrl, maxRetries: 0, timeout: 100 });
    const error = await impatient.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    await waitFor(() => mock.requests[0]?.aborted, { description: 'the mock to see the abort' });
  });
});

describe('scripted streams', () => {
  it('sends scripted chunks with delays and send-time stamps', async () => {
    const payloads = ['Hello', ' there', '!'].map((content, index) =>
      JSON.stringify({
        id: 'chatcmpl-scripted',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'gpt-4o',
        choices: [{ index: 0, delta: index === 0 ? { role: 'assistant', content } : { content }, logprobs: null, finish_reason: null }],
      }),
    );
    mock.enqueue({ streamChunks: payloads, chunkDelayMs: 40, stampSendTime: true });
    const arrivals: { sent: number; arrived: number }[] = [];
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) {
      chunks.push(chunk);
      arrivals.push({ sent: (chunk as unknown as { x_sent_at: number }).x_sent_at, arrived: performance.timeOrigin + performance.now() });
    }
    expect(contentOf(chunks)).toBe('Hello there!');
    expect(arrivals.every(({ sent, arrived }) => typeof sent === 'number' && arrived >= sent)).toBe(true);
    expect((arrivals[2]?.sent ?? 0) - (arrivals[0]?.sent ?? 0)).toBeGreaterThanOrEqual(70);
  });

  it('hangs after the first chunk until the client aborts, and records the abort', async () => {
    mock.enqueue({ hang: true });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true },
      { signal: controller.signal },
    );
    const iterator = stream[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.value?.choices[0]?.delta.role).toBe('assistant');
    expect(mock.requests[0]?.aborted).toBe(false);
    controller.abort();
    // The SDK ends iteration quietly on an abort of its own signal.
    await expect(iterator.next()).resolves.toMatchObject({ done: true });
    await waitFor(() => mock.requests[0]?.aborted, { description: 'the mock to see the abort' });
  });

  it('can end a stream by resetting the socket mid-way', async () => {
    mock.enqueue({ streamEnd: 'reset' });
    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true });
    await expect(collect(stream)).rejects.toThrow();
  });
});

describe('recorded replay', () => {
  it('replays openai-text.chunks.txt verbatim, and the SDK reads the same text and usage', async () => {
    const lines = await readRecordedChunks('openai-text');
    const parsed = lines.map((line) => JSON.parse(line) as ChatCompletionChunk);
    const expectedText = parsed.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(expectedText.length).toBeGreaterThan(500);

    mock.enqueue({ replayRecorded: 'openai-text' });
    const chunks = await collect(
      await client.chat.completions.create({ model: 'gpt-4.1-nano', messages: [{ role: 'user', content: 'x' }], stream: true }),
    );
    expect(chunks).toHaveLength(lines.length);
    expect(contentOf(chunks)).toBe(expectedText);
    expect(chunks.at(-1)?.usage).toEqual(parsed.at(-1)?.usage);
    expect(chunks.at(-1)?.usage?.completion_tokens).toBe(300);
  });

  it.each([
    { name: 'deepseek-tool-call' as const, input: { location: 'San Francisco' } },
    { name: 'xai-tool-call' as const, input: { location: 'San Francisco' } },
    { name: 'groq-tool-call' as const, input: {} },
  ])('replays $name, which the SDK stream helper assembles into a tool call', async ({ name, input }) => {
    mock.enqueue({ replayRecorded: name });
    const completion = await client.chat.completions
      .stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'weather?' }], tools: [weatherTool] })
      .finalChatCompletion();
    expect(completion.choices[0]?.finish_reason).toBe('tool_calls');
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.type === 'function' && call.function.name).toBe('weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual(input);
  });
});

describe('embeddings', () => {
  it('sends base64 float32 that the SDK decodes by default to the mock vectors', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    expect(result.object).toBe('list');
    expect(result.data).toHaveLength(2);
    expect(mock.requests[0]?.json).toMatchObject({ encoding_format: 'base64' });
    expect(result.data[0]?.embedding).toEqual(mockEmbedding('alpha', 1536));
    expect(result.data[1]?.embedding).toEqual(mockEmbedding('beta', 1536));
    const promptTokens = tokensForText('alpha') + tokensForText('beta');
    expect(result.usage).toEqual({ prompt_tokens: promptTokens, total_tokens: promptTokens });
  });

  it('sends the same vectors as JSON floats, with dimensions, and takes token arrays', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-large', input: 'alpha', encoding_format: 'float', dimensions: 8 });
    expect(result.data[0]?.embedding).toEqual(mockEmbedding('alpha', 8));
    const norm = Math.hypot(...(result.data[0]?.embedding ?? []));
    expect(norm).toBeCloseTo(1, 5);

    const tokens = await client.embeddings.create({ model: 'text-embedding-3-small', input: [[1, 2, 3]], encoding_format: 'float' });
    expect(tokens.usage.prompt_tokens).toBe(3);
  });

  it('rejects an empty input', async () => {
    await expect(client.embeddings.create({ model: 'text-embedding-3-small', input: '' })).rejects.toBeInstanceOf(OpenAI.BadRequestError);
  });
});

describe('models', () => {
  it('lists the configured models', async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      expect(model.object).toBe('model');
      expect(model.owned_by).toBe('system');
      ids.push(model.id);
    }
    expect(ids).toContain('gpt-4o');
    expect(ids).toContain('text-embedding-3-small');
    await expect(client.models.retrieve('gpt-4o-mini')).resolves.toMatchObject({ id: 'gpt-4o-mini' });
    await expect(client.models.retrieve('nope')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});

describe('echo routes', () => {
  it('echoes method, path, query, headers and body without auth', async () => {
    const response = await fetch(`${mock.baseUrl}/echo/some/thing?a=1&b=2&b=3&status=201`, {
      method: 'PUT',
      headers: { 'x-custom': 'yes', 'content-type': 'text/plain' },
      body: 'payload',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      method: 'PUT',
      path: '/v1/echo/some/thing?a=1&b=2&b=3&status=201',
      pathname: '/v1/echo/some/thing',
      query: { a: '1', b: ['2', '3'], status: '201' },
      headers: { 'x-custom': 'yes', 'content-type': 'text/plain' },
      body: 'payload',
    });
  });

  it('mirrors a streamed request body piece by piece before the body ends', async () => {
    const url = new URL(`${mock.baseUrl}/echo-stream`);
    const received: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest(url, { method: 'POST', headers: { 'content-type': 'text/plain' } }, (incoming) => {
        let sent = 1;
        incoming.setEncoding('utf8');
        incoming.on('data', (piece: string) => {
          received.push(piece);
          // The next piece goes out only after the previous one came back: no buffering on either side.
          if (sent < 3) outgoing.write(`piece-${sent++};`);
          else outgoing.end();
        });
        incoming.on('end', resolve);
        incoming.on('error', reject);
      });
      outgoing.on('error', reject);
      outgoing.flushHeaders();
      outgoing.write('piece-0;');
    });
    expect(received).toEqual(['piece-0;', 'piece-1;', 'piece-2;']);
    expect(mock.requests[0]?.body).toBe('piece-0;piece-1;piece-2;');
  });

  it('sends a whole body back in N delayed pieces with ?chunks=N', async () => {
    const response = await fetch(`${mock.baseUrl}/echo-stream?chunks=4&delayMs=10`, { method: 'POST', body: 'abcdefgh' });
    const pieces: string[] = [];
    const decoder = new TextDecoder();
    for await (const piece of response.body as unknown as AsyncIterable<Uint8Array>) pieces.push(decoder.decode(piece));
    expect(pieces.join('')).toBe('abcdefgh');
    expect(pieces.length).toBeGreaterThan(1);
  });
});
