import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startMockAnthropic, type MockAnthropic } from '../support/mock-anthropic-upstream.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// A body with two "model" keys was routed by one (JSON.parse keeps the last) and sent upstream with
// both, so the gateway could pick and bill one model while the upstream served the other. Such a body
// is refused with a 400 naming the key, in the door's own error format, and nothing goes upstream.

let openaiUpstream: MockOpenAI;
let anthropicUpstream: MockAnthropic;
let gateway: TestGateway;

beforeAll(async () => {
  [openaiUpstream, anthropicUpstream] = await Promise.all([startMockOpenAI(), startMockAnthropic()]);
  gateway = await startTestGateway({
    providers: [
      { id: 'openai-main', type: 'openai', baseUrl: openaiUpstream.baseUrl, keys: [{ id: 'o-1', secret: 'sk-openai-dup-0001' }], models: ['gpt-4o', 'gpt-4o-mini', 'text-embedding-3-small'] },
      { id: 'claude', type: 'anthropic', baseUrl: anthropicUpstream.baseUrl, keys: [{ id: 'a-1', secret: 'sk-ant-dup-0001' }], models: ['claude-sonnet-4-5', 'claude-haiku-4-5'] },
    ],
  });
});

beforeEach(() => {
  openaiUpstream.reset();
  anthropicUpstream.reset();
});

afterAll(async () => {
  await gateway?.dispose();
  await Promise.all([openaiUpstream?.close(), anthropicUpstream?.close()]);
});

async function post(path: string, body: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' },
    body,
  });
  return { status: response.status, json: await response.json() };
}

const openaiChat = (fields: string) => `{"messages":[{"role":"user","content":"Hi"}],${fields}}`;
const anthropicMessages = (fields: string) => `{"max_tokens":32,"messages":[{"role":"user","content":"Hi"}],${fields}}`;

describe('a duplicate top-level key the gateway reads', () => {
  it.each([
    ['model', openaiChat('"model":"gpt-4o-mini","model":"gpt-4o"')],
    ['stream', openaiChat('"model":"gpt-4o","stream":false,"stream":true')],
  ])('the OpenAI door refuses a second "%s" in its own format', async (key, body) => {
    const answer = await post('/v1/chat/completions', body);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      error: { message: expect.stringContaining(`"${key}" more than once`), type: 'invalid_request_error', param: null, code: 'duplicate_key' },
    });
    expect(openaiUpstream.requests).toHaveLength(0);
  });

  it.each([
    ['model', anthropicMessages('"model":"claude-haiku-4-5","model":"claude-sonnet-4-5"')],
    ['stream', anthropicMessages('"model":"claude-sonnet-4-5","stream":true,"stream":false')],
  ])('the Anthropic door refuses a second "%s" in its own format', async (key, body) => {
    const answer = await post('/v1/messages', body);
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining(`"${key}" more than once`) },
    });
    expect(anthropicUpstream.requests).toHaveLength(0);
  });

  it('embeddings refuse a second "model"', async () => {
    const answer = await post('/v1/embeddings', '{"model":"text-embedding-3-small","input":"hello","model":"gpt-4o"}');
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ error: { code: 'duplicate_key', message: expect.stringContaining('"model" more than once') } });
    expect(openaiUpstream.requests).toHaveLength(0);
  });
});

describe('"model" elsewhere in the body', () => {
  // A nested "model" (a tool's parameter, metadata) and "model" as a string value are ordinary content.
  const nested = '"metadata":{"model":"not-this-one"},"tools":[{"type":"function","function":{"name":"pick","parameters":{"type":"object","properties":{"model":{"type":"string"}}}}}]';

  it('the OpenAI door serves a body with a nested "model" and "model" as a value', async () => {
    const body = `{"model":"gpt-4o","user":"model","messages":[{"role":"user","content":"model"}],${nested}}`;
    const answer = await post('/v1/chat/completions', body);
    expect(answer.status).toBe(200);
    expect(openaiUpstream.requests).toHaveLength(1);
    expect(openaiUpstream.requests[0]!.json).toMatchObject({ model: 'gpt-4o', metadata: { model: 'not-this-one' } });
  });

  it('the Anthropic door serves a body with a nested "model" and "model" as a value', async () => {
    const body = anthropicMessages('"model":"claude-sonnet-4-5","system":"model","metadata":{"user_id":"model"}');
    const answer = await post('/v1/messages', body.replace('"content":"Hi"', '"content":"model"'));
    expect(answer.status).toBe(200);
    expect(anthropicUpstream.requests).toHaveLength(1);
  });

  it('embeddings serve an input that is the word "model"', async () => {
    const answer = await post('/v1/embeddings', '{"model":"text-embedding-3-small","input":"model"}');
    expect(answer.status).toBe(200);
    expect(openaiUpstream.requests).toHaveLength(1);
  });
});
