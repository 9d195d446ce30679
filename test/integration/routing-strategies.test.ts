import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import type { StatsSummary } from '../../src-shared/stats.js';
import type { Logger } from '../../src-main/service/logger.js';
import { waitFor } from '../support/listen.js';
import { DEFAULT_MODELS, startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// Skips and strategies through the official SDK: which mock key each request reached shows the order
// each strategy chose; cooldowns run on an injected clock, so nothing here waits for them.

/** A model no catalog prices, so the only prices are the test's own. */
const houseModel = 'house-model';
const keyA = 'sk-upstream-a';
const keyB = 'sk-upstream-b';
const keyC = 'sk-upstream-c';
const keyNames: Record<string, string> = { [keyA]: 'a', [keyB]: 'b', [keyC]: 'c' };

let upstream: MockOpenAI;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  upstream = await startMockOpenAI({ models: [...DEFAULT_MODELS, houseModel], snapshots: {} });
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.dispose()));
  upstream.reset();
});

afterAll(async () => {
  await upstream?.close();
});

type KeyInput = NonNullable<NonNullable<SwitchyardConfigInput['providers']>[number]['keys']>[number];

function provider(id: string, keys: KeyInput[], models = ['gpt-4o', houseModel]) {
  return { id, type: 'openai' as const, baseUrl: upstream.baseUrl, keys, models };
}

function manualClock() {
  const clock = { now: Date.parse('2025-03-01T12:00:00Z') };
  return { clock, read: () => clock.now };
}

async function start(config: SwitchyardConfigInput, options: Parameters<typeof startTestGateway>[1] = {}): Promise<TestGateway> {
  const gateway = await startTestGateway(config, options);
  gateways.push(gateway);
  return gateway;
}

function chat(gateway: TestGateway, extra: { model?: string; content?: string; max_tokens?: number } = {}) {
  const client = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
  const { model = 'gpt-4o', content = 'hello', ...rest } = extra;
  return client.chat.completions.create({ model, messages: [{ role: 'user', content }], ...rest });
}

async function chatTimes(gateway: TestGateway, times: number, extra: Parameters<typeof chat>[1] = {}): Promise<void> {
  for (let index = 0; index < times; index++) await chat(gateway, extra);
}

/** Which key each upstream request carried, as a, b, c; only answered (200) requests when `answered`. */
function keysSeen(options: { answered?: boolean } = {}): string[] {
  return upstream.requests
    .filter((request) => !options.answered || request.status === 200)
    .map((request) => keyNames[request.apiKey ?? ''] ?? String(request.apiKey));
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

async function keyRow(gateway: TestGateway, key: string) {
  const response = await fetch(`${gateway.url}/api/stats/summary?window=24h`, { headers: { authorization: 'Bearer test-admin-token' } });
  const stats = (await response.json()) as StatsSummary;
  return stats.byKey.find((row) => row.key === key);
}

function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (message) => lines.push(`info ${message}`), warn: (message) => lines.push(`warn ${message}`), error: (message) => lines.push(`error ${message}`) };
}

describe('strategies', () => {
  it('priority shares a tier by weight (3:1 goes a, a, b, a), the lower tier untouched while the first answers', async () => {
    const gateway = await start({
      providers: [
        provider('main', [
          { id: 'a', secret: keyA, priority: 1, weight: 3 },
          { id: 'b', secret: keyB, priority: 1, weight: 1 },
          { id: 'c', secret: keyC, priority: 2 },
        ]),
      ],
    });

    await chatTimes(gateway, 8);

    expect(keysSeen()).toEqual(['a', 'a', 'b', 'a', 'a', 'a', 'b', 'a']);
  });

  it('round-robin takes every key in turn, priorities aside', async () => {
    const gateway = await start({
      providers: [provider('one', [{ id: 'a', secret: keyA, priority: 5 }, { id: 'b', secret: keyB, priority: 1 }]), provider('two', [{ id: 'c', secret: keyC }])],
      routing: { strategy: 'round-robin' },
    });

    await chatTimes(gateway, 6);

    expect(keysSeen()).toEqual(['a', 'b', 'c', 'a', 'b', 'c']);
  });

  it('cost picks the provider cheapest for the request, unpriced ones last, and fails over to the next cheapest', async () => {
    const gateway = await start({
      providers: [
        provider('unpriced', [{ id: 'c', secret: keyC, priority: 1 }]),
        provider('dear', [{ id: 'a', secret: keyA, priority: 2 }]),
        provider('cheap', [{ id: 'b', secret: keyB, priority: 3 }]),
      ],
      routing: { strategy: 'cost' },
      prices: {
        'dear/house-model': { inputPerMTok: 10, outputPerMTok: 30 },
        'cheap/house-model': { inputPerMTok: 0.5, outputPerMTok: 1.5 },
      },
    });

    await chatTimes(gateway, 2, { model: houseModel });
    expect(keysSeen()).toEqual(['b', 'b']);

    upstream.reset();
    upstream.behaviourFor(keyB, { status: 503 });
    upstream.behaviourFor(keyA, { status: 500 });
    await chat(gateway, { model: houseModel });
    expect(keysSeen()).toEqual(['b', 'a', 'c']);
  });

  it('cost weighs the expected tokens: a long answer goes where output is cheap, a long prompt where input is', async () => {
    const gateway = await start({
      providers: [provider('cheap-input', [{ id: 'a', secret: keyA }]), provider('cheap-output', [{ id: 'b', secret: keyB }])],
      routing: { strategy: 'cost' },
      prices: {
        'cheap-input/house-model': { inputPerMTok: 1, outputPerMTok: 20 },
        'cheap-output/house-model': { inputPerMTok: 5, outputPerMTok: 2 },
      },
    });

    await chat(gateway, { model: houseModel, content: 'short', max_tokens: 4000 });
    await chat(gateway, { model: houseModel, content: 'long prompt '.repeat(2000), max_tokens: 10 });

    expect(keysSeen()).toEqual(['b', 'a']);
  });

  it('quota sends each request to the key with the most budget or credit left, as spend comes in', async () => {
    // Every answer costs $2: 2,000 prompt tokens at $1,000 per million.
    upstream.behaviourFor(keyA, { usage: { prompt_tokens: 2000, completion_tokens: 0 } });
    upstream.behaviourFor(keyB, { usage: { prompt_tokens: 2000, completion_tokens: 0 } });
    upstream.behaviourFor(keyC, { usage: { prompt_tokens: 2000, completion_tokens: 0 } });
    const gateway = await start({
      providers: [
        provider('main', [
          { id: 'a', secret: keyA, priority: 1, budgetUsd: 10 },
          { id: 'b', secret: keyB, priority: 2, creditUsd: 12.5 },
          { id: 'c', secret: keyC, priority: 0, budgetUsd: 3 },
        ]),
      ],
      routing: { strategy: 'quota' },
      prices: { [houseModel]: { inputPerMTok: 1000, outputPerMTok: 1000 } },
    });

    await chatTimes(gateway, 5, { model: houseModel });

    // Left: a 10, b 12.5, c 3 → b (10.5) → b (8.5) → a (8) → b (6.5) → a (6).
    expect(keysSeen()).toEqual(['b', 'b', 'a', 'b', 'a']);
  });

  it('latency explores every key, then prefers the fastest; a stale reading is explored again', async () => {
    const { clock, read } = manualClock();
    const gateway = await start(
      { providers: [provider('main', [{ id: 'a', secret: keyA, priority: 1 }, { id: 'b', secret: keyB, priority: 2 }])], routing: { strategy: 'latency' } },
      { routingClock: read },
    );
    upstream.behaviourFor(keyA, { delayHeadersMs: 250 });

    await chatTimes(gateway, 5);
    // a first (unmeasured, higher priority), then b (unmeasured), then the faster b.
    expect(keysSeen()).toEqual(['a', 'b', 'b', 'b', 'b']);

    // A minute without a reading of a: it may have recovered, so it is measured again, and wins.
    upstream.reset();
    upstream.behaviourFor(keyB, { delayHeadersMs: 250 });
    clock.now += 61_000;
    await chatTimes(gateway, 4);
    expect(keysSeen()).toEqual(['a', 'b', 'a', 'a']);
  });

  it('an alias may carry its own strategy while the model itself keeps the global one, and is still listed', async () => {
    const gateway = await start({
      providers: [provider('main', [{ id: 'a', secret: keyA, priority: 1 }, { id: 'b', secret: keyB, priority: 2 }, { id: 'c', secret: keyC, priority: 3 }])],
      modelAliases: { 'spread-4o': { model: 'gpt-4o', strategy: 'round-robin' }, 'gpt-4': 'gpt-4o' },
      routing: { strategy: 'priority' },
    });

    await chatTimes(gateway, 3, { model: 'spread-4o' });
    await chatTimes(gateway, 2, { model: 'gpt-4' });
    await chatTimes(gateway, 1, { model: 'spread-4o' });

    expect(keysSeen()).toEqual(['a', 'b', 'c', 'a', 'a', 'a']);
    expect(upstream.requests.every((request) => (request.json as { model: string }).model === 'gpt-4o')).toBe(true);
    const client = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
    const listed = [];
    for await (const model of client.models.list()) listed.push(model.id);
    expect(listed).toEqual(expect.arrayContaining(['spread-4o', 'gpt-4', 'gpt-4o']));
  });
});

describe('cooldowns', () => {
  it('skips a key that answered 429 with Retry-After: 30 until the 30 s are over, and shows it cooling down', async () => {
    const { clock, read } = manualClock();
    const gateway = await start({ providers: [provider('main', [{ id: 'a', secret: keyA, priority: 1 }, { id: 'b', secret: keyB, priority: 2 }])] }, { routingClock: read });
    upstream.behaviourFor(keyA, { status: 429, retryAfter: '30' });

    await chatTimes(gateway, 3);
    expect(keysSeen()).toEqual(['a', 'b', 'b', 'b']);
    expect(await keyRow(gateway, 'a')).toMatchObject({ status: 'cooling-down', coolingDownUntil: new Date(clock.now + 30_000).toISOString(), disabledReason: null });
    expect(await keyRow(gateway, 'b')).toMatchObject({ status: 'active', coolingDownUntil: null });

    upstream.behaviourFor(keyA, undefined);
    clock.now += 29_999;
    await chat(gateway);
    expect(keysSeen().at(-1)).toBe('b');
    clock.now += 1;
    await chatTimes(gateway, 2);
    expect(keysSeen().slice(-2)).toEqual(['a', 'a']);
    expect(await keyRow(gateway, 'a')).toMatchObject({ status: 'active' });
  });

  it('cools a key down after three 500s in a row; after the cooldown exactly one probe goes through, and it closes on success', async () => {
    const { clock, read } = manualClock();
    const log = capturingLogger();
    const gateway = await start(
      { providers: [provider('main', [{ id: 'a', secret: keyA, priority: 1 }, { id: 'b', secret: keyB, priority: 2 }])], routing: { cooldownMs: 10_000 } },
      { routingClock: read, log },
    );
    upstream.behaviourFor(keyA, { status: 500 });

    await chatTimes(gateway, 4);
    expect(keysSeen()).toEqual(['a', 'b', 'a', 'b', 'a', 'b', 'b']);
    expect(log.lines).toContainEqual(expect.stringMatching(/^warn key main\/a cooling down until 2025-03-01T12:00:10\.000Z: 3 failures in a row, the last: upstream answered 500$/));
    expect(await keyRow(gateway, 'a')).toMatchObject({ status: 'cooling-down' });

    // Half-open: the probe is slow, and a request arriving meanwhile passes the key by.
    clock.now += 10_000;
    upstream.reset();
    upstream.behaviourFor(keyA, { delayHeadersMs: 400 });
    const probe = chat(gateway, { content: 'probe' });
    await waitFor(() => upstream.requests.some((request) => request.apiKey === keyA), { description: 'the probe to reach key a' });
    await chat(gateway, { content: 'meanwhile' });
    expect(keysSeen()).toEqual(['a', 'b']);
    expect((await probe).choices[0]?.message.content).toBe('You said: probe');

    await chatTimes(gateway, 2);
    expect(keysSeen()).toEqual(['a', 'b', 'a', 'a']);
    expect(log.lines).toContain('info key main/a back in rotation: its probe succeeded');
    expect(await keyRow(gateway, 'a')).toMatchObject({ status: 'active' });
  });

  it('opens again for twice as long when the probe fails', async () => {
    const { clock, read } = manualClock();
    const gateway = await start(
      { providers: [provider('main', [{ id: 'a', secret: keyA, priority: 1 }, { id: 'b', secret: keyB, priority: 2 }])], routing: { cooldownMs: 10_000, failureThreshold: 2 } },
      { routingClock: read },
    );
    upstream.behaviourFor(keyA, { resetConnection: true });

    await chatTimes(gateway, 2);
    clock.now += 10_000;
    await chat(gateway);
    expect(keysSeen()).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);

    upstream.reset();
    upstream.behaviourFor(keyA, undefined);
    clock.now += 10_000;
    await chat(gateway);
    expect(keysSeen()).toEqual(['b']);
    clock.now += 10_000;
    await chat(gateway);
    expect(keysSeen()).toEqual(['b', 'a']);
  });

  it('answers 503 keys_cooling_down with Retry-After when every key is cooling down', async () => {
    const { read } = manualClock();
    const gateway = await start({ providers: [provider('main', [{ id: 'a', secret: keyA }])] }, { routingClock: read });
    upstream.behaviourFor(keyA, { status: 429, retryAfter: '30' });

    const first = await failure(chat(gateway));
    expect(first).toBeInstanceOf(OpenAI.RateLimitError);

    const second = await failure(chat(gateway));
    expect(second).toBeInstanceOf(OpenAI.InternalServerError);
    const error = second as InstanceType<typeof OpenAI.InternalServerError>;
    expect(error.status).toBe(503);
    expect(error.code).toBe('keys_cooling_down');
    expect(error.headers.get('retry-after')).toBe('30');
    expect(keysSeen()).toEqual(['a']);
  });
});
