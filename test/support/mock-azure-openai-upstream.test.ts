import { AzureOpenAI, APIError } from 'openai';
import type { ChatCompletionChunk, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  AZURE_PROMPT_FILTER_MESSAGE,
  passingVerdicts,
  startMockAzureOpenAI,
  type MockAzureOpenAI,
} from './mock-azure-openai-upstream.js';
import { MOCK_SYSTEM_FINGERPRINT, mockEmbedding, promptTokensFor, tokensForText } from './mock-openai-upstream.js';

// The mock is proven faithful by Azure's client in the official SDK: if `AzureOpenAI` builds its
// requests for it and parses, assembles and raises errors from its answers as it does from
// *.openai.azure.com, the gateway meets the same bytes in tests.

const API_VERSION = '2024-10-21';
let mock: MockAzureOpenAI;
let client: AzureOpenAI;

const weatherTool: ChatCompletionTool = {
  type: 'function',
  function: { name: 'weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};

beforeAll(async () => {
  mock = await startMockAzureOpenAI();
  client = new AzureOpenAI({ endpoint: mock.endpoint, apiKey: 'az-test-key', apiVersion: API_VERSION, maxRetries: 0 });
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

async function caught(promise: Promise<unknown>): Promise<APIError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof APIError) return error;
    throw error;
  }
  throw new Error('expected the SDK to raise an API error');
}

describe('chat completions through AzureOpenAI', () => {
  it('answers at the deployment path, with the key in api-key and the api-version in the query', async () => {
    const deployed = new AzureOpenAI({ endpoint: mock.endpoint, apiKey: 'az-test-key', apiVersion: API_VERSION, deployment: 'prod-gpt4o', maxRetries: 0 });
    const messages = [{ role: 'user' as const, content: 'hello there' }];
    const completion = await deployed.chat.completions.create({ model: 'ignored-by-azure', messages });

    const request = mock.requests[0]!;
    expect(request.path).toBe(`/openai/deployments/prod-gpt4o/chat/completions?api-version=${API_VERSION}`);
    expect(request.apiKey).toBe('az-test-key');
    expect(request.headers.authorization).toBeUndefined();
    expect(request.deployment).toBe('prod-gpt4o');

    expect(completion.id).toMatch(/^chatcmpl-[A-Za-z0-9]{29}$/);
    expect(completion.model).toBe('gpt-4o-2024-08-06');
    expect(completion.system_fingerprint).toBe(MOCK_SYSTEM_FINGERPRINT);
    expect(completion.choices[0]!.message.content).toBe('You said: hello there');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    const raw = completion as unknown as Record<string, unknown>;
    expect(raw['prompt_filter_results']).toEqual([
      { prompt_index: 0, content_filter_results: { ...passingVerdicts(), jailbreak: { filtered: false, detected: false } } },
    ]);
    expect((completion.choices[0] as unknown as Record<string, unknown>)['content_filter_results']).toEqual(passingVerdicts());
    expect(completion.usage).toMatchObject({
      prompt_tokens: promptTokensFor(messages),
      completion_tokens: tokensForText('You said: hello there'),
      total_tokens: promptTokensFor(messages) + tokensForText('You said: hello there'),
    });
  });

  it('takes the deployment from the model when the client names none, as the SDK does', async () => {
    await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(mock.requests[0]!.path).toBe(`/openai/deployments/gpt-4o-mini/chat/completions?api-version=${API_VERSION}`);
  });

  it('streams as Azure does: a prompt-verdict chunk first, verdicts on every choice, usage last', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'stream this please' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);

    const first = chunks[0] as unknown as Record<string, unknown>;
    expect(first).toEqual({
      choices: [],
      created: 0,
      id: '',
      model: '',
      object: '',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: { ...passingVerdicts(), jailbreak: { filtered: false, detected: false } } }],
    });
    const body = chunks.slice(1, -1);
    expect(body[0]!.choices[0]!.delta).toEqual({ content: '', refusal: null, role: 'assistant' });
    expect(body.map((chunk) => chunk.choices[0]!.delta.content ?? '').join('')).toBe('You said: stream this please');
    for (const chunk of body) {
      expect(chunk.usage).toBeNull();
      expect(chunk.id).toMatch(/^chatcmpl-/);
      expect(chunk.model).toBe('gpt-4o-2024-08-06');
      expect(chunk.choices[0]).toHaveProperty('content_filter_results');
    }
    expect((body[1]!.choices[0] as unknown as Record<string, unknown>)['content_filter_results']).toEqual(passingVerdicts());
    expect(body.at(-1)!.choices[0]!.finish_reason).toBe('stop');
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage?.completion_tokens).toBe(tokensForText('You said: stream this please'));
  });

  it('sends no usage key at all when the stream does not ask for usage', async () => {
    const chunks = await collect(await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true }));
    expect(chunks.every((chunk) => !('usage' in chunk))).toBe(true);
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('stop');
  });

  it('streams a tool call whose argument pieces assemble to the JSON asked for', async () => {
    const stream = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: 'call weather {"city":"Paris"}' }],
      tools: [weatherTool],
      stream: true,
    });
    const chunks = await collect(stream);
    const calls = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    expect(calls[0]).toMatchObject({ index: 0, type: 'function', function: { name: 'weather', arguments: '' } });
    expect(calls[0]!.id).toMatch(/^call_/);
    expect(calls.map((call) => call.function?.arguments ?? '').join('')).toBe('{"city":"Paris"}');
    expect(chunks.at(-1)!.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('uses the SDK stream helper end to end, the prompt-verdict chunk included', async () => {
    const runner = client.chat.completions.stream({ model: 'gpt-4o', messages: [{ role: 'user', content: 'helper' }] });
    const final = await runner.finalChatCompletion();
    expect(final.choices[0]!.message.content).toBe('You said: helper');
  });
});

describe('content filter', () => {
  it('refuses a filtered prompt with Azure\'s 400 content_filter error', async () => {
    mock.enqueue({ contentFilter: 'prompt', filteredCategory: 'hate' });
    const error = await caught(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('content_filter');
    expect(error.param).toBe('prompt');
    expect(error.error).toMatchObject({
      message: AZURE_PROMPT_FILTER_MESSAGE,
      innererror: { code: 'ResponsibleAIPolicyViolation', content_filter_result: { hate: { filtered: true, severity: 'high' } } },
    });
  });

  it('cuts a filtered completion with finish_reason content_filter, in a stream and without', async () => {
    mock.enqueue({ contentFilter: 'completion', reply: 'one two three four' }, { contentFilter: 'completion', reply: 'one two three four' });
    const stream = await collect(await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true }));
    const last = stream.at(-1)!.choices[0] as unknown as Record<string, unknown>;
    expect(last['finish_reason']).toBe('content_filter');
    expect(last['content_filter_results']).toMatchObject({ violence: { filtered: true, severity: 'medium' } });
    expect(stream.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('one two t');

    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(completion.choices[0]!.finish_reason).toBe('content_filter');
    expect(completion.choices[0]!.message.content).toBeUndefined();
  });
});

describe('Azure\'s routing and authentication errors', () => {
  it('answers a wrong key with its 401', async () => {
    const wrong = new AzureOpenAI({ endpoint: mock.endpoint, apiKey: 'not-a-key', apiVersion: API_VERSION, maxRetries: 0 });
    const error = await caught(wrong.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(401);
    expect(error.code).toBe('401');
    expect(error.message).toContain('Access denied due to invalid subscription key');
  });

  it('reads a Bearer header as an Entra token, not a key', async () => {
    const response = await fetch(`${mock.endpoint}/openai/deployments/gpt-4o/chat/completions?api-version=${API_VERSION}`, {
      method: 'POST',
      headers: { authorization: 'Bearer az-test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/^Unauthorized\. Access token is missing/);
  });

  it('answers a request without api-version with 404 Resource not found', async () => {
    const response = await fetch(`${mock.endpoint}/openai/deployments/gpt-4o/chat/completions`, {
      method: 'POST',
      headers: { 'api-key': 'az-test-key', 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: '404', message: 'Resource not found' } });
  });

  it('refuses an api-version the resource does not know', async () => {
    const future = new AzureOpenAI({ endpoint: mock.endpoint, apiKey: 'az-test-key', apiVersion: '2031-01-01', maxRetries: 0 });
    const error = await caught(future.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(400);
    expect(error.error).toEqual({ code: 'BadRequest', message: 'API version not supported' });
  });

  it('refuses stream_options on an api-version older than 2024-09-01-preview', async () => {
    const old = new AzureOpenAI({ endpoint: mock.endpoint, apiKey: 'az-test-key', apiVersion: '2024-06-01', maxRetries: 0 });
    const error = await caught(
      old.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }], stream: true, stream_options: { include_usage: true } }),
    );
    expect(error.status).toBe(400);
    expect(error.message).toContain('Unrecognized request argument supplied: stream_options');
  });

  it('answers an unknown deployment with DeploymentNotFound', async () => {
    const error = await caught(client.chat.completions.create({ model: 'no-such-deployment', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(404);
    expect(error.code).toBe('DeploymentNotFound');
  });

  it('refuses chat on an embeddings deployment', async () => {
    const error = await caught(client.chat.completions.create({ model: 'text-embedding-3-small', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(400);
    expect(error.code).toBe('OperationNotSupported');
  });
});

describe('scripted behaviours', () => {
  it('answers a scripted 429 with Azure\'s body and retry-after headers', async () => {
    mock.enqueue({ status: 429, retryAfter: '6' });
    const error = await caught(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }));
    expect(error.status).toBe(429);
    expect(error.code).toBe('429');
    expect(error.message).toContain(`under Azure OpenAI API version ${API_VERSION} have exceeded token rate limit`);
    expect(error.headers?.get('retry-after')).toBe('6');
    expect(error.headers?.get('retry-after-ms')).toBe('6000');
  });

  it('scripts per key, ahead of the queue, until removed', async () => {
    mock.behaviourFor('az-limited', { status: 503 });
    mock.enqueue({ reply: 'queued' });
    const limited = new AzureOpenAI({ endpoint: mock.endpoint, apiKey: 'az-limited', apiVersion: API_VERSION, maxRetries: 0 });
    expect((await caught(limited.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }))).status).toBe(503);
    const other = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(other.choices[0]!.message.content).toBe('queued');
    mock.behaviourFor('az-limited', undefined);
    const again = await limited.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(again.choices[0]!.message.content).toBe('You said: x');
  });

  it('sends scripted stream chunks as given', async () => {
    mock.enqueue({ streamChunks: ['{"choices":[],"created":0,"id":"","model":"","object":"","prompt_filter_results":[]}', '{"choices":[{"delta":{"content":"raw"},"index":0,"finish_reason":"stop"}],"id":"c","model":"m","object":"chat.completion.chunk","created":1}'] });
    const chunks = await collect(await client.chat.completions.create({ model: 'anything', messages: [{ role: 'user', content: 'x' }], stream: true }));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '')).toEqual(['', 'raw']);
  });

  it('forgets requests and scripts on reset', async () => {
    mock.enqueue({ status: 500 });
    await fetch(`${mock.endpoint}/openai/models?api-version=${API_VERSION}`, { headers: { 'api-key': 'az-test-key' } });
    expect(mock.requests).toHaveLength(1);
    mock.enqueue({ status: 500 });
    mock.reset();
    expect(mock.requests).toHaveLength(0);
    expect((await client.models.list()).data.length).toBeGreaterThan(0);
  });
});

describe('embeddings and models', () => {
  it('embeds through the deployment, decoded by the SDK from its default base64', async () => {
    const result = await client.embeddings.create({ model: 'text-embedding-3-small', input: ['alpha', 'beta'] });
    expect(mock.requests[0]!.path).toBe(`/openai/deployments/text-embedding-3-small/embeddings?api-version=${API_VERSION}`);
    expect(result.data).toHaveLength(2);
    expect(result.data[1]!.embedding).toEqual(mockEmbedding('beta', 1536));
    expect(result.usage).toEqual({ prompt_tokens: tokensForText('alpha') + tokensForText('beta'), total_tokens: tokensForText('alpha') + tokensForText('beta') });
  });

  it('lists the models behind the deployments in Azure\'s shape', async () => {
    const page = await client.models.list();
    expect(mock.requests[0]!.path).toBe(`/openai/models?api-version=${API_VERSION}`);
    expect(page.data.map((model) => model.id).sort()).toEqual(['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small']);
    expect(page.data[0]).toMatchObject({ status: 'succeeded', capabilities: { inference: true }, object: 'model' });
  });
});
