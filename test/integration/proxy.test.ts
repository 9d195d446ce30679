import { request as httpRequest, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// `ANY /proxy/{providerId}/{path}`: a transparent pass-through. The mock's echo routes say
// exactly what reached the upstream, so each test compares that with what the client sent.

const storedKey = 'sk-stored-proxy-key-0001';

let upstream: MockOpenAI;
let gateway: TestGateway;

beforeAll(async () => {
  upstream = await startMockOpenAI();
  gateway = await startTestGateway({
    providers: [
      { id: 'vendor', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'v-1', secret: storedKey }], models: ['gpt-4o'] },
      // A Gemini-family provider, to check its `?key=` parameter never travels upstream.
      { id: 'google', type: 'gemini', baseUrl: upstream.baseUrl, keys: [{ id: 'g-1', secret: 'AIza-stored-google-key' }], models: ['gemini-2.5-flash'] },
    ],
  });
});

afterEach(() => {
  upstream.reset();
});

afterAll(async () => {
  await gateway?.dispose();
  await upstream?.close();
});

interface Echo {
  method: string;
  path: string;
  pathname: string;
  query: Record<string, string | string[]>;
  headers: IncomingHttpHeaders;
  body: string;
}

function proxyUrl(path: string): string {
  return `${gateway.url}/proxy/vendor/${path}`;
}

const clientAuth = { authorization: `Bearer ${testClientKey}` };

/** One request with node:http, which sends any header as given (fetch refuses hop-by-hop ones). */
function rawRequest(
  url: string,
  options: { method: string; headers: OutgoingHttpHeaders; body?: string | Buffer },
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, { method: options.method, headers: options.headers }, (incoming) => {
      const pieces: Buffer[] = [];
      incoming.on('data', (piece: Buffer) => pieces.push(piece));
      incoming.on('end', () => resolve({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(pieces) }));
      incoming.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

describe('what reaches the upstream', () => {
  it.each([
    { method: 'GET', body: undefined },
    { method: 'POST', body: '{"name":"héllo ✓","n":[1,2,3]}' },
    { method: 'PUT', body: 'plain text body\nwith two lines' },
    { method: 'PATCH', body: '{"patch":true}' },
    { method: 'DELETE', body: undefined },
  ])('forwards $method with its path, query, headers and body', async ({ method, body }) => {
    const response = await fetch(proxyUrl('echo/items/42?a=1&b=2&b=3&flag&space=%20x+y&status=201'), {
      method,
      headers: { ...clientAuth, 'x-custom-header': 'custom value', ...(body === undefined ? {} : { 'content-type': 'text/plain; charset=utf-8' }) },
      ...(body === undefined ? {} : { body }),
    });

    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    const echo = (await response.json()) as Echo;
    expect(echo.method).toBe(method);
    // The query goes on byte for byte: no re-encoding of `%20`, `+` or a bare `flag`.
    expect(echo.path).toBe('/v1/echo/items/42?a=1&b=2&b=3&flag&space=%20x+y&status=201');
    expect(echo.query).toEqual({ a: '1', b: ['2', '3'], flag: '', space: ' x y', status: '201' });
    expect(echo.headers['x-custom-header']).toBe('custom value');
    expect(echo.body).toBe(body ?? '');
    if (body !== undefined) {
      expect(echo.headers['content-type']).toBe('text/plain; charset=utf-8');
      expect(echo.headers['content-length']).toBe(String(Buffer.byteLength(body)));
    }
    expect(upstream.requests).toHaveLength(1);
  });

  it('forwards the path as the client encoded it', async () => {
    const response = await fetch(proxyUrl('echo/files/a%2Fb%20c%3Fd%25e/%E2%9C%93?q=%2F'), { headers: clientAuth });

    expect(response.status).toBe(200);
    const echo = (await response.json()) as Echo;
    expect(echo.path).toBe('/v1/echo/files/a%2Fb%20c%3Fd%25e/%E2%9C%93?q=%2F');
    expect(echo.query).toEqual({ q: '/' });
  });

  it('passes an upstream error status and body back unchanged', async () => {
    const response = await fetch(proxyUrl('echo/missing?status=418'), { headers: clientAuth });
    expect(response.status).toBe(418);
    expect(((await response.json()) as Echo).pathname).toBe('/v1/echo/missing');
  });

  it('forwards a binary body byte for byte, both ways', async () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, index) => (index * 7 + (index >> 8)) % 256));
    const response = await fetch(proxyUrl('echo-stream'), {
      method: 'POST',
      headers: { ...clientAuth, 'content-type': 'application/octet-stream' },
      body: bytes,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(Buffer.from(await response.arrayBuffer()).equals(bytes)).toBe(true);
    expect(upstream.requests[0]?.headers['content-length']).toBe(String(bytes.length));
  });

  it('removes hop-by-hop headers and any header the Connection field names', async () => {
    const response = await rawRequest(proxyUrl('echo/hop'), {
      method: 'POST',
      headers: {
        ...clientAuth,
        connection: 'keep-alive, X-Hop-Secret',
        'keep-alive': 'timeout=5',
        te: 'trailers',
        trailer: 'X-Checksum',
        upgrade: 'h2c',
        'proxy-authorization': 'Basic cHJveHk6c2VjcmV0',
        'x-hop-secret': 'for this hop only',
        'x-end-to-end': 'kept',
        'content-type': 'application/json',
      },
      body: '{"hop":true}',
    });

    expect(response.status).toBe(200);
    const echo = JSON.parse(response.body.toString('utf8')) as Echo;
    expect(echo.headers['x-end-to-end']).toBe('kept');
    expect(echo.body).toBe('{"hop":true}');
    for (const name of ['keep-alive', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'x-hop-secret']) {
      expect(echo.headers, name).not.toHaveProperty(name);
    }
    // The gateway's own connection to the upstream may say keep-alive; the client's field is not it.
    expect(String(echo.headers['connection'] ?? '')).not.toMatch(/x-hop-secret/i);
    expect(JSON.stringify(echo.headers)).not.toContain('for this hop only');
  });

  it.each<{ via: string; headers: Record<string, string> }>([
    { via: 'Authorization', headers: { authorization: `Bearer ${testClientKey}` } },
    { via: 'x-api-key', headers: { 'x-api-key': testClientKey } },
  ])('swaps the client key sent in $via for the stored provider key', async ({ headers }) => {
    const response = await fetch(proxyUrl('echo/auth'), { method: 'POST', headers: { ...headers, 'content-type': 'text/plain' }, body: 'x' });

    expect(response.status).toBe(200);
    const echo = (await response.json()) as Echo;
    expect(echo.headers['authorization']).toBe(`Bearer ${storedKey}`);
    expect(echo.headers).not.toHaveProperty('x-api-key');
    const recorded = upstream.requests[0];
    expect(recorded?.apiKey).toBe(storedKey);
    expect(JSON.stringify({ path: recorded?.path, headers: recorded?.headers, body: recorded?.body })).not.toContain(testClientKey);
  });
});

describe('refusals', () => {
  it('answers an unknown provider with an OpenAI-shaped 404', async () => {
    const response = await fetch(`${gateway.url}/proxy/nobody/echo/x`, { headers: clientAuth });
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { message: string; type: string; code: string } };
    expect(body.error.code).toBe('provider_not_found');
    expect(body.error.message).toContain('nobody');
    expect(typeof body.error.type).toBe('string');
    expect(upstream.requests).toEqual([]);
  });

  it('answers 401 without a client key, or with a provider key instead of a client key', async () => {
    const missing = await fetch(proxyUrl('echo/x'));
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');

    const wrong = await fetch(proxyUrl('echo/x'), { headers: { authorization: `Bearer ${storedKey}` } });
    expect(wrong.status).toBe(401);
    expect(((await wrong.json()) as { error: { type: string; code: string } }).error).toMatchObject({
      type: 'authentication_error',
      code: 'invalid_api_key',
    });
    expect(upstream.requests).toEqual([]);
  });
});

describe('streaming', () => {
  it('streams the request body up and the answer down as they go, unbuffered', async () => {
    const pieces = ['piece-0;', 'piece-1;', 'piece-2;', 'piece-3;'];
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      const outgoing = httpRequest(
        proxyUrl('echo-stream'),
        { method: 'POST', headers: { ...clientAuth, 'content-type': 'text/plain' } },
        (incoming) => {
          let echoed = '';
          let next = 1;
          incoming.setEncoding('utf8');
          incoming.on('data', (text: string) => {
            echoed += text;
            // Each piece goes out only after the one before came back through the gateway: were
            // either direction buffered until the body ended, this exchange could never go on.
            while (next <= pieces.length && echoed === pieces.slice(0, next).join('')) {
              events.push(`received ${pieces[next - 1]}`);
              if (next < pieces.length) {
                events.push(`sent ${pieces[next]}`);
                outgoing.write(pieces[next]);
              } else {
                events.push('request body ended');
                outgoing.end();
              }
              next += 1;
            }
          });
          incoming.on('end', () => {
            events.push('response ended');
            resolve();
          });
          incoming.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.flushHeaders();
      events.push(`sent ${pieces[0]}`);
      outgoing.write(pieces[0]);
    });

    expect(events[0]).toBe('sent piece-0;');
    expect(events[1]).toBe('received piece-0;');
    expect(events.indexOf('received piece-0;')).toBeLessThan(events.indexOf('request body ended'));
    expect(events).toEqual([
      ...pieces.flatMap((piece) => [`sent ${piece}`, `received ${piece}`]),
      'request body ended',
      'response ended',
    ]);
    expect(upstream.requests[0]?.body).toBe(pieces.join(''));
    expect(upstream.requests[0]?.apiKey).toBe(storedKey);
  });

  it('streams a delayed answer down in its pieces', async () => {
    const response = await fetch(proxyUrl('echo-stream?chunks=4&delayMs=30'), {
      method: 'POST',
      headers: { ...clientAuth, 'content-type': 'text/plain' },
      body: 'aaaabbbbccccdddd',
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    const received: string[] = [];
    const decoder = new TextDecoder();
    for (let part = await reader.read(); !part.done; part = await reader.read()) received.push(decoder.decode(part.value));
    expect(received.join('')).toBe('aaaabbbbccccdddd');
    // Four pieces sent apart arrive apart, not gathered into one.
    expect(received.length).toBeGreaterThan(1);
  });
});

describe('the official SDK through the proxy', () => {
  it('runs a chat completion and a stream with the stored key', async () => {
    const client = new OpenAI({ apiKey: testClientKey, baseURL: `${gateway.url}/proxy/vendor/`, maxRetries: 0 });

    const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'through the proxy' }] });
    expect(completion.choices[0]?.message.content).toBe('You said: through the proxy');
    expect(completion.model).toBe('gpt-4o-2024-08-06');

    const stream = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'streamed' }], stream: true });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('You said: streamed');

    expect(upstream.requests.map((request) => [request.path, request.apiKey])).toEqual([
      ['/v1/chat/completions', storedKey],
      ['/v1/chat/completions', storedKey],
    ]);
    // Nothing is rewritten on the pass-through: no usage request injected into the stream.
    expect(upstream.requests[1]?.json).toEqual({ model: 'gpt-4o', messages: [{ role: 'user', content: 'streamed' }], stream: true });
  });
});

describe('credentials in the query', () => {
  it('drops a Gemini-style ?key= parameter and sends the stored key in its header', async () => {
    const response = await fetch(`${gateway.url}/proxy/google/echo/models?alt=sse&key=${testClientKey}&pageSize=5`, { headers: clientAuth });
    expect(response.status).toBe(200);
    const echo = (await response.json()) as Echo;
    expect(echo.path).toBe('/v1/echo/models?alt=sse&pageSize=5');
    expect(echo.headers['x-goog-api-key']).toBe('AIza-stored-google-key');
    expect(JSON.stringify(echo)).not.toContain(testClientKey);
  });
});

