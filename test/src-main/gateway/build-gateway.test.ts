import { describe, expect, it } from 'vitest';
import type { PriceSyncSummary } from '../../../src-main/usage/price-sync.js';
import {
  chatCompletions,
  clientKeyDoors,
  countTokens,
  embeddings,
  expectAnthropicError,
  expectDoorError,
  expectOpenAIError,
  jsonBodyDoors,
  messages,
  send,
  sendToDoor,
  withClientKey,
} from '../../support/gateway-doors.js';
import { fakeAdminToken, fakeBodyLimit, fakeClientKey, fakeGatewayPerTest, fakeOpenAISecret } from '../../support/gateway-fakes.js';

// The gateway as `npm run serve` builds it, on in-memory fakes, driven through fastify's inject():
// every door behaviour that needs no socket, asserted in the door's own wire format. Requests that
// reach the (fake) upstream are in build-gateway-upstream.test.ts.

const start = fakeGatewayPerTest();

describe('client key', () => {
  it.each(clientKeyDoors)('$url refuses a request without one, in its own error format', async (door) => {
    const { app, upstreamCalls } = await start();
    const response = await sendToDoor(app, door, {});
    expectDoorError(door.door, response, 401, 'invalid_api_key', 'authentication_error');
    expect((response.json() as { error: { message: string } }).error.message).toMatch(/client key/i);
    expect(upstreamCalls()).toEqual([]);
  });

  it.each(clientKeyDoors)('$url refuses an unknown key, in its own error format', async (door) => {
    const { app, upstreamCalls } = await start();
    const response = await sendToDoor(app, door, { authorization: 'Bearer sk-not-a-client' });
    expectDoorError(door.door, response, 401, 'invalid_api_key', 'authentication_error');
    expect((response.json() as { error: { message: string } }).error.message).toMatch(/client key/i);
    expect(upstreamCalls()).toEqual([]);
  });

  it('refuses a provider key presented as a client key, and the admin token too', async () => {
    const { app } = await start();
    for (const key of [fakeOpenAISecret, fakeAdminToken]) {
      expectOpenAIError(await send(app, { method: 'GET', url: '/v1/models', headers: { authorization: `Bearer ${key}` } }), 401, 'invalid_api_key', 'authentication_error');
    }
  });

  it.each([
    ['Authorization: Bearer', { authorization: `Bearer ${fakeClientKey}` }],
    ['Authorization: bearer (any case, extra space)', { authorization: `bearer   ${fakeClientKey}` }],
    ['x-api-key', { 'x-api-key': fakeClientKey }],
    ['x-goog-api-key', { 'x-goog-api-key': fakeClientKey }],
  ])('accepts the key in %s', async (_form, headers: Record<string, string>) => {
    const { app } = await start();
    const response = await send(app, { method: 'GET', url: '/v1/models', headers });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ object: 'list' });
  });

  it('accepts x-api-key on the Anthropic door, as the Anthropic SDK sends it', async () => {
    const { app } = await start();
    const response = await sendToDoor(app, countTokens, { 'x-api-key': fakeClientKey });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toStrictEqual({ input_tokens: expect.any(Number) });
  });

  it('lets requests through without a key when the gateway is told not to require one', async () => {
    const { app } = await start({ overrides: { requireClientKey: false } });
    const response = await send(app, { method: 'GET', url: '/v1/models' });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('needs no key for /health and /metrics', async () => {
    const { app } = await start();
    expect((await send(app, { method: 'GET', url: '/health' })).statusCode).toBe(200);
    const metrics = await send(app, { method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
  });
});

describe('admin token on /api/*', () => {
  it.each([
    ['no token', {}],
    ['a wrong token', { authorization: 'Bearer not-the-admin-token' }],
    ['a client key', { authorization: `Bearer ${fakeClientKey}` }],
    ['the token in x-api-key', { 'x-api-key': fakeAdminToken }],
  ])('refuses %s with an OpenAI-shaped 401', async (_case, headers: Record<string, string>) => {
    let asked = 0;
    const { app } = await start({ overrides: { stats: async () => { asked++; throw new Error('must not be reached'); } } });
    const response = await send(app, { method: 'GET', url: '/api/stats/summary', headers });
    expectOpenAIError(response, 401, 'invalid_admin_token', 'authentication_error');
    expect(asked).toBe(0);
  });

  it('answers with the admin token', async () => {
    const windows: string[] = [];
    const { app } = await start({
      overrides: {
        stats: async (window) => {
          windows.push(window);
          return { window, requests: 7, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, byProvider: [], byModel: [], byKey: [], byClient: [] };
        },
      },
    });
    const response = await send(app, { method: 'GET', url: '/api/stats/summary?window=7d', headers: { authorization: `Bearer ${fakeAdminToken}` } });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({ window: '7d', requests: 7 });
    expect(windows).toEqual(['7d']);
  });

  it('answers a bad window with an OpenAI-shaped 400', async () => {
    const { app } = await start();
    const response = await send(app, { method: 'GET', url: '/api/stats/summary?window=1y', headers: { authorization: `Bearer ${fakeAdminToken}` } });
    expectOpenAIError(response, 400, 'invalid_window', 'invalid_request_error');
  });
});

describe('Host check', () => {
  it.each([
    ['/health', 'openai', 'GET'],
    ['/v1/chat/completions', 'openai', 'POST'],
    ['/api/stats/summary', 'openai', 'GET'],
    ['/proxy/openai-main/models', 'openai', 'GET'],
    ['/v1/messages', 'anthropic', 'POST'],
  ] as const)('refuses %s addressed to a non-loopback host with 403, before asking for a key', async (url, door, method) => {
    const { app, upstreamCalls } = await start();
    // No key at all: the Host check comes first, so a rebinding page learns nothing about auth.
    const response = await send(app, { method, url, headers: { host: 'attacker.example:4780' } });
    expectDoorError(door, response, 403, 'forbidden_host', 'permission_error');
    expect(upstreamCalls()).toEqual([]);
  });

  it('refuses a request carrying a valid key to a non-loopback host', async () => {
    const { app } = await start();
    const response = await send(app, { method: 'GET', url: '/v1/models', headers: { host: 'rebound.example', ...withClientKey } });
    expectOpenAIError(response, 403, 'forbidden_host', 'permission_error');
  });

  it.each(['localhost', 'localhost:4780', '127.0.0.1:4780', '127.9.9.9', '[::1]:4780', 'switchyard.localhost:4780', 'LOCALHOST:4780'])(
    'lets in the loopback host %s',
    async (host) => {
      const { app } = await start();
      const response = await send(app, { method: 'GET', url: '/health', headers: { host } });
      expect(response.statusCode, response.body).toBe(200);
    },
  );

  it('lets in the host the gateway listens on, and only because it listens there', async () => {
    const listening = await start({ overrides: { host: '192.168.1.20' } });
    expect((await send(listening.app, { method: 'GET', url: '/health', headers: { host: '192.168.1.20:4780' } })).statusCode).toBe(200);

    const elsewhere = await start();
    expectOpenAIError(await send(elsewhere.app, { method: 'GET', url: '/health', headers: { host: '192.168.1.20:4780' } }), 403, 'forbidden_host', 'permission_error');
  });
});

describe('request bodies', () => {
  it.each(jsonBodyDoors)('$url answers a body over the limit with 413 in its own format, sending nothing upstream', async (door) => {
    const { app, upstreamCalls } = await start();
    const oversized = JSON.stringify({ ...door.body, padding: 'x'.repeat(fakeBodyLimit) });
    const response = await sendToDoor(app, door, withClientKey, oversized);
    expectDoorError(door.door, response, 413, 'request_too_large', 'request_too_large');
    expect(upstreamCalls()).toEqual([]);
  });

  it('takes a body just under the limit', async () => {
    const { app } = await start();
    const withContent = (content: string) => JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content }] });
    const payload = withContent('x'.repeat(fakeBodyLimit - withContent('').length));
    expect(Buffer.byteLength(payload)).toBe(fakeBodyLimit);
    const response = await sendToDoor(app, countTokens, withClientKey, payload);
    expect(response.statusCode, response.body).toBe(200);
  });

  it.each(jsonBodyDoors)('$url answers malformed JSON with 400 invalid_json in its own format, sending nothing upstream', async (door) => {
    const { app, upstreamCalls } = await start();
    const response = await sendToDoor(app, door, withClientKey, '{"model": "gpt-4o", "messages": [');
    expectDoorError(door.door, response, 400, 'invalid_json', 'invalid_request_error');
    expect(upstreamCalls()).toEqual([]);
  });

  it.each([
    ['an empty body', ''],
    ['a JSON array', '[{"model": "gpt-4o"}]'],
    ['a JSON string', '"gpt-4o"'],
  ])('answers %s on a chat door with 400 invalid_json', async (_case, payload) => {
    const { app } = await start();
    expectOpenAIError(await sendToDoor(app, chatCompletions, withClientKey, payload), 400, 'invalid_json', 'invalid_request_error');
    expectAnthropicError(await sendToDoor(app, messages, withClientKey, payload), 400, 'invalid_request_error');
  });

  it('reads a JSON body sent without a JSON content type on the chat doors (curl without -H)', async () => {
    const { app } = await start();
    const response = await send(app, {
      method: 'POST',
      url: '/v1/messages/count_tokens',
      headers: { ...withClientKey, 'content-type': 'application/x-www-form-urlencoded' },
      payload: JSON.stringify(countTokens.body),
    });
    expect(response.statusCode, response.body).toBe(200);
  });

  it('answers a non-JSON content type on /api/* with an OpenAI-shaped 415, without running the route', async () => {
    const asked: Array<string | undefined> = [];
    const { app } = await start({
      overrides: {
        syncPrices: async (url) => {
          asked.push(url);
          return {} as PriceSyncSummary;
        },
      },
    });
    const response = await send(app, {
      method: 'POST',
      url: '/api/prices/sync',
      headers: { authorization: `Bearer ${fakeAdminToken}`, 'content-type': 'application/xml' },
      payload: '<url>https://example.test/api.json</url>',
    });
    expectOpenAIError(response, 415, 'unsupported_media_type', 'invalid_request_error');
    expect(asked).toEqual([]);
  });

  it('answers malformed JSON on /api/* with an OpenAI-shaped 400 invalid_json', async () => {
    const { app } = await start({ overrides: { syncPrices: async () => ({}) as PriceSyncSummary } });
    const response = await send(app, {
      method: 'POST',
      url: '/api/prices/sync',
      headers: { authorization: `Bearer ${fakeAdminToken}`, 'content-type': 'application/json' },
      payload: '{"url":',
    });
    expectOpenAIError(response, 400, 'invalid_json', 'invalid_request_error');
  });

  it('answers a chat body without a model with 400 missing_model', async () => {
    const { app } = await start();
    expectOpenAIError(await sendToDoor(app, chatCompletions, withClientKey, '{"messages":[]}'), 400, 'missing_model', 'invalid_request_error');
    expectAnthropicError(await sendToDoor(app, messages, withClientKey, '{"messages":[]}'), 400, 'invalid_request_error');
  });
});

describe('unknown models and routes', () => {
  it('answers an unknown model with 404 model_not_found on the OpenAI door', async () => {
    const { app, upstreamCalls } = await start();
    for (const door of [chatCompletions, embeddings]) {
      const response = await sendToDoor(app, door, withClientKey, JSON.stringify({ ...door.body, model: 'no-such-model' }));
      expectOpenAIError(response, 404, 'model_not_found', 'not_found_error');
      expect((response.json() as { error: { message: string } }).error.message).toContain('no-such-model');
    }
    expect(upstreamCalls()).toEqual([]);
  });

  it('answers an unknown model with an Anthropic not_found_error on /v1/messages', async () => {
    const { app, upstreamCalls } = await start();
    const response = await sendToDoor(app, messages, withClientKey, JSON.stringify({ ...messages.body, model: 'claude-no-such-model' }));
    expectAnthropicError(response, 404, 'not_found_error');
    expect(upstreamCalls()).toEqual([]);
  });

  it('answers a pin to an unknown provider with 404 model_not_found', async () => {
    const { app } = await start();
    const response = await sendToDoor(app, chatCompletions, withClientKey, JSON.stringify({ ...chatCompletions.body, model: 'nobody/gpt-4o' }));
    expectOpenAIError(response, 404, 'model_not_found', 'not_found_error');
  });

  it('answers /proxy/ to an unknown provider with 404 provider_not_found', async () => {
    const { app, upstreamCalls } = await start();
    const response = await send(app, { method: 'GET', url: '/proxy/nobody/models', headers: withClientKey });
    expectOpenAIError(response, 404, 'provider_not_found', 'not_found_error');
    expect(upstreamCalls()).toEqual([]);
  });

  it('answers an unknown route with an OpenAI-shaped 404, and an unknown /v1/messages sub-route in Anthropic shape', async () => {
    const { app } = await start();
    expectOpenAIError(await send(app, { method: 'GET', url: '/v1/nothing-here', headers: withClientKey }), 404, 'not_found', 'not_found_error');
    expectAnthropicError(await send(app, { method: 'GET', url: '/v1/messages/batches', headers: withClientKey }), 404, 'not_found_error');
  });
});

describe('/health', () => {
  it('says healthy with the current time', async () => {
    const { app } = await start();
    const before = Date.now();
    const response = await send(app, { method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { status: string; time: string };
    expect(Object.keys(body).sort()).toEqual(['status', 'time']);
    expect(body.status).toBe('healthy');
    expect(body.time).toBe(new Date(body.time).toISOString());
    expect(Date.parse(body.time)).toBeGreaterThanOrEqual(before - 1);
    expect(Date.parse(body.time)).toBeLessThanOrEqual(Date.now() + 1);
  });
});
