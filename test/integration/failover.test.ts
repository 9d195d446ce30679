import OpenAI from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import type { StatsSummary } from '../../src-shared/stats.js';
import { waitFor } from '../support/listen.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// Failover: the official SDK talks to Switchyard, which walks its candidate keys in priority order;
// what the client gets and what each upstream key saw are both checked.

const keyA = 'sk-upstream-a';
const keyB = 'sk-upstream-b';
const keyC = 'sk-upstream-c';

let upstream: MockOpenAI;
let second: MockOpenAI;
const gateways: TestGateway[] = [];

beforeAll(async () => {
  upstream = await startMockOpenAI();
  second = await startMockOpenAI();
});

afterEach(async () => {
  await Promise.all(gateways.splice(0).map((gateway) => gateway.dispose()));
  upstream.reset();
  second.reset();
});

afterAll(async () => {
  await upstream?.close();
  await second?.close();
});

type KeyInput = NonNullable<NonNullable<SwitchyardConfigInput['providers']>[number]['keys']>[number];

function openaiProvider(id: string, keys: KeyInput[], baseUrl = upstream.baseUrl) {
  return { id, type: 'openai' as const, baseUrl, keys, models: ['gpt-4o'] };
}

/** Three keys of one provider, tried a, b, c. */
const threeKeys: KeyInput[] = [
  { id: 'key-c', secret: keyC, priority: 3 },
  { id: 'key-a', secret: keyA, priority: 1 },
  { id: 'key-b', secret: keyB, priority: 2 },
];

async function start(config: SwitchyardConfigInput, options: Parameters<typeof startTestGateway>[1] = {}): Promise<TestGateway> {
  const gateway = await startTestGateway(config, options);
  gateways.push(gateway);
  return gateway;
}

function sdk(gateway: TestGateway): OpenAI {
  return new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
}

function chat(gateway: TestGateway, content = 'hello', extra: Record<string, unknown> = {}) {
  return sdk(gateway).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }], ...extra });
}

function chatStream(gateway: TestGateway, content: string) {
  return sdk(gateway).chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content }], stream: true });
}

function keysSeen(mock: MockOpenAI = upstream): (string | undefined)[] {
  return mock.requests.map((request) => request.apiKey);
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    (error: unknown) => error,
  );
}

async function summary(gateway: TestGateway): Promise<StatsSummary> {
  const response = await fetch(`${gateway.url}/api/stats/summary?window=24h`, { headers: { authorization: 'Bearer test-admin-token' } });
  expect(response.status).toBe(200);
  return (await response.json()) as StatsSummary;
}

function keyRow(stats: StatsSummary, key: string) {
  return stats.byKey.find((row) => row.key === key);
}

describe('failover to the next key before any byte went to the client', () => {
  it('moves on from a 429 with Retry-After, and counts the failed attempt against its key but not as a request', async () => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)] });
    upstream.behaviourFor(keyA, { status: 429, retryAfter: '30' });

    const completion = await chat(gateway, 'hello');

    expect(completion.choices[0]?.message.content).toBe('You said: hello');
    expect(keysSeen()).toEqual([keyA, keyB]);
    expect(upstream.requests.map((request) => request.status)).toEqual([429, 200]);
    // The body the client sent went to both keys unchanged.
    expect(upstream.requests[0]?.json).toEqual(upstream.requests[1]?.json);

    const stats = await summary(gateway);
    expect(stats.requests).toBe(1);
    expect(stats.errors).toBe(0);
    expect(keyRow(stats, 'key-a')).toMatchObject({ provider: 'openai-main', requests: 0 });
    expect(keyRow(stats, 'key-b')).toMatchObject({ provider: 'openai-main', requests: 1 });
    // Never tried: listed like every configured key, with nothing against it.
    expect(keyRow(stats, 'key-c')).toMatchObject({ requests: 0, costUsd: 0, status: 'active' });
  });

  it.each([500, 502, 503])('moves on from a %i', async (status) => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)] });
    upstream.behaviourFor(keyA, { status });

    const completion = await chat(gateway, `after ${status}`);

    expect(completion.choices[0]?.message.content).toBe(`You said: after ${status}`);
    expect(keysSeen()).toEqual([keyA, keyB]);
    expect(upstream.requests.map((request) => request.status)).toEqual([status, 200]);
  });

  it('moves on from a connection reset', async () => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)] });
    upstream.behaviourFor(keyA, { resetConnection: true });

    const completion = await chat(gateway, 'reset');

    expect(completion.choices[0]?.message.content).toBe('You said: reset');
    expect(keysSeen()).toEqual([keyA, keyB]);
    expect(upstream.requests[0]?.status).toBeUndefined();
  });

  it('moves on when the headers do not come within routing.timeoutMs, and drops the slow request', async () => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)], routing: { timeoutMs: 500 } });
    upstream.behaviourFor(keyA, { delayHeadersMs: 15_000 });

    const completion = await chat(gateway, 'slow');

    expect(completion.choices[0]?.message.content).toBe('You said: slow');
    expect(keysSeen()).toEqual([keyA, keyB]);
    // Switchyard hung up on the slow key rather than leaving it running.
    await waitFor(() => upstream.requests[0]?.aborted, { description: 'the slow upstream request to be aborted' });
    expect(upstream.requests[0]?.status).toBeUndefined();
  });

  it('fails over from one provider to another', async () => {
    const gateway = await start({
      providers: [
        openaiProvider('primary', [{ id: 'p-1', secret: keyA, priority: 1 }]),
        openaiProvider('secondary', [{ id: 's-1', secret: 'env:SECONDARY_KEY', priority: 2 }], second.baseUrl),
      ],
    }, { env: { SECONDARY_KEY: keyC } });
    upstream.behaviourFor(keyA, { status: 503 });

    const completion = await chat(gateway, 'elsewhere');

    expect(completion.choices[0]?.message.content).toBe('You said: elsewhere');
    expect(keysSeen()).toEqual([keyA]);
    expect(keysSeen(second)).toEqual([keyC]);
    expect(second.requests[0]?.path).toBe('/v1/chat/completions');
    const stats = await summary(gateway);
    expect(stats.requests).toBe(1);
    expect(stats.byProvider.find((row) => row.provider === 'secondary')?.requests).toBe(1);
    expect(stats.byProvider.find((row) => row.provider === 'primary')?.requests).toBe(0);
  });

  it('fails over a stream request whose first key is rate limited, and the client reads the whole stream', async () => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)] });
    upstream.behaviourFor(keyA, { status: 429 });

    const stream = await chatStream(gateway, 'one two three');
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('You said: one two three');
    expect(keysSeen()).toEqual([keyA, keyB]);
  });
});

describe('what is not retried', () => {
  it('stops after routing.retries more attempts and passes on the last upstream error as it came', async () => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)], routing: { retries: 1 } });
    upstream.behaviourFor(keyA, { status: 503 });
    upstream.behaviourFor(keyB, { status: 500, message: 'Key b broke down.' });
    upstream.behaviourFor(keyC, { status: 500 });

    const error = await failure(chat(gateway));

    expect(error).toBeInstanceOf(OpenAI.InternalServerError);
    const serverError = error as InstanceType<typeof OpenAI.InternalServerError>;
    expect(serverError.status).toBe(500);
    expect(serverError.message).toContain('Key b broke down.');
    expect(serverError.type).toBe('server_error');
    expect(keysSeen()).toEqual([keyA, keyB]);

    const stats = await summary(gateway);
    expect(stats.requests).toBe(1);
    expect(stats.errors).toBe(1);
    // The retries ran out before key c: it is listed with nothing against it.
    expect(keyRow(stats, 'key-c')).toMatchObject({ requests: 0, costUsd: 0, status: 'active' });
  });

  it('passes a 400 back as it is, without trying another key', async () => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)] });

    const error = await failure(chat(gateway, 'x', { bogus_option: 1 }));

    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const badRequest = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(badRequest.message).toContain('Unrecognized request argument supplied: bogus_option');
    expect(badRequest.type).toBe('invalid_request_error');
    expect(keysSeen()).toEqual([keyA]);
    expect(upstream.requests[0]?.status).toBe(400);
  });

  it('does not retry a stream that broke after bytes went to the client', async () => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)] });
    const payloads = ['Hello', ' there', '!'].map((content, index) =>
      JSON.stringify({
        id: 'chatcmpl-broken',
        object: 'chat.completion.chunk',
        created: 1,
        model: 'gpt-4o',
        choices: [{ index: 0, delta: index === 0 ? { role: 'assistant', content } : { content }, logprobs: null, finish_reason: null }],
      }),
    );
    upstream.behaviourFor(keyA, { streamChunks: payloads, chunkDelayMs: 20, streamEnd: 'reset' });

    const stream = await chatStream(gateway, 'x');
    const received: string[] = [];
    const error = await failure(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    );

    expect(error).toBeInstanceOf(Error);
    expect(received.join('')).toBe('Hello there!');
    expect(keysSeen()).toEqual([keyA]);
  });
});

describe('keys refused by the upstream', () => {
  it('disables a key that got a 401, never tries it again, and keeps it disabled across a restart', async () => {
    const config: SwitchyardConfigInput = { providers: [openaiProvider('openai-main', threeKeys)] };
    const first = await startTestGateway(config);
    let restarted: TestGateway | undefined;
    try {
      upstream.behaviourFor(keyA, { status: 401 });

      const answered = await chat(first, 'first');
      expect(answered.choices[0]?.message.content).toBe('You said: first');
      expect(keysSeen()).toEqual([keyA, keyB]);
      expect(upstream.requests[0]?.status).toBe(401);

      upstream.requests.length = 0;
      await chat(first, 'second');
      expect(keysSeen()).toEqual([keyB]);

      await first.close();
      upstream.requests.length = 0;
      restarted = await startTestGateway(config, { dataDir: first.dataDir });
      const afterRestart = await chat(restarted, 'third');
      expect(afterRestart.choices[0]?.message.content).toBe('You said: third');
      expect(keysSeen()).toEqual([keyB]);
      // The stats say so (every configured key has a row there).
      const response = await fetch(`${restarted.url}/api/stats/summary?window=24h`, { headers: { authorization: 'Bearer test-admin-token' } });
      const stats = (await response.json()) as StatsSummary;
      expect(keyRow(stats, 'key-a')).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining('401') });
    } finally {
      await restarted?.close();
      await first.dispose();
    }
  });

  it('does not count a 401 as a retry', async () => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)], routing: { retries: 0 } });
    upstream.behaviourFor(keyA, { status: 403 });

    const completion = await chat(gateway, 'forbidden first');

    expect(completion.choices[0]?.message.content).toBe('You said: forbidden first');
    expect(keysSeen()).toEqual([keyA, keyB]);
  });
});

describe('budgets and unknown models', () => {
  it('skips a key whose budget is spent, and answers insufficient_quota when every key is over budget', async () => {
    const gateway = await start({
      providers: [
        openaiProvider('openai-main', [
          { id: 'key-a', secret: keyA, priority: 1, budgetUsd: 1 },
          { id: 'key-b', secret: keyB, priority: 2, budgetUsd: 1 },
        ]),
      ],
      // A dollar a token: one answer spends a whole budget. OpenAI answers with the snapshot name,
      // and prices are looked up by the model that answered.
      prices: {
        'gpt-4o': { inputPerMTok: 1_000_000, outputPerMTok: 1_000_000 },
        'gpt-4o-2024-08-06': { inputPerMTok: 1_000_000, outputPerMTok: 1_000_000 },
      },
    });

    await chat(gateway, 'spend a');
    await chat(gateway, 'spend b');
    expect(keysSeen()).toEqual([keyA, keyB]);

    const error = await failure(chat(gateway, 'nothing left'));
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const rateLimit = error as InstanceType<typeof OpenAI.RateLimitError>;
    expect(rateLimit.status).toBe(429);
    expect(rateLimit.code).toBe('insufficient_quota');
    expect(keysSeen()).toEqual([keyA, keyB]);

    const stats = await summary(gateway);
    expect(keyRow(stats, 'key-a')).toMatchObject({ requests: 1, remainingUsd: 0 });
    expect(keyRow(stats, 'key-b')).toMatchObject({ requests: 1, remainingUsd: 0 });
    expect(keyRow(stats, 'key-a')?.costUsd).toBeGreaterThan(1);
  });

  it('answers an unknown model with 404 model_not_found without calling any upstream', async () => {
    const gateway = await start({ providers: [openaiProvider('openai-main', threeKeys)] });

    const error = await failure(sdk(gateway).chat.completions.create({ model: 'gpt-nope', messages: [{ role: 'user', content: 'x' }] }));

    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    expect((error as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('model_not_found');
    expect(upstream.requests).toEqual([]);
  });
});
