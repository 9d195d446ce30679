import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../src-shared/control/control-service.js';
import type { RequestDetail, RequestLogPage } from '../../src-shared/control/usage-api.js';
import type { RequestLogSettings } from '../../src-main/usage/usage-retention.js';
import { waitFor } from '../support/listen.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// The request log end to end: the official SDK through the real gateway, the log read back through
// the control API over HTTP as the window reads it, and the SQLite file scanned for keys.

const providerKey = 'sk-proj-Q7w9Lx2Vb8Nn4Tz6Rk1Ym3Hd5';
let upstream: MockOpenAI;
let gateway: TestGateway;
let client: OpenAI;
const settings: RequestLogSettings = { logBodies: false, bodyRetentionDays: 7, retentionDays: 0 };

beforeAll(async () => {
  upstream = await startMockOpenAI();
  gateway = await startTestGateway(
    { providers: [{ id: 'openai-main', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'oa-1', secret: providerKey }], models: ['gpt-4o'] }] },
    { requestLogSettings: () => settings },
  );
  client = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.dispose();
  await upstream?.close();
});

async function control<Output>(method: string, input: unknown = {}): Promise<{ status: number; body: Output }> {
  const response = await fetch(`${gateway.url}/api/control/${method}`, {
    method: 'POST',
    headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as Output };
}

/** The detail of the newest logged request, once its bodies (stored when the answer ended) are in. */
async function newestDetail(withBodies: boolean): Promise<RequestDetail> {
  const page = (await control<RequestLogPage>('requestLog', { limit: 1 })).body;
  const id = page.rows[0]!.id;
  return waitFor(async () => {
    const detail = (await control<RequestDetail>('requestDetail', { id })).body;
    return !withBodies || detail.responseBody !== null ? detail : null;
  });
}

function storedBodies(): string {
  const database = new BetterSqlite3(join(gateway.dataDir, 'switchyard.db'), { readonly: true });
  try {
    return JSON.stringify(database.prepare('SELECT * FROM request_bodies').all());
  } finally {
    database.close();
  }
}

function expectNoSliceOf(text: string, secret: string): void {
  for (let start = 0; start + 8 <= secret.length; start++) expect(text, `a slice of ${secret.slice(0, 6)}… was kept`).not.toContain(secret.slice(start, start + 8));
}

describe('the request log', () => {
  it('stores no bodies while body logging is off', async () => {
    settings.logBodies = false;
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'not to be logged' }] });
    const detail = await newestDetail(false);
    expect(detail).toMatchObject({ client: 'test-client', provider: 'openai-main', key: 'oa-1', modelRequested: 'gpt-4o', status: 200, requestBody: null, responseBody: null });
    expect(storedBodies()).toBe('[]');
  });

  it('stores both bodies while it is on, with the provider key and the client key redacted', async () => {
    settings.logBodies = true;
    upstream.enqueue({ reply: `Your upstream key is ${providerKey} and yours is ${testClientKey}.` });
    const answer = await client.chat.completions.create({
      model: 'gpt-4o',
      messages: [{ role: 'user', content: `Remember ${providerKey}, my key ${testClientKey}, and Bearer abcdefghijklmnop1234.` }],
    });
    // The client itself gets what the upstream said: the log is what is redacted.
    expect(answer.choices[0]!.message.content).toContain(providerKey);
    const detail = await newestDetail(true);
    expect(detail.requestBody).toContain('"model":"gpt-4o"');
    expect(detail.requestBody).toContain('[redacted]');
    expect(detail.responseBody).toContain('Your upstream key is [redacted]');
    expect(detail).toMatchObject({ requestTruncated: false, responseTruncated: false });
    const stored = storedBodies();
    for (const secret of [providerKey, testClientKey, 'abcdefghijklmnop1234']) {
      expectNoSliceOf(`${detail.requestBody}${detail.responseBody}`, secret);
      expectNoSliceOf(stored, secret);
    }
  });

  it('keeps the events a stream sent', async () => {
    settings.logBodies = true;
    const stream = await client.chat.completions.create({ model: 'gpt-4o', stream: true, messages: [{ role: 'user', content: 'stream me' }] });
    for await (const chunk of stream) void chunk;
    const detail = await newestDetail(true);
    expect(detail.stream).toBe(true);
    expect(detail.responseBody).toMatch(/^data: /);
    expect(detail.responseBody).toContain('data: [DONE]');
  });

  it('announces each finished request over GET /api/events', async () => {
    settings.logBodies = false;
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/api/events`, { headers: { authorization: 'Bearer test-admin-token' }, signal: controller.signal });
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'announce me' }] });
    while (!text.includes('event: request')) text += decoder.decode((await reader.read()).value);
    controller.abort();
    const data = /event: request\ndata: (.+)\n/.exec(text)![1]!;
    const event = JSON.parse(data) as Extract<ControlEvent, { type: 'request' }>;
    expect(event.row).toMatchObject({ client: 'test-client', modelRequested: 'gpt-4o', provider: 'openai-main', status: 200, stream: false });
    const page = (await control<RequestLogPage>('requestLog', { limit: 1 })).body;
    expect(page.rows[0]!.id).toBe(event.row.id);
  });
});

describe('clients made in the window', () => {
  it('get a key that works at once, and stops working once revoked', async () => {
    const created = await control<{ key: string; client: { name: string; hint: string } }>('createClient', { name: 'laptop' });
    expect(created.status).toBe(200);
    const laptop = new OpenAI({ apiKey: created.body.key, baseURL: gateway.baseUrl, maxRetries: 0 });
    const answer = await laptop.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello from the laptop' }] });
    expect(answer.choices).toHaveLength(1);
    const listed = (await control<{ name: string; requests: number }[]>('listClients')).body;
    expect(listed.find((view) => view.name === 'laptop')).toMatchObject({ requests: 1 });
    expect(JSON.stringify(listed)).not.toContain(created.body.key);

    expect((await control('revokeClient', { name: 'laptop' })).status).toBe(200);
    await expect(laptop.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'still there?' }] })).rejects.toMatchObject({ status: 401 });
    const fromFile = await control<{ error: { code: string } }>('revokeClient', { name: 'test-client' });
    expect(fromFile).toMatchObject({ status: 409, body: { error: { code: 'managed_by_configuration' } } });
  });
});
