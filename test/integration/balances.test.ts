import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import type { StatsSummary } from '../../src-shared/stats.js';
import type { BalanceRefreshReport } from '../../src-main/usage/balance-refresher.js';
import { startBalanceFront, type BalanceAnswer, type BalanceFront } from '../support/balance-front.js';
import { waitFor } from '../support/listen.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// Vendor balances as credit, end to end: the provider's balance endpoint (DeepSeek's shape, served
// beside an OpenAI-format mock) reports what a key has left; the official SDK spends it; the key is
// then skipped for the next one, as routing skips any key out of credit.

const adminHeaders = { authorization: 'Bearer test-admin-token' };
const keyA = 'sk-balance-key-a-000000';
const keyB = 'sk-balance-key-b-000000';
// With the price override below every request costs (1000 + 1000) × $10 / 1M = $0.02.
const tokens = { prompt_tokens: 1000, completion_tokens: 1000 };
const costPerRequest = 0.02;

let upstream: MockOpenAI;
let front: BalanceFront;
const balances = new Map<string, BalanceAnswer>();
const gateways: TestGateway[] = [];

function deepseekBalance(currency: 'USD' | 'CNY', total: string): BalanceAnswer {
  return { json: { is_available: true, balance_infos: [{ currency, total_balance: total, granted_balance: '0.00', topped_up_balance: total }] } };
}

beforeAll(async () => {
  upstream = await startMockOpenAI({ models: ['deepseek-chat'], snapshots: {}, usage: tokens });
  front = await startBalanceFront(upstream.origin, ['/user/balance'], (_path, apiKey) => balances.get(apiKey ?? '') ?? { status: 401, json: { error: { message: 'Authentication Fails' } } });
});
afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.dispose()));
  upstream.reset();
  balances.clear();
});
afterAll(async () => {
  await front?.close();
  await upstream?.close();
});

const config = (extra: Partial<SwitchyardConfigInput> = {}): SwitchyardConfigInput => ({
  providers: [
    {
      id: 'deepseek',
      type: 'openai-compatible',
      baseUrl: front.baseUrl,
      // The mock is on 127.0.0.1, so the vendor is named rather than inferred from the host.
      balance: 'deepseek',
      keys: [
        { id: 'key-a', secret: keyA, priority: 1 },
        { id: 'key-b', secret: keyB, priority: 2 },
      ],
      models: ['deepseek-chat'],
    },
  ],
  prices: { 'deepseek-chat': { inputPerMTok: 10, outputPerMTok: 10 } },
  ...extra,
});

async function start(extra: Partial<SwitchyardConfigInput> = {}, options: Parameters<typeof startTestGateway>[1] = {}): Promise<TestGateway> {
  const gateway = await startTestGateway(config(extra), options);
  gateways.push(gateway);
  return gateway;
}

async function refresh(gateway: TestGateway): Promise<BalanceRefreshReport> {
  const response = await fetch(`${gateway.url}/api/balances/refresh`, { method: 'POST', headers: adminHeaders });
  expect(response.status).toBe(200);
  return (await response.json()) as BalanceRefreshReport;
}

async function stats(gateway: TestGateway): Promise<StatsSummary> {
  const response = await fetch(`${gateway.url}/api/stats/summary?window=all`, { headers: adminHeaders });
  return (await response.json()) as StatsSummary;
}

/** One chat request through the SDK; returns which upstream key answered it. */
async function chatOnce(gateway: TestGateway): Promise<string | undefined> {
  const before = upstream.requests.length;
  const done = (await stats(gateway)).requests;
  const client = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
  await client.chat.completions.create({ model: 'deepseek-chat', messages: [{ role: 'user', content: 'spend a little' }] });
  // Spend counts the moment the response ends; waiting for the stats keeps the test from racing it.
  await waitFor(async () => (await stats(gateway)).requests > done);
  return upstream.requests.slice(before).find((request) => request.path === '/v1/chat/completions')?.apiKey;
}

describe('provider balances', () => {
  it('uses a 0.01 USD balance as the key credit: once spent, the key is skipped for the next one', async () => {
    balances.set(keyA, deepseekBalance('USD', '0.01'));
    balances.set(keyB, deepseekBalance('USD', '100.00'));
    const gateway = await start();
    const report = await refresh(gateway);
    expect(report.keys).toEqual([
      expect.objectContaining({ provider: 'deepseek', key: 'key-a', outcome: 'fetched', currency: 'USD', amount: 0.01, amountUsd: 0.01 }),
      expect.objectContaining({ provider: 'deepseek', key: 'key-b', outcome: 'fetched', currency: 'USD', amount: 100, amountUsd: 100 }),
    ]);
    expect(front.balanceRequests.every((request) => request.path === '/user/balance')).toBe(true);

    expect(await chatOnce(gateway)).toBe(keyA); // $0.01 left: still a candidate; it costs $0.02
    expect(await chatOnce(gateway)).toBe(keyB); // key-a is out of credit now
    expect(await chatOnce(gateway)).toBe(keyB);

    const summary = await stats(gateway);
    const rowA = summary.byKey.find((row) => row.key === 'key-a')!;
    const rowB = summary.byKey.find((row) => row.key === 'key-b')!;
    expect(rowA.balance).toMatchObject({ amount: 0.01, currency: 'USD', amountUsd: 0.01 });
    expect(Date.parse(rowA.balance!.fetchedAt)).not.toBeNaN();
    expect(rowA.remainingUsd).toBe(0);
    expect(rowB.remainingUsd).toBeCloseTo(100 - 2 * costPerRequest, 10);
  });

  it('converts a CNY balance at the configured rate', async () => {
    balances.set(keyA, deepseekBalance('CNY', '0.36')); // 0.36 / 7.2 = $0.05: two requests and a half
    balances.set(keyB, deepseekBalance('CNY', '720.00'));
    const gateway = await start({ currency: { cnyPerUsd: 7.2 } });
    await refresh(gateway);

    const row = async () => (await stats(gateway)).byKey.find((entry) => entry.key === 'key-a');
    expect(await chatOnce(gateway)).toBe(keyA);
    expect((await row())!.balance).toMatchObject({ amount: 0.36, currency: 'CNY', amountUsd: 0.05 });
    expect((await row())!.remainingUsd).toBeCloseTo(0.05 - costPerRequest, 10);
    expect(await chatOnce(gateway)).toBe(keyA);
    expect(await chatOnce(gateway)).toBe(keyA); // $0.01 left before it
    expect(await chatOnce(gateway)).toBe(keyB);
  });

  it('a fresh balance replaces the figure: spend before it is already out of it', async () => {
    balances.set(keyA, deepseekBalance('USD', '0.03'));
    balances.set(keyB, deepseekBalance('USD', '100.00'));
    const gateway = await start();
    await refresh(gateway);
    expect(await chatOnce(gateway)).toBe(keyA);
    expect(await chatOnce(gateway)).toBe(keyA);
    expect(await chatOnce(gateway)).toBe(keyB);
    // The vendor now says the key was topped up to $1.00 (after the spend): it is back.
    balances.set(keyA, deepseekBalance('USD', '1.00'));
    await refresh(gateway);
    expect(await chatOnce(gateway)).toBe(keyA);
    expect((await stats(gateway)).byKey.find((entry) => entry.key === 'key-a')!.remainingUsd).toBeCloseTo(1 - costPerRequest, 10);
  });

  it('logs a refused balance request without the key, keeps serving, and keeps the stored figure across a restart', async () => {
    const lines: string[] = [];
    const log = { info: (line: string) => lines.push(line), warn: (line: string) => lines.push(line), error: (line: string) => lines.push(line) };
    balances.set(keyA, deepseekBalance('USD', '5.00'));
    balances.set(keyB, deepseekBalance('USD', '5.00'));
    const gateway = await start({}, { log });
    await refresh(gateway);

    balances.delete(keyA); // the endpoint now answers 401 for key-a
    const report = await refresh(gateway);
    expect(report.keys[0]).toMatchObject({ key: 'key-a', outcome: 'failed', error: expect.stringMatching(/HTTP 401/) });
    expect(lines.some((line) => /balance of key deepseek\/key-a \(deepseek\) not updated: .*HTTP 401/.test(line))).toBe(true);
    expect(lines.join('\n')).not.toContain(keyA);
    expect(JSON.stringify(report)).not.toContain(keyA);
    expect(await chatOnce(gateway)).toBe(keyA);

    await gateway.close();
    const restarted = await start({}, { dataDir: gateway.dataDir, log });
    const row = (await stats(restarted)).byKey.find((entry) => entry.key === 'key-a')!;
    expect(row.balance).toMatchObject({ amount: 5, currency: 'USD', amountUsd: 5 });
    expect(row.remainingUsd).toBeCloseTo(5 - costPerRequest, 10);
  });

  it('needs the admin token', async () => {
    const gateway = await start();
    const response = await fetch(`${gateway.url}/api/balances/refresh`, { method: 'POST' });
    expect(response.status).toBe(401);
  });
});
