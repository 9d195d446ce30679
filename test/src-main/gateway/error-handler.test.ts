import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGateway } from '../../../src-main/gateway/build-gateway.js';
import type { GatewayDependencies } from '../../../src-main/gateway/gateway-dependencies.js';
import { createGatewayFakes, fakeClients, type LogLine } from '../../support/gateway-fakes.js';

const clientKey = 'sk-local-test';
const adminToken = 'admin-token-test';

/** The shared in-memory fakes, with a small body limit and a stats route that throws (a bug of ours). */
function gatewayWith(overrides: Partial<GatewayDependencies> = {}): { app: FastifyInstance; lines: LogLine[] } {
  const fakes = createGatewayFakes({
    overrides: {
      adminToken,
      bodyLimit: 1024,
      clients: fakeClients({ [clientKey]: 'test-client' }),
      stats: async () => {
        throw new Error('stats exploded');
      },
      ...overrides,
    },
  });
  return { app: buildGateway(fakes.dependencies), lines: fakes.log.lines };
}

let open: FastifyInstance | null = null;
afterEach(async () => {
  await open?.close();
  open = null;
});

async function send(request: { method: 'GET' | 'POST'; url: string; headers?: Record<string, string>; payload?: string }, overrides?: Partial<GatewayDependencies>) {
  const { app, lines } = gatewayWith(overrides);
  open = app;
  const response = await app.inject({ ...request, headers: { host: '127.0.0.1:4780', ...request.headers } });
  return { status: response.statusCode, body: response.json() as Record<string, unknown>, headers: response.headers, lines };
}

const anthropicShape = (type: string) => ({ type: 'error', error: { type, message: expect.any(String) } });
const openaiShape = (type: string, code: string) => ({ error: { type, code, param: null, message: expect.any(String) } });

describe('each door answers errors in its own format', () => {
  it.each([
    ['a missing client key', { method: 'POST', url: '/v1/messages', payload: '{}' }, 401, 'authentication_error', 'invalid_api_key'],
    ['a body that is not JSON', { method: 'POST', url: '/v1/messages', headers: { 'x-api-key': clientKey }, payload: '{"model":' }, 400, 'invalid_request_error', 'invalid_json'],
    ['a body without a model', { method: 'POST', url: '/v1/messages', headers: { 'x-api-key': clientKey }, payload: '{}' }, 400, 'invalid_request_error', 'missing_model'],
    ['a body over the limit', { method: 'POST', url: '/v1/messages', headers: { 'x-api-key': clientKey, 'content-type': 'application/json' }, payload: JSON.stringify({ text: 'x'.repeat(2000) }) }, 413, 'request_too_large', 'request_too_large'],
    ['an unknown path under the door', { method: 'POST', url: '/v1/messages/batches', headers: { 'x-api-key': clientKey }, payload: '{}' }, 404, 'not_found_error', 'not_found'],
    ['a method the door does not serve', { method: 'GET', url: '/v1/messages', headers: { 'x-api-key': clientKey } }, 404, 'not_found_error', 'not_found'],
  ] as const)('the Anthropic door answers %s in Anthropic\'s shape', async (_name, request, status, type, code) => {
    const response = await send(request);
    expect(response.status).toBe(status);
    expect(response.body).toEqual(anthropicShape(type));
    // The body has no code in this shape; the log line names it.
    expect(response.lines).toEqual([{ level: 'info', message: expect.stringContaining(` → ${status} ${code}: `) }]);
  });

  it.each([
    ['a missing client key', { method: 'POST', url: '/v1/chat/completions', payload: '{}' }, 401, 'authentication_error', 'invalid_api_key'],
    ['a body that is not JSON', { method: 'POST', url: '/v1/chat/completions', headers: { authorization: `Bearer ${clientKey}` }, payload: '{"model":' }, 400, 'invalid_request_error', 'invalid_json'],
    ['a body over the limit', { method: 'POST', url: '/v1/embeddings', headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' }, payload: JSON.stringify({ text: 'x'.repeat(2000) }) }, 413, 'request_too_large', 'request_too_large'],
    ['an embeddings body without input', { method: 'POST', url: '/v1/embeddings', headers: { authorization: `Bearer ${clientKey}` }, payload: '{"model":"m"}' }, 400, 'invalid_request_error', 'missing_input'],
    ['an unknown path', { method: 'GET', url: '/v1/nothing-here', headers: { authorization: `Bearer ${clientKey}` } }, 404, 'not_found_error', 'not_found'],
  ] as const)('the OpenAI door answers %s in OpenAI\'s shape', async (_name, request, status, type, code) => {
    const response = await send(request);
    expect(response.status).toBe(status);
    expect(response.body).toEqual(openaiShape(type, code));
  });

  it("answers a request to a foreign host in the door's format, before anything else", async () => {
    const anthropic = await send({ method: 'POST', url: '/v1/messages', headers: { host: 'evil.example', 'x-api-key': clientKey }, payload: '{}' });
    expect(anthropic.status).toBe(403);
    expect(anthropic.body).toEqual(anthropicShape('permission_error'));
    const openai = await send({ method: 'POST', url: '/v1/chat/completions', headers: { host: 'evil.example', authorization: `Bearer ${clientKey}` }, payload: '{}' });
    expect(openai.status).toBe(403);
    expect(openai.body).toEqual(openaiShape('permission_error', 'forbidden_host'));
  });

  it("answers the admin API in OpenAI's shape", async () => {
    const response = await send({ method: 'GET', url: '/api/stats/summary' });
    expect(response.status).toBe(401);
    expect(response.body).toEqual(openaiShape('authentication_error', 'invalid_admin_token'));
  });
});

describe('logging of errors', () => {
  it('logs an answered contract error as one line without a stack', async () => {
    const response = await send({ method: 'POST', url: '/api/prices/sync', headers: { authorization: `Bearer ${adminToken}` } });
    expect(response.status).toBe(501);
    expect(response.body).toEqual(openaiShape('api_error', 'not_available'));
    expect(response.lines).toEqual([{ level: 'warn', message: 'POST /api/prices/sync → 501 not_available: Price sync is not available in this build of the gateway.' }]);
  });

  it('logs a client error as one info line, its query left out', async () => {
    const response = await send({ method: 'GET', url: '/api/stats/summary?window=1y', headers: { authorization: `Bearer ${adminToken}` } });
    expect(response.status).toBe(400);
    expect(response.lines).toHaveLength(1);
    expect(response.lines[0]).toMatchObject({ level: 'info', message: expect.stringMatching(/^GET \/api\/stats\/summary → 400 invalid_window: /) });
  });

  it('answers a bug as a 500 internal_error that names nothing of it, and logs it with its stack', async () => {
    const response = await send({ method: 'GET', url: '/api/stats/summary?window=24h', headers: { authorization: `Bearer ${adminToken}` } });
    expect(response.status).toBe(500);
    expect(response.body).toEqual(openaiShape('api_error', 'internal_error'));
    expect(JSON.stringify(response.body)).not.toContain('exploded');
    expect(response.lines).toHaveLength(1);
    expect(response.lines[0]!.level).toBe('error');
    expect(response.lines[0]!.message).toContain('GET /api/stats/summary: Error: stats exploded');
    expect(response.lines[0]!.message).toContain('error-handler.test.ts');
  });

  it('answers a bug in the Anthropic door in its format', async () => {
    const response = await send(
      { method: 'POST', url: '/v1/messages', headers: { 'x-api-key': clientKey }, payload: '{"model":"m","max_tokens":10,"messages":[]}' },
      {
        routeTable: () => {
          throw new TypeError("Cannot read properties of undefined (reading 'providers')");
        },
      },
    );
    expect(response.status).toBe(500);
    expect(response.body).toEqual(anthropicShape('api_error'));
    expect(response.lines[0]!.level).toBe('error');
    expect(response.lines[0]!.message).toContain('TypeError');
  });
});
