import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../../../src-main/conversion/chat-request.js';
import type { StreamPart } from '../../../../src-main/conversion/stream-part.js';
import { azureOpenAIAdapter } from '../../../../src-main/providers/azure-openai/azure-openai-adapter.js';
import type { UpstreamTarget } from '../../../../src-main/providers/provider-adapter.js';
import { configSchema, type ProviderConfig } from '../../../../src-shared/config-schema.js';
import { startMockAzureOpenAI, type MockAzureOpenAI } from '../../../support/mock-azure-openai-upstream.js';

function azureProvider(baseUrl = 'https://res.openai.azure.com', extra: Record<string, unknown> = {}): ProviderConfig {
  return configSchema.parse({
    providers: [{ id: 'azure', type: 'azure-openai', baseUrl, keys: [{ id: 'k', secret: 'az-key' }], ...extra }],
  }).providers[0]!;
}

const provider = azureProvider('https://res.openai.azure.com', { deployments: { 'gpt-4o': 'prod-gpt4o' } });

// Chunks as Azure sends them (2024-10-21, include_usage), keys in Azure's alphabetical order.
const safe = { filtered: false, severity: 'safe' };
const verdicts = { hate: safe, self_harm: safe, sexual: safe, violence: safe };
const promptFilterChunk = JSON.stringify({
  choices: [],
  created: 0,
  id: '',
  model: '',
  object: '',
  prompt_filter_results: [{ prompt_index: 0, content_filter_results: verdicts }],
});
const identity = { created: 1772304649, id: 'chatcmpl-A1', model: 'gpt-4o-2024-08-06', object: 'chat.completion.chunk', system_fingerprint: 'fp_1' };
const choiceChunk = (delta: Record<string, unknown>, finishReason: string | null = null, filterResults: unknown = {}) =>
  JSON.stringify({ choices: [{ content_filter_results: filterResults, delta, finish_reason: finishReason, index: 0, logprobs: null }], ...identity, usage: null });
const usage = { completion_tokens: 2, prompt_tokens: 9, total_tokens: 11, prompt_tokens_details: { cached_tokens: 0 } };
const usageChunk = JSON.stringify({ choices: [], ...identity, usage });
const frame = (...payloads: string[]) => payloads.map((payload) => `data: ${payload}\n\n`).join('');

const azureStream = frame(
  promptFilterChunk,
  choiceChunk({ content: '', refusal: null, role: 'assistant' }),
  choiceChunk({ content: 'Hi' }, null, verdicts),
  choiceChunk({ content: '!' }, null, verdicts),
  choiceChunk({}, 'stop'),
  usageChunk,
  '[DONE]',
);

describe('azureOpenAIAdapter: wire basics', () => {
  it('is the OpenAI chat format under its own type', () => {
    expect(azureOpenAIAdapter.type).toBe('azure-openai');
    expect(azureOpenAIAdapter.nativeFormat).toBe('openai-chat');
  });

  it('sends the stored key in api-key, never as a Bearer token', () => {
    expect(azureOpenAIAdapter.authHeaders('secret')).toEqual({ 'api-key': 'secret' });
    expect(azureOpenAIAdapter.credentialHeaders).toEqual(expect.arrayContaining(['api-key', 'authorization', 'x-api-key', 'x-goog-api-key']));
  });

  it('targets deployment paths with api-version, mapping models to deployments', () => {
    expect(azureOpenAIAdapter.chatTarget(provider, 'gpt-4o', true)).toEqual({
      path: '/openai/deployments/prod-gpt4o/chat/completions',
      query: { 'api-version': '2024-10-21' },
    });
    expect(azureOpenAIAdapter.chatTarget(provider, 'gpt-4o-mini', false).path).toBe('/openai/deployments/gpt-4o-mini/chat/completions');
    expect(azureOpenAIAdapter.embeddingsTarget(provider, 'text-embedding-3-small')).toEqual({
      path: '/openai/deployments/text-embedding-3-small/embeddings',
      query: { 'api-version': '2024-10-21' },
    });
    expect(azureOpenAIAdapter.modelsTarget(provider)).toEqual({ path: '/openai/models', query: { 'api-version': '2024-10-21' } });
  });

  it('reads Azure\'s model list', () => {
    expect(azureOpenAIAdapter.parseModelList({ data: [{ id: 'gpt-4o', status: 'succeeded', capabilities: { inference: true } }] })).toEqual(['gpt-4o']);
  });

  it('reads usage from a non-stream body that carries Azure\'s filter results', () => {
    const body = { choices: [], ...identity, object: 'chat.completion', prompt_filter_results: [], usage };
    expect(azureOpenAIAdapter.usageFromBody(body)).toEqual({
      usage: { inputTokens: 9, outputTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      raw: usage,
      model: 'gpt-4o-2024-08-06',
    });
  });

  it('answers Azure errors with the Azure error parser', () => {
    const body = Buffer.from(JSON.stringify({ error: { code: 'content_filter', innererror: { code: 'ResponsibleAIPolicyViolation' } } }));
    expect(azureOpenAIAdapter.parseError(400, body)).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'content_filter' });
  });
});

describe('azureOpenAIAdapter: same-format stream tap', () => {
  function run(stream: string, dropInjectedUsage: boolean, pieceSize = 7) {
    const tap = azureOpenAIAdapter.createStreamTap({ dropInjectedUsage });
    const bytes = Buffer.from(stream);
    const out: Buffer[] = [];
    for (let offset = 0; offset < bytes.length; offset += pieceSize) out.push(tap.transform(bytes.subarray(offset, offset + pieceSize)));
    out.push(tap.flush());
    return { text: Buffer.concat(out).toString('utf8'), reading: tap.reading() };
  }

  it('passes the leading prompt_filter_results chunk on: it carries no usage, so it is not the injected usage chunk', () => {
    const { text, reading } = run(azureStream, true);
    expect(text).toBe(
      frame(
        promptFilterChunk,
        choiceChunk({ content: '', refusal: null, role: 'assistant' }),
        choiceChunk({ content: 'Hi' }, null, verdicts),
        choiceChunk({ content: '!' }, null, verdicts),
        choiceChunk({}, 'stop'),
        '[DONE]',
      ),
    );
    expect(reading?.usage).toMatchObject({ inputTokens: 9, outputTokens: 2 });
    expect(reading?.model).toBe('gpt-4o-2024-08-06');
  });

  it('keeps a leading chunk that says "usage": null', () => {
    const withNullUsage = JSON.stringify({ ...JSON.parse(promptFilterChunk), usage: null });
    const { text } = run(frame(withNullUsage, usageChunk, '[DONE]'), true);
    expect(text).toBe(frame(withNullUsage, '[DONE]'));
  });

  it('passes every byte untouched when the client asked for usage itself', () => {
    const { text, reading } = run(azureStream, false, 5);
    expect(text).toBe(azureStream);
    expect(reading?.usage.inputTokens).toBe(9);
  });
});

describe('azureOpenAIAdapter: converted path', () => {
  const request: ChatRequest = {
    model: 'gpt-4o',
    system: [{ type: 'text', text: 'Be brief.' }],
    messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
    tools: [],
    stream: true,
  };

  it('encodes as OpenAI does, to the deployment path with api-version', () => {
    const encoded = azureOpenAIAdapter.encodeChatRequest(request, { provider, upstreamModel: 'gpt-4o', clientHeaders: {} });
    expect(encoded.target).toEqual({ path: '/openai/deployments/prod-gpt4o/chat/completions', query: { 'api-version': '2024-10-21' } });
    expect(encoded.body).toMatchObject({ model: 'gpt-4o', stream: true });
    expect(JSON.stringify(encoded.body['messages'])).toContain('hello');
  });

  function parse(stream: string, pieceSize = 11): StreamPart[] {
    const parser = azureOpenAIAdapter.createStreamParser();
    const bytes = Buffer.from(stream);
    const parts: StreamPart[] = [];
    for (let offset = 0; offset < bytes.length; offset += pieceSize) parts.push(...parser.push(bytes.subarray(offset, offset + pieceSize)));
    parts.push(...parser.end());
    return parts;
  }

  it('parses an Azure stream as if the annotation chunks were not there: the start names the real id and model', () => {
    const parts = parse(azureStream);
    expect(parts[0]).toEqual({ type: 'start', id: 'chatcmpl-A1', model: 'gpt-4o-2024-08-06' });
    const text = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join('');
    expect(text).toBe('Hi!');
    expect(parts.filter((part) => part.type === 'usage')).toHaveLength(1);
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('parses the asynchronous filter\'s annotation chunks away too', () => {
    const annotation = JSON.stringify({
      choices: [{ content_filter_offsets: { check_offset: 2, start_offset: 0, end_offset: 3 }, content_filter_results: verdicts, finish_reason: null, index: 0 }],
      created: 0,
      id: '',
      model: '',
      object: '',
    });
    const parts = parse(frame(choiceChunk({ content: 'ok' }), annotation, choiceChunk({}, 'stop'), annotation, '[DONE]'));
    expect(parts.map((part) => part.type)).toEqual(['start', 'text-start', 'text-delta', 'text-end', 'finish']);
  });

  it('maps a completion cut by the content filter to content-filter, streamed and whole', () => {
    const filtered = { ...verdicts, violence: { filtered: true, severity: 'medium' } };
    const parts = parse(frame(promptFilterChunk, choiceChunk({ content: 'Once' }, null, verdicts), choiceChunk({}, 'content_filter', filtered), '[DONE]'));
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'content-filter' });

    const response = azureOpenAIAdapter.parseChatResponse({
      choices: [{ content_filter_results: filtered, finish_reason: 'content_filter', index: 0, logprobs: null, message: { role: 'assistant' } }],
      ...identity,
      object: 'chat.completion',
      prompt_filter_results: [{ prompt_index: 0, content_filter_results: verdicts }],
      usage,
    });
    expect(response.finishReason).toBe('content-filter');
    expect(response.id).toBe('chatcmpl-A1');
    expect(response.usage.inputTokens).toBe(9);
  });
});

describe('azureOpenAIAdapter against the Azure mock', () => {
  let mock: MockAzureOpenAI;
  beforeAll(async () => {
    mock = await startMockAzureOpenAI();
  });
  afterAll(async () => {
    await mock.close();
  });

  function urlOf(base: string, target: UpstreamTarget): string {
    const query = target.query ? `?${new URLSearchParams(target.query).toString()}` : '';
    return `${base}${target.path}${query}`;
  }

  it('reaches the deployment with its target and auth header, and taps the stream with the injected usage taken out', async () => {
    const mockProvider = azureProvider(mock.endpoint, { deployments: { 'gpt-4o': 'prod-gpt4o' } });
    const prepared = azureOpenAIAdapter.prepareChatRequest({ model: 'gpt-4o', messages: [{ role: 'user', content: 'tap me' }], stream: true }, 'gpt-4o');
    expect(prepared.injectedUsageRequest).toBe(true);
    const response = await fetch(urlOf(mock.endpoint, azureOpenAIAdapter.chatTarget(mockProvider, 'gpt-4o', true)), {
      method: 'POST',
      headers: { ...azureOpenAIAdapter.authHeaders('az-key'), 'content-type': 'application/json' },
      body: JSON.stringify(prepared.body),
    });
    expect(response.status).toBe(200);
    expect(mock.requests.at(-1)?.deployment).toBe('prod-gpt4o');

    const tap = azureOpenAIAdapter.createStreamTap({ dropInjectedUsage: true });
    const raw = Buffer.from(await response.arrayBuffer());
    const sent = Buffer.concat([tap.transform(raw), tap.flush()]).toString('utf8');
    const payloads = sent.split('\n\n').filter(Boolean).map((event) => event.slice('data: '.length));
    expect(JSON.parse(payloads[0]!)).toMatchObject({ choices: [], id: '', prompt_filter_results: expect.any(Array) });
    expect(payloads.at(-1)).toBe('[DONE]');
    expect(payloads.some((payload) => payload !== '[DONE]' && JSON.parse(payload).usage != null)).toBe(false);
    expect(tap.reading()?.usage.outputTokens).toBeGreaterThan(0);
  });

  it('parses the mock\'s stream on the converted path', async () => {
    const mockProvider = azureProvider(mock.endpoint);
    const encoded = azureOpenAIAdapter.encodeChatRequest(
      { model: 'gpt-4o', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'convert me' }] }], tools: [], stream: true },
      { provider: mockProvider, upstreamModel: 'gpt-4o', clientHeaders: {} },
    );
    const response = await fetch(urlOf(mock.endpoint, encoded.target), {
      method: 'POST',
      headers: { ...azureOpenAIAdapter.authHeaders('az-key'), 'content-type': 'application/json', ...encoded.headers },
      body: JSON.stringify(encoded.body),
    });
    expect(response.status).toBe(200);
    const parser = azureOpenAIAdapter.createStreamParser();
    const parts = [...parser.push(Buffer.from(await response.arrayBuffer())), ...parser.end()];
    expect(parts[0]).toMatchObject({ type: 'start', model: 'gpt-4o-2024-08-06' });
    expect((parts[0] as { id: string }).id).toMatch(/^chatcmpl-/);
    expect(parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : [])).join('')).toBe('You said: convert me');
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('reads a prompt refusal from the mock as content_filter', async () => {
    mock.enqueue({ contentFilter: 'prompt', filteredCategory: 'self_harm' });
    const mockProvider = azureProvider(mock.endpoint);
    const response = await fetch(urlOf(mock.endpoint, azureOpenAIAdapter.chatTarget(mockProvider, 'gpt-4o', false)), {
      method: 'POST',
      headers: { ...azureOpenAIAdapter.authHeaders('az-key'), 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] }),
    });
    const error = azureOpenAIAdapter.parseError(response.status, Buffer.from(await response.arrayBuffer()));
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'content_filter' });
    expect(error.message).toContain('(self_harm: high)');
  });
});
