import { createServer } from 'node:http';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchJsonError, fetchJson } from '../../../src-main/upstream/fetch-json.js';
import { closeServer, listenOnLoopback } from '../../support/listen.js';
import { startJsonServer, type JsonServer } from '../../support/json-server.js';

let server: JsonServer;
const agent = new Agent();

beforeAll(async () => {
  server = await startJsonServer();
});
afterAll(async () => {
  await server.close();
  await agent.close();
});

async function failure(promise: Promise<unknown>): Promise<FetchJsonError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(FetchJsonError);
  return error as FetchJsonError;
}

const options = { timeoutMs: 5_000, maxBytes: 1_000 };

describe('fetchJson', () => {
  it('returns the parsed document and sends the given headers', async () => {
    server.handle = () => ({ json: { ok: [1, 2] } });
    expect(await fetchJson(agent, new URL(`${server.origin}/a?b=1`), { ...options, headers: { 'x-test': 'yes' } })).toEqual({ ok: [1, 2] });
    expect(server.requests.at(-1)).toMatchObject({ method: 'GET', path: '/a?b=1' });
    expect(server.requests.at(-1)!.headers['x-test']).toBe('yes');
  });

  it('says which failure it was: status, bad JSON, too large', async () => {
    server.handle = () => ({ status: 503, body: 'down' });
    expect(await failure(fetchJson(agent, new URL(`${server.origin}/x`), options))).toMatchObject({ code: 'status', statusCode: 503 });
    server.handle = () => ({ body: '<html>not json</html>' });
    expect(await failure(fetchJson(agent, new URL(`${server.origin}/x`), options))).toMatchObject({ code: 'bad_json' });
    server.handle = () => ({ json: { padding: 'x'.repeat(2_000) } });
    expect(await failure(fetchJson(agent, new URL(`${server.origin}/x`), options))).toMatchObject({ code: 'too_large' });
  });

  it('stops a body without a length once it passes the limit', async () => {
    const chunked = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('["');
      const timer = setInterval(() => response.write('x'.repeat(400)), 1);
      response.on('close', () => clearInterval(timer));
    });
    const port = await listenOnLoopback(chunked);
    try {
      expect(await failure(fetchJson(agent, new URL(`http://127.0.0.1:${port}/`), options))).toMatchObject({ code: 'too_large' });
    } finally {
      await closeServer(chunked);
    }
  });

  it('reports a closed port as unreachable and a silent server as a timeout', async () => {
    const closed = createServer();
    const port = await listenOnLoopback(closed);
    await closeServer(closed);
    expect(await failure(fetchJson(agent, new URL(`http://127.0.0.1:${port}/`), options))).toMatchObject({ code: 'unreachable' });
    server.handle = () => new Promise(() => {});
    const error = await failure(fetchJson(agent, new URL(`${server.origin}/slow`), { ...options, timeoutMs: 50 }));
    expect(error.code).toBe('timeout');
  });

  it('follows redirects only as far as allowed', async () => {
    server.handle = (request) => (request.path === '/old' ? { status: 301, headers: { location: '/new' } } : { json: { moved: true } });
    expect(await fetchJson(agent, new URL(`${server.origin}/old`), { ...options, maxRedirects: 1 })).toEqual({ moved: true });
    expect(await failure(fetchJson(agent, new URL(`${server.origin}/old`), options))).toMatchObject({ code: 'status', statusCode: 301 });
  });

  it('never puts request headers in its messages', async () => {
    server.handle = () => ({ status: 401, body: '{}' });
    const error = await failure(fetchJson(agent, new URL(`${server.origin}/x`), { ...options, headers: { authorization: 'Bearer sk-secret-value' } }));
    expect(error.message).not.toContain('sk-secret-value');
  });
});
