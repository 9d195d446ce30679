import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProviderConfigInput } from '../../src-shared/config-schema.js';
import type { Logger } from '../../src-main/service/logger.js';
import { startMockAnthropic, type MockAnthropic } from '../support/mock-anthropic-upstream.js';
import { startMockAzureOpenAI, type MockAzureOpenAI } from '../support/mock-azure-openai-upstream.js';
import { startMockGemini, type MockGemini } from '../support/mock-gemini-upstream.js';
import { closeServer, listenOnLoopback } from '../support/listen.js';
import { randomAlphanumeric } from '../support/mock-server.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// Vendors echo the key in some errors (Google's "API key not valid … (got AIza…)", OpenAI-style 401s
// that quote it). Each mock here echoes the key it was sent, whole and in slices, in its own error
// shape; neither the client, nor the log, nor SQLite may end up holding any 8-character slice of it.

const providerTypes = ['openai', 'openai-compatible', 'anthropic', 'gemini', 'azure-openai'] as const;
type ProviderType = (typeof providerTypes)[number];
const doors = ['openai', 'anthropic'] as const;
type Door = (typeof doors)[number];

const keyPrefixes: Record<ProviderType, string> = {
  openai: 'sk-proj-',
  'openai-compatible': 'sk-',
  anthropic: 'sk-ant-api03-',
  gemini: 'AIza',
  'azure-openai': 'az-',
};

/** Every key made here, to look for in everything the gateway answered, logged and stored. */
const allKeys: string[] = [];

function newKey(type: ProviderType): string {
  const key = `${keyPrefixes[type]}${randomAlphanumeric(32)}`;
  allKeys.push(key);
  return key;
}

/** The vendor's echo: the whole key, its tail and its head, as real error messages quote them. */
function echo(key: string): string {
  return `Incorrect API key provided: ${key}. You can find your API key at the dashboard (key ending ${key.slice(-12)}, starting ${key.slice(0, 14)}).`;
}

/** Every 8-character slice of `key` that `text` holds; a 9-or-more slice holds one of these. */
function leakedSlices(text: string, key: string): string[] {
  const found: string[] = [];
  for (let start = 0; start + 8 <= key.length; start++) {
    const slice = key.slice(start, start + 8);
    if (text.includes(slice)) found.push(slice);
  }
  return found;
}

function expectNoKey(text: string): void {
  for (const key of allKeys) expect(leakedSlices(text, key), `a slice of ${key.slice(0, 6)}… leaked`).toEqual([]);
}

interface Case {
  type: ProviderType;
  status: 400 | 401;
  door: Door;
  providerId: string;
  model: string;
  key: string;
}

let openaiUpstream: MockOpenAI;
let anthropicUpstream: MockAnthropic;
let geminiUpstream: MockGemini;
let azureUpstream: MockAzureOpenAI;
let gateway: TestGateway;
/** Answers every request with a gzipped 401 that echoes the key, as a vendor behind a compressing proxy would. */
let gzipUpstream: Server;
const logLines: string[] = [];
const capturingLog: Logger = {
  info: (message) => logLines.push(message),
  warn: (message) => logLines.push(message),
  error: (message) => logLines.push(message),
};

// One provider per type, status and door: a 401 disables its key, so no two requests share one.
const cases: Case[] = providerTypes.flatMap((type) =>
  ([400, 401] as const).flatMap((status) =>
    doors.map((door) => ({ type, status, door, providerId: `${type}-${status}-${door}`, model: `leak-${type}-${status}-${door}`, key: newKey(type) })),
  ),
);
const proxyCases = providerTypes.map((type) => ({ type, providerId: `proxy-${type}`, key: newKey(type) }));
const streamErrorKey = newKey('anthropic');
const midStreamKey = newKey('anthropic');
const refusedGeminiKey = newKey('gemini');
const countTokensKey = newKey('anthropic');
const gzipProxyKey = newKey('openai');
const brokenGzipKey = newKey('openai');
const notJsonKey = newKey('openai');

function baseUrlOf(type: ProviderType): string {
  if (type === 'anthropic') return anthropicUpstream.baseUrl;
  if (type === 'gemini') return geminiUpstream.baseUrl;
  if (type === 'azure-openai') return azureUpstream.endpoint;
  return openaiUpstream.baseUrl;
}

/** Scripts the mock of `type` to answer every request bearing `key` with `status` and the echo. */
function scriptEcho(type: ProviderType, key: string, status: number): void {
  const behaviour = { status, message: echo(key) };
  if (type === 'anthropic') anthropicUpstream.behaviourFor(key, behaviour);
  else if (type === 'gemini') geminiUpstream.behaviourFor(key, behaviour);
  else if (type === 'azure-openai') azureUpstream.behaviourFor(key, behaviour);
  else openaiUpstream.behaviourFor(key, behaviour);
}

function provider(type: ProviderType, id: string, key: string, models: string[]): ProviderConfigInput {
  return { id, type, baseUrl: baseUrlOf(type), keys: [{ id: 'k-1', secret: key }], models };
}

beforeAll(async () => {
  [openaiUpstream, anthropicUpstream, geminiUpstream, azureUpstream] = await Promise.all([
    startMockOpenAI(),
    startMockAnthropic(),
    startMockGemini(),
    startMockAzureOpenAI(),
  ]);
  for (const entry of cases) scriptEcho(entry.type, entry.key, entry.status);
  for (const entry of proxyCases) scriptEcho(entry.type, entry.key, 401);
  anthropicUpstream.behaviourFor(countTokensKey, { status: 401, message: echo(countTokensKey) });
  anthropicUpstream.behaviourFor(streamErrorKey, {
    streamChunks: [JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: echo(streamErrorKey) } })],
  });
  anthropicUpstream.behaviourFor(midStreamKey, {
    streamChunks: [
      JSON.stringify({
        type: 'message_start',
        message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'leak-midstream', content: [], stop_reason: null, usage: { input_tokens: 5, output_tokens: 0 } },
      }),
      JSON.stringify({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } }),
      JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: echo(midStreamKey) } }),
    ],
  });
  // Google refuses a bad key with a 400 whose details say API_KEY_INVALID: the key is disabled and logged.
  geminiUpstream.behaviourFor(refusedGeminiKey, {
    status: 400,
    headers: { 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({
      error: {
        code: 400,
        message: `API key not valid. Please pass a valid API key. (got ${refusedGeminiKey})`,
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com' }],
      },
    }),
  });
  // Not gzip at all, though it says so: a body that cannot be decoded cannot be checked, so it is withheld.
  openaiUpstream.behaviourFor(brokenGzipKey, {
    status: 401,
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
    body: JSON.stringify({ error: { message: echo(brokenGzipKey) } }),
  });
  gzipUpstream = createServer((request, response) => {
    if (request.url?.startsWith('/not-json/')) {
      // A 200 that is not JSON: the syntax error that says so quotes the body's start, the key.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(`${notJsonKey} is not JSON`);
      return;
    }
    const body = gzipSync(JSON.stringify({ error: { message: echo(gzipProxyKey) } }));
    response.writeHead(401, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': String(body.length) });
    response.end(body);
  });
  const gzipPort = await listenOnLoopback(gzipUpstream);

  gateway = await startTestGateway(
    {
      providers: [
        ...cases.map((entry) => provider(entry.type, entry.providerId, entry.key, [entry.model])),
        ...proxyCases.map((entry) => provider(entry.type, entry.providerId, entry.key, [`leak-${entry.providerId}`])),
        provider('anthropic', 'stream-error', streamErrorKey, ['leak-stream-error']),
        provider('anthropic', 'midstream', midStreamKey, ['leak-midstream']),
        provider('gemini', 'refused', refusedGeminiKey, ['leak-refused']),
        provider('anthropic', 'count-tokens', countTokensKey, ['leak-count-tokens']),
        { id: 'gzip-proxy', type: 'openai', baseUrl: `http://127.0.0.1:${gzipPort}/v1`, keys: [{ id: 'k-1', secret: gzipProxyKey }], models: ['leak-gzip-proxy'] },
        provider('openai', 'broken-gzip-proxy', brokenGzipKey, ['leak-broken-gzip-proxy']),
        { id: 'not-json', type: 'openai', baseUrl: `http://127.0.0.1:${gzipPort}/not-json/v1`, keys: [{ id: 'k-1', secret: notJsonKey }], models: ['leak-not-json'] },
      ],
      routing: { retries: 0 },
    },
    { log: capturingLog },
  );
});

afterAll(async () => {
  await gateway?.dispose();
  if (gzipUpstream) await closeServer(gzipUpstream);
  await Promise.all([openaiUpstream?.close(), anthropicUpstream?.close(), geminiUpstream?.close(), azureUpstream?.close()]);
});

async function ask(door: Door, model: string, stream = false): Promise<{ status: number; text: string }> {
  const path = door === 'openai' ? '/v1/chat/completions' : '/v1/messages';
  const body =
    door === 'openai'
      ? { model, stream, messages: [{ role: 'user', content: 'Hi' }] }
      : { model, stream, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] };
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe('upstream error bodies that echo the key', () => {
  it.each(cases)('$type answering $status through the $door door reaches the client redacted', async ({ door, model, status }) => {
    const answer = await ask(door, model);
    // A refused key (401) is answered with our own provider_key_rejected, the vendor's words beside it.
    expect(answer.status).toBe(status === 401 ? 502 : status);
    if (status === 401) expect(answer.text).toContain('refused by the upstream');
    // The vendor's words still come through, the key does not.
    expect(answer.text).toContain('Incorrect API key provided: [redacted]');
    expectNoKey(answer.text);
  });

  it.each(doors)('a stream error event before any content reaches the %s door redacted', async (door) => {
    const answer = await ask(door, 'leak-stream-error', true);
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(answer.text).toContain('[redacted]');
    expectNoKey(answer.text);
  });

  it('a stream error event after content is re-encoded redacted (converted)', async () => {
    const answer = await ask('openai', 'leak-midstream', true);
    expect(answer.status).toBe(200);
    expect(answer.text).toContain('Hello');
    expect(answer.text).toContain('[redacted]');
    expectNoKey(answer.text);
  });

  it('a key Google refuses is disabled, and neither the answer nor the log holds it', async () => {
    const answer = await ask('openai', 'leak-refused');
    expect(answer.status).toBe(502);
    expect(answer.text).toContain('provider_key_rejected');
    expect(answer.text).toContain('API key not valid. Please pass a valid API key. (got [redacted])');
    expectNoKey(answer.text);
    expect(logLines.some((line) => line.includes('refused/k-1') && line.includes('[redacted]'))).toBe(true);
  });

  it('a converted answer that is not JSON is reported without the key its start echoes', async () => {
    const answer = await ask('anthropic', 'leak-not-json');
    expect(answer.status).toBe(502);
    expect(answer.text).toContain('could not be read');
    expect(answer.text).toContain('[redacted]');
    expectNoKey(answer.text);
  });

  it('count_tokens relays an Anthropic error redacted', async () => {
    const response = await fetch(`${gateway.url}/v1/messages/count_tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'leak-count-tokens', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(text).toContain('[redacted]');
    expectNoKey(text);
  });
});

describe('/proxy/{id}/… error answers that echo the key', () => {
  it.each(proxyCases)('$type: the answer is redacted, with a content-length that matches', async ({ providerId }) => {
    const response = await fetch(`${gateway.url}/proxy/${providerId}/some/path`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' },
      body: '{"model":"x"}',
    });
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(response.status).toBe(401);
    expect(response.headers.get('content-length')).toBe(String(bytes.length));
    const text = bytes.toString('utf8');
    expect(text).toContain('Incorrect API key provided: [redacted]');
    expectNoKey(text);
  });

  it('a gzipped error is decoded, redacted and sent uncompressed', async () => {
    const response = await fetch(`${gateway.url}/proxy/gzip-proxy/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: '{}',
    });
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(response.headers.get('content-encoding')).toBeNull();
    expect(JSON.parse(text)).toEqual({
      error: { message: 'Incorrect API key provided: [redacted]. You can find your API key at the dashboard (key ending [redacted], starting [redacted]).' },
    });
  });

  it('an error body that cannot be decoded is withheld rather than passed on unchecked', async () => {
    const response = await fetch(`${gateway.url}/proxy/broken-gzip-proxy/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' },
      body: '{}',
    });
    const text = await response.text();
    expect(response.status).toBe(401);
    expect(JSON.parse(text)).toMatchObject({ error: { code: 'upstream_error_withheld' } });
    expectNoKey(text);
  });
});

describe('what the gateway kept', () => {
  it('no log line, usage_events.error, database or WAL byte holds a key', async () => {
    // The summary waits for queued usage events to be written.
    const summary = await fetch(`${gateway.url}/api/stats/summary?window=all`, { headers: { authorization: 'Bearer test-admin-token' } });
    expect(summary.status).toBe(200);
    expectNoKey(logLines.join('\n'));

    const database = new BetterSqlite3(join(gateway.dataDir, 'switchyard.db'), { readonly: true });
    const errors = (database.prepare('SELECT error FROM usage_events WHERE error IS NOT NULL').all() as Array<{ error: string }>).map((row) => row.error);
    database.close();
    // The converted paths store the vendor's message: proof that there was something to redact.
    expect(errors.some((error) => error.includes('[redacted]'))).toBe(true);
    expectNoKey(errors.join('\n'));

    for (const name of readdirSync(gateway.dataDir).filter((file) => file.startsWith('switchyard.db'))) {
      expectNoKey(readFileSync(join(gateway.dataDir, name)).toString('latin1'));
    }
  });
});
