import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import type { StatsSummary } from '../../src-shared/stats.js';
import { emptyUsage, type UsageEvent } from '../../src-shared/usage.js';
import { openDatabase } from '../../src-main/store/database.js';
import { createUsageRepository } from '../../src-main/store/usage-repository.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// Budgets and credit through the official SDK: keys over their budget (for its period) or
// out of credit are skipped, and with none left the client gets 429 insufficient_quota. Spend is
// counted the moment a response ends, so concurrent requests overshoot a cap by the ones in flight
// at most.

/** Every answer reports 1,000 prompt tokens; at $1,000 per million each request costs exactly $1. */
const requestCostUsd = 1;
const prices = { 'gpt-4o': { inputPerMTok: 1_000, outputPerMTok: 0 } };

let upstream: MockOpenAI;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  // `snapshots: {}`: the mock answers with the model asked for, which is the one priced above.
  upstream = await startMockOpenAI({ usage: { prompt_tokens: 1_000, completion_tokens: 5 }, snapshots: {} });
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.dispose()));
  upstream.reset();
});

afterAll(async () => {
  await upstream?.close();
});

type KeyInput = NonNullable<NonNullable<SwitchyardConfigInput['providers']>[number]['keys']>[number];

function provider(id: string, keys: KeyInput[]) {
  return { id, type: 'openai' as const, baseUrl: upstream.baseUrl, keys, models: ['gpt-4o'] };
}

async function start(config: SwitchyardConfigInput, dataDir?: string): Promise<TestGateway> {
  const gateway = await startTestGateway({ prices, ...config }, dataDir === undefined ? {} : { dataDir });
  gateways.push(gateway);
  return gateway;
}

function chat(gateway: TestGateway, model = 'gpt-4o') {
  return new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 }).chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'spend' }],
  });
}

type Outcome = 'answered' | 'insufficient_quota';

/** What the client saw: an answer, or the 429 insufficient_quota (anything else fails the test). */
async function outcomeOf(request: Promise<unknown>): Promise<Outcome> {
  try {
    await request;
    return 'answered';
  } catch (error) {
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const refusal = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(refusal.status).toBe(429);
    expect(refusal.code).toBe('insufficient_quota');
    return 'insufficient_quota';
  }
}

const count = (outcomes: readonly Outcome[], outcome: Outcome) => outcomes.filter((each) => each === outcome).length;

async function summary(gateway: TestGateway): Promise<StatsSummary> {
  const response = await fetch(`${gateway.url}/api/stats/summary?window=all`, { headers: { authorization: 'Bearer test-admin-token' } });
  expect(response.status).toBe(200);
  return (await response.json()) as StatsSummary;
}

async function keyRow(gateway: TestGateway, key: string) {
  return (await summary(gateway)).byKey.find((row) => row.key === key);
}

describe('a budget under concurrent requests', () => {
  it('lets a first wave of concurrent requests through, then refuses every later one with insufficient_quota', async () => {
    // $4.50 allows five $1 requests: each is admitted while less than $4.50 is spent.
    const gateway = await start({ providers: [provider('openai-main', [{ id: 'capped', secret: 'sk-upstream-capped', budgetUsd: 4.5 }])] });
    // The answers wait a little, so the whole wave is in flight together.
    upstream.behaviourFor('sk-upstream-capped', { delayHeadersMs: 50 });

    const firstWave = await Promise.all(Array.from({ length: 5 }, () => outcomeOf(chat(gateway))));
    expect(firstWave).toEqual(Array(5).fill('answered'));

    const later = await Promise.all(Array.from({ length: 20 }, () => outcomeOf(chat(gateway))));
    expect(later).toEqual(Array(20).fill('insufficient_quota'));
    expect(upstream.requests).toHaveLength(5);

    // The overshoot is the wave in flight when the budget was crossed: $5 spent of $4.50, under
    // budget + 5 in flight x $1.
    const row = await keyRow(gateway, 'capped');
    expect(row).toMatchObject({ requests: 5, remainingUsd: 0 });
    expect(row!.costUsd).toBeCloseTo(5 * requestCostUsd, 10);
    expect(row!.costUsd).toBeLessThanOrEqual(4.5 + 5 * requestCostUsd);
  });

  it('with 20 requests over 4 connections at a time, spends no more than the budget plus the 3 others in flight', async () => {
    const gateway = await start({ providers: [provider('openai-main', [{ id: 'capped', secret: 'sk-upstream-capped', budgetUsd: 4.5 }])] });
    upstream.behaviourFor('sk-upstream-capped', { delayHeadersMs: 20 });
    const connections = 4;
    const outcomes: Outcome[] = [];
    let sent = 0;
    // Each connection sends its next request as soon as its last one ends: never more than 4 in flight.
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (sent < 20) {
          sent++;
          outcomes.push(await outcomeOf(chat(gateway)));
        }
      }),
    );

    expect(outcomes).toHaveLength(20);
    const answered = count(outcomes, 'answered');
    // A request is admitted only while under $4.50 is spent, so when the last one was admitted at
    // most 4 had ended and at most 3 others were in flight: at most 8 answered. Refusals need $4.50
    // spent, so at least 5 answered.
    expect(answered).toBeGreaterThanOrEqual(5);
    expect(answered).toBeLessThanOrEqual(4 + (connections - 1) + 1);
    expect(count(outcomes, 'insufficient_quota')).toBe(20 - answered);
    expect(upstream.requests).toHaveLength(answered);
    const row = await keyRow(gateway, 'capped');
    expect(row!.costUsd).toBeCloseTo(answered * requestCostUsd, 10);
    expect(row!.costUsd).toBeLessThan(4.5 + connections * requestCostUsd);
  });
});

describe('budget periods', () => {
  /** Writes spend straight into the database of a stopped gateway, dated `time`. */
  function recordSpend(dataDir: string, keyProvider: string, keyId: string, time: number, costUsd: number): void {
    const database = openDatabase(join(dataDir, 'switchyard.db'));
    const event: UsageEvent = {
      time,
      client: 'test-client',
      provider: keyProvider,
      keyId,
      modelRequested: 'gpt-4o',
      modelUsed: 'gpt-4o',
      status: 200,
      latencyMs: 10,
      firstByteMs: 5,
      usage: { ...emptyUsage(), inputTokens: 1_000 },
      costUsd,
      stream: false,
      error: null,
      endpoint: 'chat',
      final: true,
      rawUsage: null,
    };
    createUsageRepository(database).insertUsageEvents([event]);
    database.close();
  }

  it('checks a monthly budget against this month only, a daily one against today only, a total one against all spend', async () => {
    const config: SwitchyardConfigInput = {
      providers: [
        provider('monthly', [{ id: 'm', secret: 'sk-upstream-m', budgetUsd: 5, budgetPeriod: 'monthly' }]),
        provider('daily', [{ id: 'd', secret: 'sk-upstream-d', budgetUsd: 5, budgetPeriod: 'daily' }]),
        provider('total', [{ id: 't', secret: 'sk-upstream-t', budgetUsd: 5, budgetPeriod: 'total' }]),
        provider('unset', [{ id: 'u', secret: 'sk-upstream-u', budgetUsd: 5 }]),
      ],
    };
    const first = await start(config);
    await first.close();
    const today = new Date();
    const lastMonth = new Date(today.getFullYear(), today.getMonth() - 1, 15, 12).getTime();
    const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1, 12).getTime();
    recordSpend(first.dataDir, 'monthly', 'm', lastMonth, 10);
    recordSpend(first.dataDir, 'daily', 'd', yesterday, 10);
    recordSpend(first.dataDir, 'total', 't', lastMonth, 10);
    recordSpend(first.dataDir, 'unset', 'u', lastMonth, 10);
    const gateway = await start(config, first.dataDir);

    expect(await outcomeOf(chat(gateway, 'monthly/gpt-4o'))).toBe('answered');
    expect(await outcomeOf(chat(gateway, 'daily/gpt-4o'))).toBe('answered');
    expect(await outcomeOf(chat(gateway, 'total/gpt-4o'))).toBe('insufficient_quota');
    expect(await outcomeOf(chat(gateway, 'unset/gpt-4o'))).toBe('insufficient_quota');

    // The stats show what is left of this period's budget: $5 less the $1 just spent.
    expect((await keyRow(gateway, 'm'))?.remainingUsd).toBeCloseTo(4, 10);
    expect((await keyRow(gateway, 'd'))?.remainingUsd).toBeCloseTo(4, 10);
    expect((await keyRow(gateway, 't'))?.remainingUsd).toBe(0);
  });
});

describe('credit', () => {
  it('is used up by spend after it was set, survives reloads and restarts with the same figure, and starts over when the figure changes', async () => {
    const withCredit = (creditUsd: number): SwitchyardConfigInput => ({
      providers: [provider('openai-main', [{ id: 'prepaid', secret: 'sk-upstream-prepaid', creditUsd }])],
    });
    const gateway = await start(withCredit(2.5));
    const three = [await outcomeOf(chat(gateway)), await outcomeOf(chat(gateway)), await outcomeOf(chat(gateway))];
    expect(three).toEqual(['answered', 'answered', 'answered']);
    expect(await outcomeOf(chat(gateway))).toBe('insufficient_quota');
    expect((await keyRow(gateway, 'prepaid'))?.remainingUsd).toBe(0);

    // The same figure again: the $3 spent since it was set still counts.
    gateway.writeConfig({ prices, ...withCredit(2.5) });
    expect(await gateway.running.reloadConfig()).toEqual({ ok: true });
    expect(await outcomeOf(chat(gateway))).toBe('insufficient_quota');
    await gateway.close();
    const restarted = await start(withCredit(2.5), gateway.dataDir);
    expect(await outcomeOf(chat(restarted))).toBe('insufficient_quota');

    // A new figure is what is left now: spend before it is not taken off again.
    restarted.writeConfig({ prices, ...withCredit(2) });
    expect(await restarted.running.reloadConfig()).toEqual({ ok: true });
    expect((await keyRow(restarted, 'prepaid'))?.remainingUsd).toBe(2);
    expect(await outcomeOf(chat(restarted))).toBe('answered');
    expect(await outcomeOf(chat(restarted))).toBe('answered');
    expect(await outcomeOf(chat(restarted))).toBe('insufficient_quota');
    expect(upstream.requests).toHaveLength(5);
  });
});
