import { createServer, type IncomingMessage, type Server } from 'node:http';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-shared/config-schema.js';
import { readBody } from '../../../src-main/upstream/read-body.js';
import { callUpstream, upstreamLocation } from '../../../src-main/upstream/upstream-call.js';
import { closeServer, listenOnLoopback } from '../../support/listen.js';

describe('upstreamLocation', () => {
  it('joins the base URL\'s path and the target path', () => {
    expect(upstreamLocation('https://api.openai.com/v1', { path: '/chat/completions' })).toEqual({
      origin: 'https://api.openai.com',
      path: '/v1/chat/completions',
    });
  });

  it('does not double the slash when the base URL ends with one', () => {
    expect(upstreamLocation('https://openrouter.ai/api/v1/', { path: '/models' }).path).toBe('/api/v1/models');
    expect(upstreamLocation('http://127.0.0.1:11434', { path: '/v1/models' })).toEqual({ origin: 'http://127.0.0.1:11434', path: '/v1/models' });
  });

  it('keeps the client\'s query exactly as it came, with or without the leading ?', () => {
    const rawQuery = 'alt=sse&filter=a%20b&flag&limit=10&path=a%2Fb';
    expect(upstreamLocation('https://example.com/v1', { path: '/files' }, rawQuery).path).toBe(`/v1/files?${rawQuery}`);
    expect(upstreamLocation('https://example.com/v1', { path: '/files' }, `?${rawQuery}`).path).toBe(`/v1/files?${rawQuery}`);
  });

  it('adds the target\'s own query parameters, which win over the client\'s of the same name', () => {
    const { path } = upstreamLocation(
      'https://res.openai.azure.com/openai',
      { path: '/deployments/gpt/chat/completions', query: { 'api-version': '2024-10-21' } },
      'api-version=old&trace=1',
    );
    const url = new URL(path, 'https://res.openai.azure.com');
    expect(url.pathname).toBe('/openai/deployments/gpt/chat/completions');
    expect(url.searchParams.getAll('api-version')).toEqual(['2024-10-21']);
    expect(url.searchParams.get('trace')).toBe('1');
  });

  it('adds no ? when there is no query at all', () => {
    expect(upstreamLocation('https://example.com/v1', { path: '/models' }, '').path).toBe('/v1/models');
    expect(upstreamLocation('https://example.com/v1', { path: '/models', query: {} }).path).toBe('/v1/models');
  });
});

describe('callUpstream', () => {
  const received: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string }> = [];
  let server: Server;
  let port: number;
  const agent = new Agent();

  beforeAll(async () => {
    server = createServer((request, response) => {
      const parts: Buffer[] = [];
      request.on('data', (chunk: Buffer) => parts.push(chunk));
      request.on('end', () => {
        received.push({ method: request.method!, url: request.url!, headers: request.headers, body: Buffer.concat(parts).toString() });
        response.writeHead(201, { 'content-type': 'application/json' });
        response.end('{"ok":true}');
      });
    });
    port = await listenOnLoopback(server);
  });

  afterAll(async () => {
    await agent.close();
    await closeServer(server);
  });

  it('sends method, path, query, headers and body to the provider and returns its answer', async () => {
    const provider = configSchema.parse({
      providers: [{ id: 'local', type: 'openai-compatible', baseUrl: `http://127.0.0.1:${port}/v1`, keys: [{ id: 'k', secret: 's' }] }],
    }).providers[0]!;
    const response = await callUpstream(
      agent,
      {
        provider,
        target: { path: '/chat/completions' },
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: 'Bearer stored' },
        body: Buffer.from('{"model":"m"}'),
        signal: new AbortController().signal,
        headersTimeoutMs: 5_000,
      },
      'trace=1',
    );
    expect(response.statusCode).toBe(201);
    expect((await readBody(response)).toString()).toBe('{"ok":true}');
    expect(received.at(-1)).toMatchObject({
      method: 'POST',
      url: '/v1/chat/completions?trace=1',
      headers: { authorization: 'Bearer stored', 'content-type': 'application/json' },
      body: '{"model":"m"}',
    });
  });
});
