import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import type { StatsSummary } from '../../src-shared/stats.js';
import { startJsonServer, type JsonServer } from '../support/json-server.js';
import { waitFor } from '../support/listen.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { modelsDevWithPrice, readModelsDevSnapshot } from '../support/models-dev-snapshot.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// Price sync end to end: the admin API fetches a models.dev api.json from a local server, and the
// very next request through the official SDK is priced by it; a failed sync changes nothing.

const adminHeaders = { authorization: 'Bearer test-admin-token' };
// gpt-4o-mini at models.dev: $0.15 / $0.60 per million tokens; the changed copy says $1.50 / $6.00.
const tokens = { prompt_tokens: 1000, completion_tokens: 1000 };
const bundledCost = (1000 * 0.15 + 1000 * 0.6) / 1e6;
const syncedCost = (1000 * 1.5 + 1000 * 6) / 1e6;

let upstream: MockOpenAI;
let prices: JsonServer;
let served: Buffer | string;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  // `snapshots: {}`: the mock answers with the model asked for, so the catalog price of gpt-4o-mini applies.
  upstream = await startMockOpenAI({ snapshots: {}, usage: tokens });
  prices = await startJsonServer((request) => (request.path === '/api.json' ? { body: served } : null));
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.dispose()));
});
afterAll(async () => {
  await upstream?.close();
  await prices?.close();
});

const config = (): SwitchyardConfigInput => ({
  providers: [{ id: 'openai-main', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k', secret: 'sk-upstream-prices' }], models: ['gpt-4o-mini'] }],
});

async function start(options: Parameters<typeof startTestGateway>[1] = {}): Promise<TestGateway> {
  const gateway = await startTestGateway(config(), options);
  gateways.push(gateway);
  return gateway;
}

async function stats(gateway: TestGateway): Promise<StatsSummary> {
  const response = await fetch(`${gateway.url}/api/stats/summary?window=all`, { headers: adminHeaders });
  return (await response.json()) as StatsSummary;
}

/** One request through the SDK, and the cost Switchyard recorded for it. */
async function costOfOneRequest(gateway: TestGateway): Promise<number> {
  const before = await stats(gateway);
  const client = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'price me' }] });
  const after = await waitFor(async () => {
    const summary = await stats(gateway);
    return summary.requests > before.requests ? summary : null;
  });
  return after.costUsd - before.costUsd;
}

function sync(gateway: TestGateway, body?: unknown, headers: Record<string, string> = adminHeaders) {
  return fetch(`${gateway.url}/api/prices/sync`, {
    method: 'POST',
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
}

describe('POST /api/prices/sync', () => {
  it('swaps the running catalog: the next request is priced by the synced prices, and so is every request after a restart', async () => {
    const gateway = await start({ pricesUrl: `${prices.origin}/api.json` });
    expect(await costOfOneRequest(gateway)).toBeCloseTo(bundledCost, 12);

    served = modelsDevWithPrice('openai', 'gpt-4o-mini', 1.5, 6);
    const response = await sync(gateway);
    expect(response.status).toBe(200);
    const summary = (await response.json()) as Record<string, unknown>;
    expect(summary).toMatchObject({ url: `${prices.origin}/api.json`, changed: 1, added: 0, removed: 0, vendors: 20, problems: [] });
    expect(summary).not.toHaveProperty('catalog');
    expect(Date.parse(summary.fetchedAt as string)).not.toBeNaN();
    expect(await costOfOneRequest(gateway)).toBeCloseTo(syncedCost, 12);

    // The synced catalog is kept in the data dir and used from the next start on.
    await gateway.close();
    const restarted = await start({ dataDir: gateway.dataDir });
    expect(await costOfOneRequest(restarted)).toBeCloseTo(syncedCost, 12);
  });

  it('takes the URL from the request body over the configured one', async () => {
    served = readModelsDevSnapshot();
    const gateway = await start({ pricesUrl: 'http://127.0.0.1:1/nothing-here.json' });
    const response = await sync(gateway, { url: `${prices.origin}/api.json` });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ url: `${prices.origin}/api.json`, changed: 0 });
  });

  it.each<[string, { url: string; serve?: string }, number, string, RegExp]>([
    ['unreachable', { url: 'http://127.0.0.1:1/api.json' }, 502, 'prices_unreachable', /could not be reached/],
    ['not JSON', { url: 'ORIGIN/api.json', serve: 'Bad Gateway' }, 502, 'prices_bad_json', /did not answer JSON/],
    ['not models.dev', { url: 'ORIGIN/api.json', serve: '{"object":"list","data":[]}' }, 502, 'prices_not_models_dev', /not models.dev's api.json/],
    ['a bad URL', { url: 'ftp://example.com/api.json' }, 400, 'prices_bad_url', /http\(s\) URL/],
  ])('answers %s with a reason, and the prices in use stay', async (_name, setup, status, code, message) => {
    const gateway = await start();
    if (setup.serve !== undefined) served = setup.serve;
    const response = await sync(gateway, { url: setup.url.replace('ORIGIN', prices.origin) });
    expect(response.status).toBe(status);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe(code);
    expect(body.error.message).toMatch(message);
    expect(await costOfOneRequest(gateway)).toBeCloseTo(bundledCost, 12);
  });

  it('needs the admin token, and refuses fields it does not know', async () => {
    const gateway = await start({ pricesUrl: `${prices.origin}/api.json` });
    const fetchesBefore = prices.requests.length;
    expect((await sync(gateway, undefined, {})).status).toBe(401);
    const unknown = await sync(gateway, { address: 'https://models.dev/api.json' });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { message: string } }).error.message).toMatch(/Unknown field "address"/);
    expect(prices.requests).toHaveLength(fetchesBefore);
  });
});
