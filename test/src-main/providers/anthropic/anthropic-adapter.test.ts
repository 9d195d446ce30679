import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../../../src-main/conversion/chat-request.js';
import { anthropicAdapter } from '../../../../src-main/providers/anthropic/anthropic-adapter.js';
import { configSchema, type ProviderConfig } from '../../../../src-shared/config-schema.js';
import { mockSignature, mockThinkingFor, startMockAnthropic, type MockAnthropic } from '../../../support/mock-anthropic-upstream.js';
import { assemble, frame, loadBody, loadPayloads, recordedSuite } from './recorded-anthropic.js';

function provider(baseUrl = 'https://api.anthropic.com'): ProviderConfig {
  return configSchema.parse({
    providers: [{ id: 'claude', type: 'anthropic', baseUrl, keys: [{ id: 'k', secret: 'sk-ant-x' }] }],
  }).providers[0]!;
}

const chatRequest: ChatRequest = {
  model: 'client-model',
  system: [],
  messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }],
  tools: [],
  stream: true,
};

describe('anthropicAdapter', () => {
  it('speaks the Anthropic Messages format and authenticates with x-api-key and the API version', () => {
    expect(anthropicAdapter.type).toBe('anthropic');
    expect(anthropicAdapter.nativeFormat).toBe('anthropic-messages');
    expect(anthropicAdapter.authHeaders('sk-ant-secret')).toEqual({ 'x-api-key': 'sk-ant-secret', 'anthropic-version': '2023-06-01' });
    expect(anthropicAdapter.credentialHeaders).toEqual(expect.arrayContaining(['x-api-key', 'authorization']));
  });

  it('puts /v1 under a bare base URL and under a vendor prefix, but not twice', () => {
    expect(anthropicAdapter.chatTarget(provider(), 'm', true)).toEqual({ path: '/v1/messages' });
    expect(anthropicAdapter.chatTarget(provider('https://api.deepseek.com/anthropic'), 'm', false)).toEqual({ path: '/v1/messages' });
    expect(anthropicAdapter.chatTarget(provider('https://relay.example/v1/'), 'm', false)).toEqual({ path: '/messages' });
    expect(anthropicAdapter.modelsTarget(provider())).toEqual({ path: '/v1/models', query: { limit: '1000' } });
  });

  it('has no embeddings endpoint', () => {
    expect(anthropicAdapter.embeddingsTarget(provider(), 'm')).toBeNull();
    expect(anthropicAdapter.prepareEmbeddingsRequest({ model: 'm', input: 'x' }, 'm')).toBeNull();
  });

  it("reads the model ids of Anthropic's model list, and nothing from something else", () => {
    const list = {
      data: [
        { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
        { type: 'model', id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
      ],
      has_more: false,
      first_id: 'claude-sonnet-4-5-20250929',
      last_id: 'claude-haiku-4-5-20251001',
    };
    expect(anthropicAdapter.parseModelList(list)).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001']);
    expect(anthropicAdapter.parseModelList({ error: 'x' })).toEqual([]);
  });

  it('changes a same-format body only for the model, and never asks for usage (Anthropic streams carry it)', () => {
    const body = { model: 'claude-sonnet-4-5', max_tokens: 10, messages: [], stream: true };
    expect(anthropicAdapter.prepareChatRequest(body, 'claude-sonnet-4-5')).toEqual({ body: null, injectedUsageRequest: false });
    expect(anthropicAdapter.prepareChatRequest(body, 'claude-sonnet-4-5-20250929')).toEqual({
      body: { ...body, model: 'claude-sonnet-4-5-20250929' },
      injectedUsageRequest: false,
    });
  });

  it('leaves thinking a Gemini provider signed out of a same-format body, model changed or not', () => {
    const messages = [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'thinking', thinking: 'from Gemini', signature: 'gemini:c2ln' }, { type: 'text', text: 'hello' }] },
      { role: 'user', content: 'more' },
    ];
    const body = { model: 'claude-sonnet-4-5', max_tokens: 10, messages };
    const withoutForeign = { ...body, messages: [messages[0], { role: 'assistant', content: [{ type: 'text', text: 'hello' }] }, messages[2]] };
    expect(anthropicAdapter.prepareChatRequest(body, 'claude-sonnet-4-5')).toEqual({ body: withoutForeign, injectedUsageRequest: false });
    expect(anthropicAdapter.prepareChatRequest(body, 'claude-opus-4-1')).toEqual({ body: { ...withoutForeign, model: 'claude-opus-4-1' }, injectedUsageRequest: false });
  });

  it('turns thinking off in a same-format body whose tool loop no longer opens with thinking once Gemini’s is left out, and leaves a signed loop alone', () => {
    const result = { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'a' }] };
    const call = { type: 'tool_use', id: 'toolu_1', name: 'ls', input: {} };
    const thinking = { type: 'enabled', budget_tokens: 2048 };
    const geminiLoop = {
      model: 'claude-sonnet-4-5',
      max_tokens: 8000,
      thinking,
      messages: [{ role: 'user', content: 'hi' }, { role: 'assistant', content: [{ type: 'thinking', thinking: 'from Gemini', signature: 'gemini:c2ln' }, call] }, result],
    };
    const { thinking: _off, ...withoutThinking } = geminiLoop;
    expect(anthropicAdapter.prepareChatRequest(geminiLoop, 'claude-sonnet-4-5')).toEqual({
      body: { ...withoutThinking, messages: [geminiLoop.messages[0], { role: 'assistant', content: [call] }, result] },
      injectedUsageRequest: false,
    });
    // Anthropic's own thinking opens the loop: the client's bytes go up untouched.
    const ownLoop = { ...geminiLoop, messages: [geminiLoop.messages[0], { role: 'assistant', content: [{ type: 'thinking', thinking: 'own', signature: 'EqQBCkYIBxgC' }, call] }, result] };
    expect(anthropicAdapter.prepareChatRequest(ownLoop, 'claude-sonnet-4-5')).toEqual({ body: null, injectedUsageRequest: false });
  });

  it('encodes a converted request for the upstream model, forwarding the client’s anthropic-beta flags', () => {
    const encoded = anthropicAdapter.encodeChatRequest(chatRequest, {
      provider: provider(),
      upstreamModel: 'claude-sonnet-4-5',
      modelOutputLimit: 64_000,
      clientHeaders: { 'anthropic-beta': 'interleaved-thinking-2025-05-14', 'x-api-key': 'client-key' },
    });
    expect(encoded.target).toEqual({ path: '/v1/messages' });
    expect(encoded.body).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 64_000, stream: true });
    expect(encoded.headers).toEqual({ 'anthropic-beta': 'interleaved-thinking-2025-05-14' });

    const several = anthropicAdapter.encodeChatRequest(chatRequest, {
      provider: provider(),
      upstreamModel: 'm',
      clientHeaders: { 'anthropic-beta': ['a-2025', 'b-2025'] },
    });
    expect(several.headers).toEqual({ 'anthropic-beta': 'a-2025,b-2025' });
    expect(anthropicAdapter.encodeChatRequest(chatRequest, { provider: provider(), upstreamModel: 'm', clientHeaders: {} })).not.toHaveProperty('headers');
  });

  it('parses error bodies', () => {
    expect(anthropicAdapter.parseError(529, Buffer.from('{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'))).toEqual({
      status: 529,
      type: 'overloaded_error',
      message: 'Overloaded',
    });
  });
});

describe(recordedSuite('anthropicAdapter on recorded answers'), () => {
  it('reads usage and model from a non-stream answer', () => {
    expect(anthropicAdapter.usageFromBody(loadBody('anthropic-text'))).toMatchObject({
      usage: { inputTokens: 12, outputTokens: 29, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      model: 'claude-sonnet-4-5-20250929',
    });
    expect(anthropicAdapter.usageFromBody({ type: 'error' })).toBeNull();
  });

  it('parses a non-stream answer and a stream through its converted-path members', () => {
    expect(anthropicAdapter.parseChatResponse(loadBody('anthropic-text')).finishReason).toBe('stop');
    const parser = anthropicAdapter.createStreamParser();
    const parts = [...parser.push(frame(loadPayloads('anthropic-text'))), ...parser.end()];
    expect(parts[0]).toEqual({ type: 'start', id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', model: 'claude-sonnet-4-5-20250929' });
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('taps a same-format stream without changing it', () => {
    const stream = frame(loadPayloads('anthropic-text'));
    const tap = anthropicAdapter.createStreamTap({ dropInjectedUsage: false });
    expect(tap.transform(stream)).toBe(stream);
    expect(tap.reading()?.usage.outputTokens).toBe(30);
  });
});

describe('anthropicAdapter against the mock Anthropic upstream', () => {
  let mock: MockAnthropic;
  beforeAll(async () => {
    mock = await startMockAnthropic();
  });
  afterAll(async () => {
    await mock.close();
  });

  /** Encodes `request` as the gateway would and sends it to the mock; the mock refuses what Anthropic refuses. */
  async function send(request: ChatRequest): Promise<Response> {
    const encoded = anthropicAdapter.encodeChatRequest(request, {
      provider: provider(mock.baseUrl),
      upstreamModel: 'claude-sonnet-4-5',
      modelOutputLimit: 64_000,
      clientHeaders: {},
    });
    return fetch(`${mock.baseUrl}${encoded.target.path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...encoded.headers, ...anthropicAdapter.authHeaders('sk-ant-adapter') },
      body: JSON.stringify(encoded.body),
    });
  }

  const thinking = mockThinkingFor('What is the weather in Paris?');
  // An OpenAI-style conversation after a tool round: system prompt, an assistant turn with signed
  // reasoning, empty text and a tool call without arguments, the tool's empty result, an image.
  const conversation: ChatMessage[] = [
    { role: 'user', content: [{ type: 'text', text: 'What is the weather in Paris?' }] },
    {
      role: 'assistant',
      content: [
        { type: 'reasoning', text: thinking, signature: mockSignature(thinking) },
        { type: 'text', text: '' },
        { type: 'tool-call', id: 'call_abc.1', name: 'weather', arguments: '' },
      ],
    },
    { role: 'user', content: [{ type: 'tool-result', toolCallId: 'call_abc.1', content: [{ type: 'text', text: '' }] }] },
    {
      role: 'user',
      content: [
        { type: 'text', text: 'And this picture?' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' } },
      ],
    },
  ];
  const tools = [{ name: 'weather', parameters: { properties: { city: { type: 'string' } } } }];

  it('sends a converted conversation the upstream accepts, and parses the answer', async () => {
    const response = await send({
      model: 'gpt-4o',
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: conversation,
      tools,
      parallelToolCalls: false,
      reasoning: { effort: 'low' },
      temperature: 1,
      stream: false,
      user: 'user-1',
    });
    expect(response.status).toBe(200);
    const parsed = anthropicAdapter.parseChatResponse(await response.json());
    expect(parsed.model).toBe('claude-sonnet-4-5-20250929');
    expect(parsed.content.map((part) => part.type)).toEqual(['reasoning', 'text']);
    expect(parsed.content[1]).toEqual({ type: 'text', text: 'You said: And this picture?' });
    expect(parsed.finishReason).toBe('stop');
  });

  it('parses the upstream stream of a converted tool call', async () => {
    const response = await send({
      model: 'gpt-4o',
      system: [],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'call weather {"city":"Oslo"}' }] }],
      tools,
      stream: true,
    });
    const parser = anthropicAdapter.createStreamParser();
    const tap = anthropicAdapter.createStreamTap({ dropInjectedUsage: false });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(tap.transform(bytes)).toBe(bytes);
    const assembled = assemble([...parser.push(bytes), ...parser.end()]);
    expect(assembled.errors).toEqual([]);
    expect(assembled.blocks).toEqual([{ kind: 'tool', text: '{"city":"Oslo"}', id: expect.stringMatching(/^toolu_/), name: 'weather', ended: true }]);
    expect(assembled.finish).toEqual({ reason: 'tool-calls' });
    expect(assembled.usage).toEqual(tap.reading()?.usage);
  });

  it('turns an upstream refusal into an error in the internal vocabulary', async () => {
    mock.enqueue({ status: 529 });
    const response = await send({ model: 'gpt-4o', system: [], messages: conversation.slice(0, 1), tools: [], stream: false });
    expect(anthropicAdapter.parseError(response.status, Buffer.from(await response.arrayBuffer()))).toEqual({
      status: 529,
      type: 'overloaded_error',
      message: 'Overloaded',
    });
  });
});
