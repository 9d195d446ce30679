import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../../src-shared/config-schema.js';
import type { ChatRequest } from '../../../../src-main/conversion/chat-request.js';
import type { ProviderAdapter } from '../../../../src-main/providers/provider-adapter.js';
import { geminiAdapter } from '../../../../src-main/providers/gemini/gemini-adapter.js';
import { startMockGemini, type MockGemini } from '../../../support/mock-gemini-upstream.js';
import { assemble, loadBody, recordedSuite } from './recorded-gemini.js';

const providerAt = (baseUrl: string) =>
  configSchema.parse({ providers: [{ id: 'gem', type: 'gemini', baseUrl, keys: [{ id: 'k', secret: 'AIza-test' }] }] }).providers[0]!;
const google = providerAt('https://generativelanguage.googleapis.com');

describe('geminiAdapter', () => {
  it('is a ProviderAdapter of type gemini speaking gemini-generate', () => {
    const adapter: ProviderAdapter = geminiAdapter;
    expect(adapter.type).toBe('gemini');
    expect(adapter.nativeFormat).toBe('gemini-generate');
  });

  it('sends the key in x-goog-api-key and never takes client credentials upstream', () => {
    expect(geminiAdapter.authHeaders('AIza-secret')).toEqual({ 'x-goog-api-key': 'AIza-secret' });
    expect(geminiAdapter.credentialHeaders).toEqual(expect.arrayContaining(['authorization', 'x-api-key', 'x-goog-api-key']));
  });

  it('puts the model in the path and asks for SSE streams, with no key in any query', () => {
    expect(geminiAdapter.chatTarget(google, 'gemini-2.5-flash', false)).toEqual({ path: '/v1beta/models/gemini-2.5-flash:generateContent' });
    expect(geminiAdapter.chatTarget(google, 'gemini-2.5-flash', true)).toEqual({
      path: '/v1beta/models/gemini-2.5-flash:streamGenerateContent',
      query: { alt: 'sse' },
    });
    expect(geminiAdapter.chatTarget(google, 'models/gemini-2.5-pro', false).path).toBe('/v1beta/models/gemini-2.5-pro:generateContent');
    expect(geminiAdapter.chatTarget(google, 'tunedModels/my-model', false).path).toBe('/v1beta/tunedModels/my-model:generateContent');
    expect(geminiAdapter.chatTarget(google, 'odd name?', false).path).toBe('/v1beta/models/odd%20name%3F:generateContent');
  });

  it('does not repeat the API version a base URL already ends in', () => {
    expect(geminiAdapter.chatTarget(providerAt('https://generativelanguage.googleapis.com/v1beta'), 'gemini-2.5-flash', false).path).toBe('/models/gemini-2.5-flash:generateContent');
    expect(geminiAdapter.modelsTarget(providerAt('https://relay.example.com/google/v1'))).toEqual({ path: '/models', query: { pageSize: '1000' } });
    expect(geminiAdapter.modelsTarget(google)).toEqual({ path: '/v1beta/models', query: { pageSize: '1000' } });
  });

  it('has no OpenAI-style embeddings endpoint', () => {
    expect(geminiAdapter.embeddingsTarget(google, 'gemini-embedding-001')).toBeNull();
    expect(geminiAdapter.prepareEmbeddingsRequest({ model: 'x' }, 'y')).toBeNull();
  });

  it('lists the models that generate content, without the models/ prefix', () => {
    const body = {
      models: [
        { name: 'models/gemini-2.5-flash', supportedGenerationMethods: ['generateContent', 'countTokens'] },
        { name: 'models/gemini-embedding-001', supportedGenerationMethods: ['embedContent'] },
        { name: 'models/aqa' },
      ],
    };
    expect(geminiAdapter.parseModelList(body)).toEqual(['gemini-2.5-flash']);
    expect(geminiAdapter.parseModelList({ error: { message: 'no' } })).toEqual([]);
    expect(geminiAdapter.parseModelList(null)).toEqual([]);
  });

  it('leaves native bodies untouched: their model is in the URL path, and Gemini streams always carry usage', () => {
    const body = { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
    expect(geminiAdapter.prepareChatRequest(body, 'gemini-2.5-flash')).toEqual({ body: null, injectedUsageRequest: false });
  });
});

describe(recordedSuite('geminiAdapter on the recorded answer'), () => {
  it('reads usage and model from google-text.json', () => {
    expect(geminiAdapter.usageFromBody(loadBody('google-text'))).toMatchObject({
      usage: { inputTokens: 9, outputTokens: 272, reasoningTokens: 244 },
      model: 'gemini-3-pro-preview',
    });
  });
});

describe('geminiAdapter against the mock Gemini API', () => {
  let mock: MockGemini;
  const KEY = 'AIzaAdapterKey';

  beforeAll(async () => {
    mock = await startMockGemini();
  });

  afterAll(async () => {
    await mock.close();
  });

  const weatherTool = {
    name: 'weather',
    description: 'Weather in a city',
    parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { city: { type: 'string', format: 'uri' } }, required: ['city'], additionalProperties: false },
  };

  async function send(request: ChatRequest, model: string): Promise<Response> {
    const provider = providerAt(mock.baseUrl);
    const encoded = geminiAdapter.encodeChatRequest(request, { provider, upstreamModel: model, clientHeaders: {} });
    const url = new URL(`${mock.baseUrl}${encoded.target.path}`);
    for (const [name, value] of Object.entries(encoded.target.query ?? {})) url.searchParams.set(name, value);
    return fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...encoded.headers, ...geminiAdapter.authHeaders(KEY) }, body: JSON.stringify(encoded.body) });
  }

  async function parseStream(response: Response) {
    const parser = geminiAdapter.createStreamParser();
    const parts = [];
    for await (const chunk of response.body!) parts.push(...parser.push(Buffer.from(chunk as Uint8Array)));
    parts.push(...parser.end());
    return assemble(parts);
  }

  it('runs a Gemini 3 tool loop: the call comes back signed, and the follow-up carrying that signature is accepted', async () => {
    const first: ChatRequest = {
      model: 'client-model',
      system: [{ type: 'text', text: 'Use tools.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'call weather {"city":"Paris"}' }] }],
      tools: [weatherTool],
      reasoning: { effort: 'high' },
      stream: true,
    };
    const streamed = await parseStream(await send(first, 'gemini-3-pro-preview'));
    expect(streamed.errors).toEqual([]);
    expect(streamed.finish).toBe('tool-calls');
    const call = streamed.content.find((part) => part.type === 'tool-call')!;
    expect(call).toMatchObject({ name: 'weather', arguments: '{"city":"Paris"}', signature: expect.any(String) });
    expect(streamed.content[0]).toMatchObject({ type: 'reasoning', text: expect.stringContaining('call weather') });

    const followUp: ChatRequest = {
      ...first,
      stream: false,
      messages: [
        ...first.messages,
        { role: 'assistant', content: streamed.content },
        { role: 'user', content: [{ type: 'tool-result', toolCallId: call.type === 'tool-call' ? call.id : '', content: [{ type: 'text', text: 'Sunny' }] }] },
      ],
    };
    const response = await send(followUp, 'gemini-3-pro-preview');
    expect(response.status).toBe(200);
    const answer = geminiAdapter.parseChatResponse(await response.json());
    expect(answer.content.filter((part) => part.type === 'text')).toEqual([{ type: 'text', text: 'Tool weather returned: {"content":"Sunny"}' }]);
    expect(answer.finishReason).toBe('stop');
    expect(answer.model).toBe('gemini-3-pro-preview');
    expect(answer.usage.reasoningTokens).toBeGreaterThan(0);
    expect(answer.usage.outputTokens).toBeGreaterThan(answer.usage.reasoningTokens);
    expect(mock.requests.every((request) => !request.path.includes('key='))).toBe(true);
  });

  it("reads the mock's errors through parseError, a wrong key as 401", async () => {
    const request: ChatRequest = { model: 'm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: false };
    mock.enqueue({ status: 429 });
    const limited = await send(request, 'gemini-2.5-flash');
    expect(geminiAdapter.parseError(limited.status, Buffer.from(await limited.arrayBuffer()))).toMatchObject({ status: 429, type: 'rate_limit_error', code: 'RESOURCE_EXHAUSTED' });
    const provider = providerAt(mock.baseUrl);
    const encoded = geminiAdapter.encodeChatRequest(request, { provider, upstreamModel: 'gemini-2.5-flash', clientHeaders: {} });
    const wrong = await fetch(`${mock.baseUrl}${encoded.target.path}`, { method: 'POST', headers: geminiAdapter.authHeaders('not-a-google-key'), body: JSON.stringify(encoded.body) });
    expect(geminiAdapter.parseError(wrong.status, Buffer.from(await wrong.arrayBuffer()))).toMatchObject({ status: 401, type: 'authentication_error' });
  });

  it('lists the mock models through modelsTarget and parseModelList', async () => {
    const target = geminiAdapter.modelsTarget(providerAt(mock.baseUrl));
    const url = new URL(`${mock.baseUrl}${target.path}`);
    for (const [name, value] of Object.entries(target.query ?? {})) url.searchParams.set(name, value);
    const models = geminiAdapter.parseModelList(await (await fetch(url, { headers: geminiAdapter.authHeaders(KEY) })).json());
    expect(models).toContain('gemini-2.5-flash');
    expect(models).not.toContain('gemini-embedding-001');
  });
});
