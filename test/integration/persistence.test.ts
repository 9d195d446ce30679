import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterEach, describe, expect, it } from 'vitest';
import type { StatsSummary } from '../../src-shared/stats.js';
import { closeServer, listenOnLoopback, waitFor } from '../support/listen.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// The gateway as a user runs it: state that must outlive a restart, secrets that must never reach
// the disk in the clear, a config file edited under a running gateway, and the HTTP edges (host,
// body size, bad JSON) a client can hit before any provider is involved.

const adminToken = 'test-admin-token';

/** Everything a test started, stopped after it whatever happened. */
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function mockUpstream(options: Parameters<typeof startMockOpenAI>[0] = {}): Promise<MockOpenAI> {
  const mock = await startMockOpenAI(options);
  cleanups.push(() => mock.close());
  return mock;
}

async function gatewayWith(...args: Parameters<typeof startTestGateway>): Promise<TestGateway> {
  const gateway = await startTestGateway(...args);
  cleanups.push(() => gateway.dispose());
  return gateway;
}

function sdk(gateway: TestGateway, apiKey = testClientKey): OpenAI {
  return new OpenAI({ apiKey, baseURL: gateway.baseUrl, maxRetries: 0 });
}

async function drain(stream: AsyncIterable<ChatCompletionChunk>): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  return text;
}

function adminGet(gateway: TestGateway, path: string, token: string | null = adminToken): Promise<Response> {
  return fetch(`${gateway.url}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
}

async function statsSummary(gateway: TestGateway, window = 'all'): Promise<StatsSummary> {
  const response = await adminGet(gateway, `/api/stats/summary?window=${window}`);
  expect(response.status).toBe(200);
  return (await response.json()) as StatsSummary;
}

function sortedKeys(value: object): string[] {
  return Object.keys(value).sort();
}

/** Sorts rows by a label so assertions do not depend on the summary's tie-breaking order. */
function byLabel<Row>(rows: readonly Row[], label: (row: Row) => string): Row[] {
  return [...rows].sort((left, right) => label(left).localeCompare(label(right)));
}

/** A raw HTTP/1.1 request, for what fetch will not send (a Host header of the caller's choice). */
function rawRequest(url: string, options: { path: string; headers?: Record<string, string> }): Promise<{ status: number; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest({ host: hostname, port, path: options.path, method: 'GET', headers: options.headers }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (piece: string) => (body += piece));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end();
  });
}

/** Every file under a directory, recursively, with its bytes. */
function readTree(directory: string): Array<{ path: string; bytes: Buffer }> {
  const files: Array<{ path: string; bytes: Buffer }> = [];
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...readTree(path));
    else if (entry.isFile()) files.push({ path, bytes: readFileSync(path) });
  }
  return files;
}

describe('usage survives a restart', () => {
  // Fixed token figures and config prices make every cost computable by hand.
  const usage = { prompt_tokens: 1000, completion_tokens: 300, cached_tokens: 200 };
  const prices = {
    // 800 uncached × $2 + 200 cached × $1 + 300 output × $8, per million tokens.
    'gpt-4o': { inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 1 },
    // No cached price: cached tokens pay the input price. 1000 × $3 + 300 × $12, per million.
    'gpt-4.1': { inputPerMTok: 3, outputPerMTok: 12 },
  };
  const gpt4oCost = (800 * 2 + 200 * 1 + 300 * 8) / 1e6;
  const gpt41Cost = (1000 * 3 + 300 * 12) / 1e6;

  it('keeps requests, tokens, cost and every breakdown across a graceful stop and start', async () => {
    // `snapshots: {}`: the mock answers with the model asked for, so the config prices apply by name.
    const upstream = await mockUpstream({ usage, snapshots: {} });
    const config = {
      clients: [
        { name: 'test-client', key: testClientKey },
        { name: 'second-client', key: 'sk-local-second-client-1' },
      ],
      providers: [
        {
          id: 'alpha',
          type: 'openai' as const,
          baseUrl: upstream.baseUrl,
          keys: [{ id: 'alpha-1', secret: 'sk-alpha-upstream-0001', budgetUsd: 1 }],
          models: ['gpt-4o'],
        },
        {
          id: 'beta',
          type: 'openai-compatible' as const,
          baseUrl: upstream.baseUrl,
          keys: [{ id: 'beta-1', secret: 'sk-beta-upstream-0001' }],
          models: ['gpt-4.1'],
        },
      ],
      prices,
    };
    const first = await gatewayWith(config);
    const client = sdk(first);
    const second = sdk(first, 'sk-local-second-client-1');
    const messages = [{ role: 'user' as const, content: 'persist me' }];

    // N = 5: three gpt-4o (two plain, one stream without include_usage), two gpt-4.1 (one stream
    // asking for usage itself, one plain from the second client).
    await client.chat.completions.create({ model: 'gpt-4o', messages });
    await client.chat.completions.create({ model: 'gpt-4o', messages });
    expect(await drain(await client.chat.completions.create({ model: 'gpt-4o', messages, stream: true }))).toBe('You said: persist me');
    expect(
      await drain(await client.chat.completions.create({ model: 'gpt-4.1', messages, stream: true, stream_options: { include_usage: true } })),
    ).toBe('You said: persist me');
    await second.chat.completions.create({ model: 'gpt-4.1', messages });
    expect(upstream.requests.filter((request) => request.path === '/v1/chat/completions')).toHaveLength(5);

    await first.close();
    const restarted = await gatewayWith(config, { dataDir: first.dataDir });
    const summary = await statsSummary(restarted, 'all');

    expect(sortedKeys(summary)).toEqual(
      ['window', 'requests', 'errors', 'inputTokens', 'outputTokens', 'costUsd', 'byProvider', 'byModel', 'byKey', 'byClient'].sort(),
    );
    expect(summary).toMatchObject({ window: 'all', requests: 5, errors: 0, inputTokens: 5 * 1000, outputTokens: 5 * 300 });
    expect(summary.costUsd).toBeCloseTo(3 * gpt4oCost + 2 * gpt41Cost, 12);

    for (const row of summary.byProvider) expect(sortedKeys(row)).toEqual(['costUsd', 'provider', 'requests']);
    for (const row of summary.byModel) expect(sortedKeys(row)).toEqual(['costUsd', 'model', 'requests']);
    // The documented key fields, and the key's routing status besides.
    for (const row of summary.byKey) {
      expect(sortedKeys(row)).toEqual(['coolingDownUntil', 'costUsd', 'disabledReason', 'key', 'provider', 'remainingUsd', 'requests', 'status']);
      expect(row).toMatchObject({ status: 'active', coolingDownUntil: null, disabledReason: null });
    }
    for (const row of summary.byClient) expect(sortedKeys(row)).toEqual(['client', 'costUsd', 'requests']);

    const providers = byLabel(summary.byProvider, (row) => row.provider);
    expect(providers.map(({ provider, requests }) => ({ provider, requests }))).toEqual([
      { provider: 'alpha', requests: 3 },
      { provider: 'beta', requests: 2 },
    ]);
    expect(providers[0]?.costUsd).toBeCloseTo(3 * gpt4oCost, 12);
    expect(providers[1]?.costUsd).toBeCloseTo(2 * gpt41Cost, 12);

    const models = byLabel(summary.byModel, (row) => row.model);
    expect(models.map(({ model, requests }) => ({ model, requests }))).toEqual([
      { model: 'gpt-4.1', requests: 2 },
      { model: 'gpt-4o', requests: 3 },
    ]);
    expect(models[0]?.costUsd).toBeCloseTo(2 * gpt41Cost, 12);
    expect(models[1]?.costUsd).toBeCloseTo(3 * gpt4oCost, 12);

    const keys = byLabel(summary.byKey, (row) => `${row.provider}/${row.key}`);
    expect(keys.map(({ provider, key, requests }) => ({ provider, key, requests }))).toEqual([
      { provider: 'alpha', key: 'alpha-1', requests: 3 },
      { provider: 'beta', key: 'beta-1', requests: 2 },
    ]);
    expect(keys[0]?.costUsd).toBeCloseTo(3 * gpt4oCost, 12);
    // The budget's remainder is computed from the spend read back from the database after the restart.
    expect(keys[0]?.remainingUsd).toBeCloseTo(1 - 3 * gpt4oCost, 12);
    expect(keys[1]?.costUsd).toBeCloseTo(2 * gpt41Cost, 12);
    expect(keys[1]?.remainingUsd).toBeNull();

    const clients = byLabel(summary.byClient, (row) => row.client);
    expect(clients.map(({ client: name, requests }) => ({ client: name, requests }))).toEqual([
      { client: 'second-client', requests: 1 },
      { client: 'test-client', requests: 4 },
    ]);
    expect(clients[0]?.costUsd).toBeCloseTo(gpt41Cost, 12);
    expect(clients[1]?.costUsd).toBeCloseTo(3 * gpt4oCost + gpt41Cost, 12);

    // The restarted gateway keeps counting on top of what it read back.
    await sdk(restarted).chat.completions.create({ model: 'gpt-4o', messages });
    const after = await statsSummary(restarted, 'all');
    expect(after.requests).toBe(6);
    expect(after.costUsd).toBeCloseTo(4 * gpt4oCost + 2 * gpt41Cost, 12);
    expect(after.byKey.find((row) => row.key === 'alpha-1')?.remainingUsd).toBeCloseTo(1 - 4 * gpt4oCost, 12);
  });

  it('prices a config override written for the model asked for when the upstream answers with a dated snapshot', async () => {
    // OpenAI answers `gpt-4o` with `model: "gpt-4o-2024-08-06"`; the config prices `gpt-4o` as asked.
    const upstream = await mockUpstream({ usage });
    const gateway = await gatewayWith({
      providers: [{ id: 'alpha', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'alpha-1', secret: 'sk-alpha-upstream-0001' }], models: ['gpt-4o'] }],
      modelAliases: { 'my-4o': 'gpt-4o' },
      prices: { 'gpt-4o': prices['gpt-4o'] },
    });
    const completion = await sdk(gateway).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] });
    expect(completion.model).toBe('gpt-4o-2024-08-06');
    // Through an alias, the price is the one of the model the alias names.
    await sdk(gateway).chat.completions.create({ model: 'my-4o', messages: [{ role: 'user', content: 'x' }] });
    const summary = await statsSummary(gateway, '24h');
    expect(summary.requests).toBe(2);
    expect(summary.costUsd).toBeCloseTo(2 * gpt4oCost, 12);
    // The usage is filed under the model that answered.
    expect(summary.byModel.map(({ model, requests }) => ({ model, requests }))).toEqual([{ model: 'gpt-4o-2024-08-06', requests: 2 }]);
  });
});

describe('GET /api/stats/summary', () => {
  it('needs the admin token, refuses an unknown window, and answers every window', async () => {
    const gateway = await gatewayWith({});

    for (const token of [null, 'wrong-admin-token', testClientKey]) {
      const response = await adminGet(gateway, '/api/stats/summary?window=all', token);
      expect(response.status).toBe(401);
      const body = (await response.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('invalid_admin_token');
      expect(body.error.message).toMatch(/admin token/);
    }

    const bad = await adminGet(gateway, '/api/stats/summary?window=1y');
    expect(bad.status).toBe(400);
    const badBody = (await bad.json()) as { error: { message: string } };
    expect(badBody.error.message).toContain('24h, 7d, 30d, all');

    for (const window of ['24h', '7d', '30d', 'all']) {
      const summary = await statsSummary(gateway, window);
      expect(summary).toEqual({
        window,
        requests: 0,
        errors: 0,
        inputTokens: 0,
        outputTokens: 0,
        costUsd: 0,
        byProvider: [],
        byModel: [],
        byKey: [],
        byClient: [],
      });
    }
  });
});

describe('no secret reaches the data dir in the clear', () => {
  it('keeps provider secrets, client keys and the generated client key out of every file', async () => {
    const literalSecret = 'sk-literal-LEAKCHECK-7f3a9c1d';
    const envSecret = 'sk-envvar-LEAKCHECK-2b8d41e6';
    const refusedSecret = 'sk-refused-LEAKCHECK-90ab12cd';
    const extraClientKey = 'sk-local-LEAKCHECK-client-5e6f';
    const wrongClientKey = 'sk-local-LEAKCHECK-not-a-client';
    // The mock accepts only the literal secret: the other two get OpenAI's 401.
    const upstream = await mockUpstream({ keys: [literalSecret] });
    const gateway = await gatewayWith(
      {
        clients: [
          { name: 'test-client', key: testClientKey },
          { name: 'leak-client', key: extraClientKey },
        ],
        providers: [
          {
            id: 'alpha',
            type: 'openai',
            baseUrl: upstream.baseUrl,
            keys: [
              // Tried first, refused with 401 (the key-disabling path), then the literal one answers.
              { id: 'from-env', secret: 'env:SWITCHYARD_TEST_LEAKCHECK_KEY', priority: 1 },
              { id: 'literal', secret: literalSecret, priority: 2 },
            ],
            models: ['gpt-4o'],
          },
          // Its only key is refused: the client gets provider_key_rejected, the upstream's words in `upstream`.
          { id: 'refused', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'bad', secret: refusedSecret }], models: ['gpt-4.1'] },
        ],
      },
      { env: { SWITCHYARD_TEST_LEAKCHECK_KEY: envSecret } },
    );
    const generatedClientKey = gateway.running.generatedClientKey;
    expect(generatedClientKey).toMatch(/^sk-/);
    const secrets = [literalSecret, envSecret, refusedSecret, testClientKey, extraClientKey, wrongClientKey, generatedClientKey!, adminToken, 'test-vault-passphrase'];

    const messages = [{ role: 'user' as const, content: 'hello' }];
    await sdk(gateway).chat.completions.create({ model: 'gpt-4o', messages });
    await drain(await sdk(gateway, extraClientKey).chat.completions.create({ model: 'gpt-4o', messages, stream: true }));
    await sdk(gateway, generatedClientKey!).chat.completions.create({ model: 'gpt-4o', messages });
    await expect(sdk(gateway).chat.completions.create({ model: 'gpt-4.1', messages })).rejects.toMatchObject({ status: 502, code: 'provider_key_rejected' });
    await expect(sdk(gateway, wrongClientKey).chat.completions.create({ model: 'gpt-4o', messages })).rejects.toBeInstanceOf(
      OpenAI.AuthenticationError,
    );
    const proxied = await fetch(`${gateway.url}/proxy/alpha/models`, { headers: { authorization: `Bearer ${testClientKey}` } });
    expect(proxied.status).toBe(200);
    // The upstream really saw the secrets, so the checks below are not vacuous.
    expect(new Set(upstream.requests.map((request) => request.apiKey))).toEqual(new Set([envSecret, literalSecret, refusedSecret]));
    expect((await statsSummary(gateway)).requests).toBe(5);

    // The harness writes the test's config, secrets and all, to <dataDir>/config.json and offers no
    // other place for it; that file is the user's own input, not something Switchyard wrote.
    const harnessConfig = join(gateway.dataDir, 'config.json');
    const assertNoSecretIn = (files: Array<{ path: string; bytes: Buffer }>) => {
      const written = files.filter((file) => file.path !== harnessConfig);
      expect(written.map((file) => file.path)).toEqual(
        expect.arrayContaining([join(gateway.dataDir, 'switchyard.db'), join(gateway.dataDir, 'secrets.vault')]),
      );
      for (const file of written) {
        for (const secret of secrets) {
          expect(file.bytes.includes(secret), `${secret} in ${file.path}`).toBe(false);
        }
      }
    };
    // While running, the write-ahead log holds the latest writes.
    assertNoSecretIn(readTree(gateway.dataDir));
    await gateway.close();
    assertNoSecretIn(readTree(gateway.dataDir));
  });
});

/** An OpenAI-style upstream whose stream holds after its first chunk until the test releases it. */
async function startGatedStreamUpstream(): Promise<{ baseUrl: string; release: () => void; close: () => Promise<void> }> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const chunk = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({
      id: 'chatcmpl-gated',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'gpt-4o',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    })}\n\n`;
  const server: Server = createServer((request, response: ServerResponse) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (piece: string) => (body += piece));
    request.on('end', () => {
      if ((JSON.parse(body) as { stream?: boolean }).stream !== true) {
        // Only streams are held; a plain request is answered at once, so probing it never hangs.
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            id: 'chatcmpl-gated-plain',
            object: 'chat.completion',
            created: 1,
            model: 'gpt-4o',
            choices: [{ index: 0, message: { role: 'assistant', content: 'from the original upstream' }, logprobs: null, finish_reason: 'stop' }],
            usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 },
          }),
        );
        return;
      }
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chunk({ role: 'assistant', content: 'from the ' }));
      void released.then(() => {
        response.write(chunk({ content: 'original upstream' }));
        response.write(chunk({}, 'stop'));
        response.write(
          `data: ${JSON.stringify({ id: 'chatcmpl-gated', object: 'chat.completion.chunk', created: 1, model: 'gpt-4o', choices: [], usage: { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 } })}\n\n`,
        );
        response.end('data: [DONE]\n\n');
      });
    });
  });
  const port = await listenOnLoopback(server);
  return { baseUrl: `http://127.0.0.1:${port}/v1`, release, close: () => closeServer(server) };
}

describe('config hot reload', () => {
  const provider = (id: string, baseUrl: string, models: string[]) => ({
    id,
    type: 'openai' as const,
    baseUrl,
    keys: [{ id: `${id}-1`, secret: `sk-${id}-upstream-0001` }],
    models,
  });
  const ask = (gateway: TestGateway, model: string) => sdk(gateway).chat.completions.create({ model, messages: [{ role: 'user', content: 'hi' }] });

  it('applies a new valid file without a restart, refuses an invalid one whole, then applies the next valid one', async () => {
    const alpha = await mockUpstream();
    const beta = await mockUpstream();
    const gateway = await gatewayWith({ providers: [provider('alpha', alpha.baseUrl, ['gpt-4o'])] });
    await expect(ask(gateway, 'gpt-4.1')).rejects.toBeInstanceOf(OpenAI.NotFoundError);

    gateway.writeConfig({ providers: [provider('alpha', alpha.baseUrl, ['gpt-4o']), provider('beta', beta.baseUrl, ['gpt-4.1'])] });
    await waitFor(() => ask(gateway, 'gpt-4.1').then(() => true, () => false), { tries: 100, intervalMs: 50, description: 'gpt-4.1 served after the edit' });
    expect(beta.requests.at(-1)?.apiKey).toBe('sk-beta-upstream-0001');

    // An unknown field: the whole file is refused, so beta (which this file drops) stays.
    writeFileSync(
      gateway.configPath,
      JSON.stringify({ clients: [{ name: 'test-client', key: testClientKey }], providers: [provider('alpha', alpha.baseUrl, ['gpt-4o'])], routng: {} }),
    );
    const refused = await gateway.running.reloadConfig();
    expect(refused.ok).toBe(false);
    expect(refused.error).toContain('routng');
    const betaRequests = beta.requests.length;
    await ask(gateway, 'gpt-4.1');
    await ask(gateway, 'gpt-4o');
    expect(beta.requests.length).toBe(betaRequests + 1);

    gateway.writeConfig({ providers: [provider('alpha', alpha.baseUrl, ['gpt-4o'])] });
    await waitFor(() => ask(gateway, 'gpt-4.1').then(() => false, (error: unknown) => error instanceof OpenAI.NotFoundError), {
      tries: 100,
      intervalMs: 50,
      description: 'gpt-4.1 gone after the valid edit',
    });
    await ask(gateway, 'gpt-4o');
  });

  it('lets a stream in flight finish from the upstream it started on while the config moves the model elsewhere', async () => {
    const gated = await startGatedStreamUpstream();
    cleanups.push(() => gated.close());
    const replacement = await mockUpstream();
    const gateway = await gatewayWith({ providers: [provider('alpha', gated.baseUrl, ['gpt-4o'])] });

    const stream = await sdk(gateway).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }], stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    const firstChunk = await iterator.next();
    expect(firstChunk.done).toBe(false);
    expect(firstChunk.done ? undefined : firstChunk.value.choices[0]?.delta.content).toBe('from the ');

    // Provider alpha is gone; gpt-4o now comes from another upstream.
    gateway.writeConfig({ providers: [provider('gamma', replacement.baseUrl, ['gpt-4o'])] });
    // Probes that land before the reload are answered (plainly) by the original upstream.
    let probesAnsweredByOriginal = 0;
    await waitFor(
      async () => {
        const content = (await ask(gateway, 'gpt-4o')).choices[0]?.message.content;
        if (content === 'from the original upstream') probesAnsweredByOriginal++;
        return content === 'You said: hi';
      },
      { tries: 100, intervalMs: 50, description: 'gpt-4o served by the replacement' },
    );

    gated.release();
    let rest = '';
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest += next.value.choices[0]?.delta.content ?? '';
    expect(rest).toBe('original upstream');

    const summary = await statsSummary(gateway);
    // The stream is recorded against the provider it ran on, though the config no longer has it.
    expect(summary.byProvider.find((row) => row.provider === 'alpha')).toMatchObject({ requests: 1 + probesAnsweredByOriginal });
    expect(summary.byProvider.find((row) => row.provider === 'gamma')).toMatchObject({ requests: 1 });
    expect(summary.errors).toBe(0);
  });
});

describe('HTTP edges', () => {
  it('serves Prometheus metrics with per-model request and error counts, and no secret', async () => {
    const upstream = await mockUpstream();
    const gateway = await gatewayWith({
      providers: [{ id: 'alpha', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'alpha-1', secret: 'sk-metrics-upstream-SECRET1' }], models: ['gpt-4.1'] }],
    });
    const client = sdk(gateway);
    const messages = [{ role: 'user' as const, content: 'count' }];
    await client.chat.completions.create({ model: 'gpt-4.1', messages });
    await drain(await client.chat.completions.create({ model: 'gpt-4.1', messages, stream: true }));
    // A 400 from the upstream goes back as it is, and counts as an error.
    upstream.enqueue({ status: 400, message: 'Bad request from the mock.' });
    await expect(client.chat.completions.create({ model: 'gpt-4.1', messages })).rejects.toBeInstanceOf(OpenAI.BadRequestError);

    const response = await fetch(`${gateway.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const labels = 'provider="alpha",model="gpt-4.1"';
    expect(text).toContain('# TYPE switchyard_requests_total counter');
    expect(text).toContain(`switchyard_requests_total{${labels}} 3\n`);
    expect(text).toContain(`switchyard_errors_total{${labels}} 1\n`);
    expect(text).toContain('# TYPE switchyard_request_duration_seconds histogram');
    expect(text).toContain(`switchyard_request_duration_seconds_count{${labels}} 3\n`);
    expect(text).toContain(`switchyard_request_duration_seconds_bucket{${labels},le="+Inf"} 3\n`);
    for (const secret of ['sk-metrics-upstream-SECRET1', testClientKey, adminToken, gateway.running.generatedClientKey!]) {
      expect(text).not.toContain(secret);
    }
  });

  it('answers /health with the status and an ISO-8601 time', async () => {
    const gateway = await gatewayWith({});
    const response = await fetch(`${gateway.url}/health`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { status: string; time: string };
    expect(sortedKeys(body)).toEqual(['status', 'time']);
    expect(body.status).toBe('healthy');
    expect(new Date(body.time).toISOString()).toBe(body.time);
  });

  it('refuses a request addressed to a name that is not loopback (DNS rebinding)', async () => {
    const gateway = await gatewayWith({});
    const { port } = gateway.running;
    const evil = await rawRequest(gateway.url, { path: '/health', headers: { host: 'evil.example' } });
    expect(evil.status).toBe(403);
    expect((JSON.parse(evil.body) as { error: { code: string } }).error.code).toBe('forbidden_host');
    const evilWithPort = await rawRequest(gateway.url, { path: '/health', headers: { host: `evil.example:${port}` } });
    expect(evilWithPort.status).toBe(403);
    // The host check runs before client auth: a good key does not open the door either.
    const evilWithKey = await rawRequest(gateway.url, { path: '/v1/models', headers: { host: 'evil.example', authorization: `Bearer ${testClientKey}` } });
    expect(evilWithKey.status).toBe(403);

    for (const host of [`localhost:${port}`, `127.0.0.1:${port}`, 'localhost']) {
      const allowed = await rawRequest(gateway.url, { path: '/health', headers: { host } });
      expect(allowed.status, host).toBe(200);
    }
  });

  it('answers a body over the limit with 413 and malformed JSON with 400, both in OpenAI shape', async () => {
    const gateway = await gatewayWith({});
    const headers = { authorization: `Bearer ${testClientKey}`, 'content-type': 'application/json' };

    const big = JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(1024 * 1024 + 1) }] });
    const tooLarge = await fetch(`${gateway.baseUrl}/chat/completions`, { method: 'POST', headers, body: big });
    expect(tooLarge.status).toBe(413);
    const tooLargeBody = (await tooLarge.json()) as { error: { message: string; type: string; code: string } };
    expect(sortedKeys(tooLargeBody)).toEqual(['error']);
    expect(tooLargeBody.error.code).toBe('request_too_large');
    expect(tooLargeBody.error.message).toContain(String(1024 * 1024));
    expect(tooLargeBody.error.message).toMatch(/smaller body|--body-limit/);

    // Through the SDK the gateway's 413 surfaces as an APIError with that status and message.
    const sdkError = await sdk(gateway)
      .chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(1024 * 1024 + 1) }] })
      .catch((error: unknown) => error);
    expect(sdkError).toBeInstanceOf(OpenAI.APIError);
    expect((sdkError as InstanceType<typeof OpenAI.APIError>).status).toBe(413);

    const malformed = await fetch(`${gateway.baseUrl}/chat/completions`, { method: 'POST', headers, body: '{"model": "gpt-4o", "messages": [' });
    expect(malformed.status).toBe(400);
    const malformedBody = (await malformed.json()) as { error: { message: string; type: string; code: string; param: unknown } };
    expect(sortedKeys(malformedBody)).toEqual(['error']);
    expect(malformedBody.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json', param: null });
    expect(malformedBody.error.message).toMatch(/not valid JSON/);
  });
});
