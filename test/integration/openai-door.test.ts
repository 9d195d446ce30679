import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../support/listen.js';
import { mockEmbedding, readRecordedChunks, startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// The official openai SDK, pointed at Switchyard with only a base URL and a client key, must behave
// exactly as it does against api.openai.com; the mock upstream must see what OpenAI would.

let upstream: MockOpenAI;
let discovering: MockOpenAI;
let gateway: TestGateway;
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
  upstream = await startMockOpenAI({ usage: { prompt_tokens: 1000, completion_tokens: 200, cached_tokens: 400 } });
  discovering = await startMockOpenAI({ models: ['relay-model-1', 'relay-model-2'] });
  gateway = await startTestGateway({
    providers: [
      {
        id: 'openai-main',
        type: 'openai',
        baseUrl: upstream.baseUrl,
        keys: [{ id: 'oa-1', secret: 'sk-upstream-main-0001' }],
        models: ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small'],
      },
      // No `models`: the list is fetched from the provider.
      { id: 'relay', type: 'openai-compatible', baseUrl: discovering.baseUrl, keys: [{ id: 'r-1', secret: 'sk-relay-0001' }] },
    ],
    modelAliases: { 'gpt-4': 'gpt-4o', fast: 'gpt-4o-mini' },
    prices: { 'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 } },
  });
  client = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
});

afterEach(() => {
  upstream.reset();
  discovering.reset();
});

afterAll(async () => {
  await gateway?.dispose();
  await upstream?.close();
  await discovering?.close();
});

async function collect(stream: AsyncIterable<ChatCompletionChunk>): Promise<ChatCompletionChunk[]> {
  const chunks: ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function summary(window = '24h') {
  const response = await fetch(`${gateway.url}/api/stats/summary?window=${window}`, {
    headers: { authorization: 'Bearer test-admin-token' },
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    requests: number;
    inputTokens: number;
    outputTokens: number;
    costUsd: number;
    byModel: Array<{ model: string; requests: number; costUsd: number }>;
  };
}

describe('chat completions through the gateway', () => {
  it('answers a non-stream request and forwards the body with only the model rewritten, the stored key swapped in', async () => {
    const completion = await client.chat.completions.create({
      model: 'gpt-4',
      messages: [{ role: 'user', content: 'hello gateway' }],
      temperature: 0.2,
    });
    expect(completion.choices[0]?.message.content).toBe('You said: hello gateway');
    expect(completion.usage).toMatchObject({ prompt_tokens: 1000, completion_tokens: 200 });
    const seen = upstream.requests.at(-1)!;
    expect(seen.path).toBe('/v1/chat/completions');
    expect(seen.apiKey).toBe('sk-upstream-main-0001');
    expect(seen.json).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello gateway' }], temperature: 0.2 });
    expect(JSON.stringify(seen.headers)).not.toContain(testClientKey);
  });

  it('sends the client bytes untouched when nothing needs rewriting', async () => {
    // Odd spacing and key order survive: the body is not parsed and re-serialised on this path.
    const raw = '{ "messages" : [{"content":"spaced   out","role":"user"}],\n "model":"gpt-4o" }';
    const response = await fetch(`${gateway.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' },
      body: raw,
    });
    expect(response.status).toBe(200);
    expect(upstream.requests.at(-1)!.body).toBe(raw);
  });

  it('streams without include_usage: the client sees no usage chunk, yet the usage is recorded', async () => {
    const before = await summary();
    const chunks = await collect(
      await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'stream me' }], stream: true }),
    );
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('You said: stream me');
    expect(chunks.every((chunk) => chunk.choices.length > 0)).toBe(true);
    expect(chunks.some((chunk) => 'usage' in chunk && chunk.usage)).toBe(false);
    // Switchyard asked the upstream for usage on the client's behalf...
    expect((upstream.requests.at(-1)!.json as { stream_options?: unknown }).stream_options).toEqual({ include_usage: true });
    // ...and recorded it: 1000 in (400 cached), 200 out at 2.5/1.25/10 per million.
    await waitFor(async () => (await summary()).requests === before.requests + 1, { description: 'usage recorded' });
    const after = await summary();
    expect(after.inputTokens - before.inputTokens).toBe(1000);
    expect(after.outputTokens - before.outputTokens).toBe(200);
    expect(after.costUsd - before.costUsd).toBeCloseTo((600 * 2.5 + 400 * 1.25 + 200 * 10) / 1e6, 12);
  });

  it('streams with include_usage: the client gets the usage chunk itself', async () => {
    const chunks = await collect(
      await client.chat.completions.create({
        model: 'gpt-4o',
        messages: [{ role: 'user', content: 'with usage' }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 });
  });

  it('streams tool-call deltas that the SDK assembles into a whole call', async () => {
    const stream = client.chat.completions.stream({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'call weather {"city":"Paris"}' }],
      tools: [weatherTool],
    });
    const final = await stream.finalChatCompletion();
    const call = final.choices[0]?.message.tool_calls?.[0];
    expect(final.choices[0]?.finish_reason).toBe('tool_calls');
    expect(call?.type === 'function' && call.function.name).toBe('weather');
    expect(call?.type === 'function' && JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
  });

  it('replays a recorded real stream byte for byte when the client asked for usage', async () => {
    upstream.enqueue({ replayRecorded: 'xai-tool-call' });
    const response = await fetch(`${gateway.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } }),
    });
    const text = await response.text();
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const recorded = await readRecordedChunks('xai-tool-call');
    expect(text).toBe(`${recorded.map((payload) => `data: ${payload}\n\n`).join('')}data: [DONE]\n\n`);
  });

  it('returns the upstream 4xx as it is, in OpenAI shape, without retrying', async () => {
    const error = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], ...({ bogus_param: 1 } as object) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as InstanceType<typeof OpenAI.BadRequestError>).message).toContain('bogus_param');
    expect(upstream.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(1);
  });
});

describe('embeddings and models', () => {
  it('forwards embeddings and the SDK decodes its default base64 answer', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: 'vector me' });
    const expected = mockEmbedding('vector me', 1536);
    expect(result.data[0]?.embedding).toHaveLength(expected.length);
    expect(result.data[0]?.embedding.slice(0, 8)).toEqual(expected.slice(0, 8));
    expect(upstream.requests.at(-1)!.path).toBe('/v1/embeddings');
  });

  it('lists configured, discovered and aliased models in OpenAI list format', async () => {
    const ids = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toEqual(
      expect.arrayContaining(['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small', 'relay-model-1', 'relay-model-2', 'gpt-4', 'fast']),
    );
  });

  it('routes a discovered model to the provider that listed it', async () => {
    const completion = await client.chat.completions.create({ model: 'relay-model-2', messages: [{ role: 'user', content: 'hi relay' }] });
    expect(completion.choices[0]?.message.content).toBe('You said: hi relay');
    expect(discovering.requests.at(-1)!.apiKey).toBe('sk-relay-0001');
  });

  it('pins a provider with providerId/model', async () => {
    await client.chat.completions.create({ model: 'openai-main/gpt-4o-mini', messages: [{ role: 'user', content: 'pinned' }] });
    expect((upstream.requests.at(-1)!.json as { model: string }).model).toBe('gpt-4o-mini');
  });

  it('refreshes the discovered list through the admin API', async () => {
    const response = await fetch(`${gateway.url}/api/models/refresh`, { method: 'POST', headers: { authorization: 'Bearer test-admin-token' } });
    expect(response.status).toBe(200);
    expect(discovering.requests.some((request) => request.path === '/v1/models')).toBe(true);
  });
});

describe('client side', () => {
  it('refuses a missing or unknown client key with an OpenAI-shaped 401', async () => {
    const stranger = new OpenAI({ apiKey: 'sk-not-a-client', baseURL: gateway.baseUrl, maxRetries: 0 });
    const error = await stranger.models.list().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const response = await fetch(`${gateway.baseUrl}/models`);
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { type: 'authentication_error', code: 'invalid_api_key' } });
  });

  it('accepts the client key in x-api-key and x-goog-api-key too', async () => {
    for (const header of ['x-api-key', 'x-goog-api-key']) {
      const response = await fetch(`${gateway.baseUrl}/models`, { headers: { [header]: testClientKey } });
      expect(response.status, header).toBe(200);
      expect(((await response.json()) as { object: string }).object).toBe('list');
    }
  });

  it('answers malformed JSON with an OpenAI-shaped 400 and sends nothing upstream', async () => {
    const response = await fetch(`${gateway.baseUrl}/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' },
      body: '{"model": "gpt-4o", "messages": [',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'invalid_json', type: 'invalid_request_error' } });
    expect(upstream.requests).toHaveLength(0);
  });

  it('answers an unknown model with 404 model_not_found', async () => {
    const error = await client.chat.completions.create({ model: 'no-such-model', messages: [{ role: 'user', content: 'x' }] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
  });

  it('cancels the upstream request when the client aborts mid-stream', async () => {
    upstream.enqueue({ hang: true });
    const controller = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'gpt-4o', messages: [{ role: 'user', content: 'hang' }], stream: true },
      { signal: controller.signal },
    );
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    controller.abort();
    await waitFor(() => upstream.requests.at(-1)?.aborted === true, { description: 'upstream saw the abort' });
  });
});
