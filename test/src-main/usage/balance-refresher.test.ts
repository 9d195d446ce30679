import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type SwitchyardConfigInput } from '../../../src-shared/config-schema.js';
import type { BalanceFetcher } from '../../../src-main/usage/balances/balance-reading.js';
import { balanceFetchers } from '../../../src-main/usage/balances/balance-fetchers.js';
import { buildRouteTable, type RouteTable } from '../../../src-main/routing/route-table.js';
import { providerKeyAccount } from '../../../src-main/store/secrets/secret-accounts.js';
import { openDatabase, type Database } from '../../../src-main/store/database.js';
import { createKeyBalancesRepository, type KeyBalancesRepository } from '../../../src-main/store/key-balances-repository.js';
import { BalanceRefresher, type RefreshTimer } from '../../../src-main/usage/balance-refresher.js';
import { startJsonServer, type JsonServer } from '../../support/json-server.js';

const keyOne = 'sk-deepseek-one-0001';
const keyTwo = 'sk-deepseek-two-0002';
const startTime = Date.UTC(2025, 10, 20, 12, 0, 0);

let server: JsonServer;
const agent = new Agent();
/** Balance answers by bearer key, as DeepSeek documents them. */
const balances = new Map<string, { status?: number; json: unknown }>();

beforeAll(async () => {
  server = await startJsonServer((request) => {
    if (request.path !== '/user/balance') return null;
    const answer = balances.get((request.headers.authorization ?? '').replace(/^Bearer /, ''));
    return answer ? { status: answer.status, json: answer.json } : { status: 401, json: { error: { message: 'Authentication Fails' } } };
  });
});
afterAll(async () => {
  await server.close();
  await agent.close();
});

function deepseekAnswer(currency: 'CNY' | 'USD', total: string) {
  return { json: { is_available: true, balance_infos: [{ currency, total_balance: total, granted_balance: '0.00', topped_up_balance: total }] } };
}

function tableFor(config: SwitchyardConfigInput): RouteTable {
  const parsed = configSchema.parse(config);
  const secrets = new Map(parsed.providers.flatMap((provider) => provider.keys.map((key) => [providerKeyAccount(provider.id, key.id), key.secret] as const)));
  return buildRouteTable(parsed, secrets);
}

const deepseekAtMock = (extra: Record<string, unknown> = {}): SwitchyardConfigInput => ({
  providers: [
    {
      id: 'ds',
      type: 'openai-compatible',
      baseUrl: `${server.origin}/v1`,
      balance: 'deepseek',
      keys: [
        { id: 'one', secret: keyOne },
        { id: 'two', secret: keyTwo },
        { id: 'off', secret: 'sk-disabled-0003', disabled: true },
      ],
      models: ['deepseek-chat'],
    },
    // No balance API at this host: never asked.
    { id: 'plain', type: 'openai', baseUrl: `${server.origin}/v1`, keys: [{ id: 'p', secret: 'sk-plain-0004' }], models: ['gpt-4o'] },
  ],
  ...extra,
});

interface CreditCall {
  kind: 'set' | 'clear';
  providerId: string;
  keyId: string;
  usd?: number;
  asOfMs?: number;
}

class FakeTimer implements RefreshTimer {
  intervalMs: number | null = null;
  callback: (() => void) | null = null;
  cancelled = false;
  every(intervalMs: number, callback: () => void) {
    this.intervalMs = intervalMs;
    this.callback = callback;
    return { cancel: () => void (this.cancelled = true) };
  }
}

let database: Database;
let repository: KeyBalancesRepository;
let credits: CreditCall[];
let warnings: string[];
let clock: number;
let timer: FakeTimer;
let table: RouteTable;

beforeEach(() => {
  database = openDatabase(':memory:');
  repository = createKeyBalancesRepository(database);
  credits = [];
  warnings = [];
  clock = startTime;
  timer = new FakeTimer();
  balances.clear();
  server.requests.length = 0;
  table = tableFor(deepseekAtMock());
});
afterEach(() => database.close());

function refresher(fetchers?: Record<string, BalanceFetcher>) {
  return new BalanceRefresher({
    agent,
    routeTable: () => table,
    repository,
    credits: {
      setCredit: (providerId, keyId, usd, asOfMs) => {
        credits.push({ kind: 'set', providerId, keyId, usd, asOfMs });
        return true;
      },
      clearCredit: (providerId, keyId) => void credits.push({ kind: 'clear', providerId, keyId }),
    },
    log: { info: () => {}, warn: (message) => warnings.push(message) },
    now: () => clock,
    timer,
    ...(fetchers ? { fetchers: { ...balanceFetchers, ...fetchers } } : {}),
  });
}

describe('BalanceRefresher', () => {
  it('fetches every key with a balance API, stores each with its time, and hands it to the ledger as credit in USD', async () => {
    balances.set(keyOne, deepseekAnswer('USD', '0.01'));
    balances.set(keyTwo, deepseekAnswer('CNY', '0.36'));
    table = tableFor(deepseekAtMock({ currency: { cnyPerUsd: 7.2 } }));
    const report = await refresher().refreshAll();

    expect(report.keys).toEqual([
      { provider: 'ds', key: 'one', source: 'deepseek', outcome: 'fetched', currency: 'USD', amount: 0.01, amountUsd: 0.01, fetchedAt: '2025-11-20T12:00:00.000Z' },
      { provider: 'ds', key: 'two', source: 'deepseek', outcome: 'fetched', currency: 'CNY', amount: 0.36, amountUsd: 0.05, fetchedAt: '2025-11-20T12:00:00.000Z' },
    ]);
    expect(server.requests.map((request) => request.path)).toEqual(['/user/balance', '/user/balance']);
    expect(credits).toEqual([
      { kind: 'set', providerId: 'ds', keyId: 'one', usd: 0.01, asOfMs: startTime },
      { kind: 'set', providerId: 'ds', keyId: 'two', usd: 0.05, asOfMs: startTime },
    ]);
    const rows = repository.listBalances();
    expect(rows.map(({ rawJson: _raw, ...row }) => row)).toEqual([
      { providerId: 'ds', keyId: 'one', currency: 'USD', amount: 0.01, amountUsd: 0.01, fetchedAt: startTime },
      { providerId: 'ds', keyId: 'two', currency: 'CNY', amount: 0.36, amountUsd: 0.05, fetchedAt: startTime },
    ]);
    expect(JSON.parse(rows[1]!.rawJson)).toEqual({ is_available: true, balance_infos: [{ currency: 'CNY', total_balance: '0.36', granted_balance: '0.00', topped_up_balance: '0.36' }] });
  });

  it('converts yuan at the default rate when the config sets none', async () => {
    balances.set(keyOne, deepseekAnswer('CNY', '71.00'));
    balances.set(keyTwo, deepseekAnswer('USD', '1.00'));
    await refresher().refreshAll();
    expect(credits[0]).toMatchObject({ keyId: 'one', usd: 10 });
  });

  it('on start, restores stored balances of configured keys, fetches at once, and again on each tick of its timer', async () => {
    repository.saveBalance({ providerId: 'ds', keyId: 'one', currency: 'USD', amount: 3, amountUsd: 3, fetchedAt: startTime - 60_000, rawJson: '{}' });
    repository.saveBalance({ providerId: 'gone', keyId: 'old', currency: 'USD', amount: 9, amountUsd: 9, fetchedAt: startTime - 60_000, rawJson: '{}' });
    balances.set(keyOne, deepseekAnswer('USD', '2.00'));
    balances.set(keyTwo, deepseekAnswer('USD', '5.00'));
    const subject = refresher();
    subject.start();
    expect(credits[0]).toEqual({ kind: 'set', providerId: 'ds', keyId: 'one', usd: 3, asOfMs: startTime - 60_000 });
    expect(subject.balanceOf('ds', 'one')).toMatchObject({ amountUsd: 3 });
    expect(subject.balanceOf('gone', 'old')).toBeUndefined();
    expect(timer.intervalMs).toBe(15 * 60_000);

    await subject.refreshAll(); // joins the fetch start() began
    expect(server.requests).toHaveLength(2);
    expect(subject.balanceOf('ds', 'one')).toEqual({ amount: 2, currency: 'USD', amountUsd: 2, fetchedAt: '2025-11-20T12:00:00.000Z' });

    clock += 15 * 60_000;
    balances.set(keyOne, deepseekAnswer('USD', '1.50'));
    timer.callback!();
    await subject.refreshAll();
    expect(server.requests).toHaveLength(4);
    expect(credits.at(-2)).toEqual({ kind: 'set', providerId: 'ds', keyId: 'one', usd: 1.5, asOfMs: startTime + 15 * 60_000 });
    expect(subject.balanceOf('ds', 'one')?.fetchedAt).toBe('2025-11-20T12:15:00.000Z');

    subject.stop();
    expect(timer.cancelled).toBe(true);
  });

  it('joins a refresh already under way instead of asking twice', async () => {
    balances.set(keyOne, deepseekAnswer('USD', '1.00'));
    balances.set(keyTwo, deepseekAnswer('USD', '1.00'));
    const subject = refresher();
    const [first, second] = [subject.refreshAll(), subject.refreshAll()];
    expect(second).toBe(first);
    await first;
    expect(server.requests).toHaveLength(2);
  });

  it('logs a refused key without its secret, keeps the last figure, and goes on with the others', async () => {
    balances.set(keyOne, deepseekAnswer('USD', '4.00'));
    balances.set(keyTwo, deepseekAnswer('USD', '6.00'));
    const subject = refresher();
    await subject.refreshAll();
    credits.length = 0;

    balances.set(keyOne, { status: 401, json: { error: { message: `Authentication Fails (${keyOne})` } } });
    balances.set(keyTwo, deepseekAnswer('USD', '5.00'));
    const report = await subject.refreshAll();
    expect(report.keys[0]).toMatchObject({ key: 'one', outcome: 'failed' });
    expect(report.keys[0]).toHaveProperty('error', expect.stringMatching(/answered HTTP 401: the balance endpoint refused the key/));
    expect(report.keys[1]).toMatchObject({ key: 'two', outcome: 'fetched', amountUsd: 5 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^balance of key ds\/one \(deepseek\) not updated: .*HTTP 401/);
    expect(JSON.stringify({ warnings, report })).not.toContain(keyOne);
    expect(credits).toEqual([{ kind: 'set', providerId: 'ds', keyId: 'two', usd: 5, asOfMs: startTime }]);
    expect(repository.listBalances().find((row) => row.keyId === 'one')?.amountUsd).toBe(4);
    expect(subject.balanceOf('ds', 'one')?.amountUsd).toBe(4);
  });

  it('reports an answer in an unexpected shape as a failure, not as zero credit', async () => {
    balances.set(keyOne, { json: { message: 'maintenance' } });
    balances.set(keyTwo, deepseekAnswer('USD', '1.00'));
    const report = await refresher().refreshAll();
    expect(report.keys[0]).toMatchObject({ outcome: 'failed', error: expect.stringMatching(/not in its documented shape/) });
    expect(credits.map((call) => call.keyId)).toEqual(['two']);
  });

  it('forgets the figure of a key its vendor now reports without a limit', async () => {
    const unlimited: BalanceFetcher = { docsUrl: 'x', read: async () => ({ amounts: null, raw: {} }) };
    repository.saveBalance({ providerId: 'ds', keyId: 'one', currency: 'USD', amount: 3, amountUsd: 3, fetchedAt: startTime - 1, rawJson: '{}' });
    const report = await refresher({ deepseek: unlimited }).refreshAll();
    expect(report.keys.map((outcome) => outcome.outcome)).toEqual(['unlimited', 'unlimited']);
    expect(credits).toEqual([
      { kind: 'clear', providerId: 'ds', keyId: 'one' },
      { kind: 'clear', providerId: 'ds', keyId: 'two' },
    ]);
    expect(repository.listBalances()).toEqual([]);
  });

  it('never stores the key, even when a vendor puts it in its answer', async () => {
    const echoing: BalanceFetcher = {
      docsUrl: 'x',
      read: async (get) => {
        await get('/user/balance');
        return { amounts: [{ currency: 'USD', amount: 1 }], raw: { note: `balance of ${keyOne}` } };
      },
    };
    balances.set(keyOne, deepseekAnswer('USD', '1.00'));
    balances.set(keyTwo, deepseekAnswer('USD', '1.00'));
    await refresher({ deepseek: echoing }).refreshAll();
    const stored = repository.listBalances().find((row) => row.keyId === 'one')!.rawJson;
    expect(stored).toBe('{"note":"balance of [key]"}');
  });

  it('cancels fetches under way when stopped, and logs nothing for them', async () => {
    const hanging: BalanceFetcher = { docsUrl: 'x', read: (get) => get('/hang').then(() => ({ amounts: [], raw: {} })) };
    server.handle = (request) => (request.path === '/hang' ? new Promise(() => {}) : null);
    const subject = refresher({ deepseek: hanging });
    const running = subject.refreshAll();
    await new Promise((resolve) => setImmediate(resolve));
    subject.stop();
    const report = await running;
    expect(report.keys.every((outcome) => outcome.outcome === 'failed')).toBe(true);
    expect(warnings).toEqual([]);
    expect(credits).toEqual([]);
  });
});
