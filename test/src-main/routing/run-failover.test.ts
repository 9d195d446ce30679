import { describe, expect, it } from 'vitest';
import { configSchema, type ProviderKeyConfig } from '../../../src-shared/config-schema.js';
import { KeyBreaker } from '../../../src-main/routing/key-breaker.js';
import { KeyHealth } from '../../../src-main/routing/key-health.js';
import { buildRouteTable, type KeyEntry } from '../../../src-main/routing/route-table.js';
import { runFailover, type AttemptFailure, type AttemptOutcome, type FailoverOutcome, type PreparedAttempt } from '../../../src-main/routing/run-failover.js';
import { selectCandidates } from '../../../src-main/routing/select-candidates.js';

// The failover unit driven with scripted attempts and a real KeyBreaker and KeyHealth on a fake
// clock: what is tried, in which order, what each key's breaker and health say afterwards, and what
// the client is answered.

/** What the gateway's reply would be: the failures sent to the client, by the key that sent them. */
interface FakeReply {
  sent: string[];
}

type Script = (entry: KeyEntry) => AttemptOutcome<FakeReply> | Promise<AttemptOutcome<FakeReply>>;

const answered: AttemptOutcome<FakeReply> = { kind: 'answered' };

function failed(status: number, options: Partial<AttemptFailure<FakeReply>> & { from?: string } = {}): AttemptOutcome<FakeReply> {
  const from = options.from ?? 'upstream';
  return {
    kind: 'failed',
    failure: {
      status,
      message: `upstream answered ${status}`,
      retryable: status === 429 || status >= 500 || status === 401 || status === 403,
      keyRejected: status === 401 || status === 403,
      retryAfterMs: null,
      firstByteMs: 12,
      upstream: null,
      send: (reply) => void reply.sent.push(`${from} ${status}`),
      ...options,
    },
  };
}

/** No answer at all (connection refused, timeout): nothing of the upstream's to pass on. */
const connectionFailed = (message: string, status = 502): AttemptOutcome<FakeReply> => failed(status, { message, send: null, firstByteMs: null });

function setUp(keys: Array<Omit<ProviderKeyConfig, 'secret'>>, options: { retries?: number; failureThreshold?: number; spentUsd?: number } = {}) {
  const table = buildRouteTable(
    configSchema.parse({
      providers: [{ id: 'openai-main', type: 'openai', baseUrl: 'https://api.example.com/v1', models: ['m'], keys: keys.map((key) => ({ secret: 'literal', ...key })) }],
    }),
    new Map(),
  );
  const clock = { now: 1_000_000 };
  const breaker = new KeyBreaker({ settings: () => ({ failureThreshold: options.failureThreshold ?? 3, cooldownMs: 30_000 }), now: () => clock.now });
  const health = new KeyHealth();
  const scripts = new Map<string, Script>();
  const sentTo: string[] = [];
  const retried: string[] = [];
  const warnings: string[] = [];
  const prepared = new Map<string, PreparedAttempt<string>>();

  const select = () =>
    selectCandidates(table, 'm', null, {
      health,
      spentUsd: () => options.spentUsd ?? 0,
      serves: () => true,
      admits: (providerId, keyId) => breaker.admits(providerId, keyId),
    });

  /** One request: its candidates chosen now (or given), then walked. */
  function request(selection = select()): Promise<FailoverOutcome<FakeReply>> {
    return runFailover<string, FakeReply>({
      table,
      model: 'm',
      endpoint: 'chat',
      selection,
      candidates: selection.candidates,
      retries: options.retries ?? 2,
      breaker,
      health,
      warn: (message) => warnings.push(message),
      attempts: {
        prepare: (entry) => prepared.get(entry.key.id) ?? { kind: 'ready', plan: `plan for ${entry.key.id}` },
        send: async (entry, plan) => {
          expect(plan).toBe(`plan for ${entry.key.id}`);
          sentTo.push(entry.key.id);
          const script = scripts.get(entry.key.id);
          if (script === undefined) throw new Error(`no script for ${entry.key.id}`);
          return script(entry);
        },
        retried: (entry, failure) => retried.push(`${entry.key.id}: ${failure.message}`),
      },
    });
  }

  const script = (keyId: string, outcome: AttemptOutcome<FakeReply> | Script) => scripts.set(keyId, typeof outcome === 'function' ? outcome : () => outcome);
  const stateOf = (keyId: string) => breaker.status('openai-main', keyId);
  return { table, clock, breaker, health, sentTo, retried, warnings, prepared, select, request, script, stateOf };
}

function deferred<T>(): { promise: Promise<T>; resolve(value: T): void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

const twoKeys = [
  { id: 'a', priority: 1 },
  { id: 'b', priority: 2 },
];
const threeKeys = [...twoKeys, { id: 'c', priority: 3 }];

describe('runFailover', () => {
  it('moves on from a 429 to the next key, which answers, and counts the 429 against the first key', async () => {
    const setup = setUp(twoKeys, { failureThreshold: 1 });
    setup.script('a', failed(429));
    setup.script('b', answered);

    expect(await setup.request()).toEqual({ kind: 'answered' });

    expect(setup.sentTo).toEqual(['a', 'b']);
    expect(setup.retried).toEqual(['a: upstream answered 429']);
    // With a threshold of one failure, the 429 alone cools key a down; b's answer leaves b closed.
    expect(setup.stateOf('a')).toMatchObject({ state: 'open', coolingDownUntil: setup.clock.now + 30_000 });
    expect(setup.stateOf('b').state).toBe('closed');
  });

  it("believes the upstream's Retry-After for the failed key's cooldown", async () => {
    const setup = setUp(twoKeys);
    setup.script('a', failed(429, { retryAfterMs: 7_000 }));
    setup.script('b', answered);

    await setup.request();

    expect(setup.stateOf('a')).toMatchObject({ state: 'open', coolingDownUntil: setup.clock.now + 7_000 });
  });

  it('disables a refused key (401) and moves on without using up a retry', async () => {
    // One failure would open a key: a refusal must not count as one.
    const setup = setUp(twoKeys, { retries: 0, failureThreshold: 1 });
    setup.script('a', failed(401));
    setup.script('b', answered);

    expect(await setup.request()).toEqual({ kind: 'answered' });

    expect(setup.sentTo).toEqual(['a', 'b']);
    expect(setup.health.disabledReason('openai-main', 'a')).toBe('upstream answered 401: the key was refused');
    expect(setup.warnings).toEqual(['key openai-main/a disabled: upstream answered 401 (the key was refused; fix or re-enable it)']);
    // Released, not failed: a refusal says nothing about the key's load, and it is disabled anyway.
    expect(setup.stateOf('a').state).toBe('closed');
    expect(setup.breaker.tryAcquire('openai-main', 'a')).not.toBeNull();
    // The next request leaves the disabled key out.
    setup.sentTo.length = 0;
    await setup.request();
    expect(setup.sentTo).toEqual(['b']);
  });

  it('stops at a 500 when routing.retries is 0, where a 401 would have moved on', async () => {
    const setup = setUp(twoKeys, { retries: 0 });
    setup.script('a', failed(500, { from: 'a' }));
    setup.script('b', answered);

    const outcome = await setup.request();

    expect(setup.sentTo).toEqual(['a']);
    expect(outcome).toMatchObject({ kind: 'failed', entry: null, failure: { status: 500 } });
    const reply: FakeReply = { sent: [] };
    if (outcome.kind === 'failed') outcome.failure.send(reply);
    expect(reply.sent).toEqual(['a 500']);
  });

  it('stops at a failure about the request (a 400) at once: it is the answer, and the key is fine', async () => {
    const setup = setUp(twoKeys, { failureThreshold: 1 });
    setup.script('a', failed(400, { from: 'a' }));
    setup.script('b', answered);

    const outcome = await setup.request();

    expect(setup.sentTo).toEqual(['a']);
    expect(setup.retried).toEqual([]);
    expect(outcome).toMatchObject({ kind: 'failed', failure: { status: 400, message: 'upstream answered 400' } });
    expect(outcome.kind === 'failed' && outcome.entry?.key.id).toBe('a');
    expect(setup.stateOf('a').state).toBe('closed');
    expect(setup.health.disabledReason('openai-main', 'a')).toBeNull();
  });

  it('gives up after routing.retries more candidates, and answers with the last failure', async () => {
    const setup = setUp(threeKeys, { retries: 1 });
    setup.script('a', failed(500, { from: 'a' }));
    setup.script('b', failed(503, { from: 'b' }));
    setup.script('c', answered);

    const outcome = await setup.request();

    expect(setup.sentTo).toEqual(['a', 'b']);
    expect(setup.retried).toEqual(['a: upstream answered 500', 'b: upstream answered 503']);
    expect(outcome).toMatchObject({ kind: 'failed', entry: null, failure: { status: 503 } });
    const reply: FakeReply = { sent: [] };
    if (outcome.kind === 'failed') outcome.failure.send(reply);
    expect(reply.sent).toEqual(['b 503']);
  });

  it('answers upstream_unavailable, naming each failure, when no upstream answered at all', async () => {
    const setup = setUp(twoKeys);
    setup.script('a', connectionFailed('ECONNREFUSED connect failed'));
    setup.script('b', connectionFailed('timed out waiting for the upstream', 504));

    const outcome = await setup.request();

    expect(outcome).toMatchObject({
      kind: 'refused',
      refusal: {
        status: 504,
        code: 'upstream_unavailable',
        message: 'No upstream answered for model "m": openai-main/a: ECONNREFUSED connect failed; openai-main/b: timed out waiting for the upstream.',
      },
      recordedError: 'no upstream answered',
    });
  });

  it('answers insufficient_quota, trying nothing, when every key has spent its budget (selection skips them)', async () => {
    const setup = setUp(
      [
        { id: 'a', budgetUsd: 1 },
        { id: 'b', budgetUsd: 1 },
      ],
      { spentUsd: 1 },
    );
    const selection = setup.select();
    expect(selection).toMatchObject({ candidates: [], skippedForMoney: 2 });

    const outcome = await setup.request(selection);

    expect(setup.sentTo).toEqual([]);
    expect(outcome).toMatchObject({ kind: 'refused', recordedError: null, refusal: { status: 429, code: 'insufficient_quota' } });
  });

  it("lets exactly one request probe a half-open key; the probe's success puts the key back", async () => {
    const setup = setUp(twoKeys, { failureThreshold: 1 });
    setup.script('a', failed(500));
    setup.script('b', answered);
    await setup.request();
    expect(setup.stateOf('a').state).toBe('open');

    setup.clock.now += 30_000;
    expect(setup.stateOf('a')).toMatchObject({ state: 'half-open', probing: false });
    // Two requests that both chose key a before either sent anything.
    const first = setup.select();
    const second = setup.select();
    expect(first.candidates.map((entry) => entry.key.id)).toEqual(['a', 'b']);
    expect(second.candidates.map((entry) => entry.key.id)).toEqual(['a', 'b']);
    const probe = deferred<AttemptOutcome<FakeReply>>();
    setup.script('a', () => probe.promise);
    setup.sentTo.length = 0;

    const probing = setup.request(first);
    expect(setup.stateOf('a')).toMatchObject({ state: 'half-open', probing: true });
    expect(await setup.request(second)).toEqual({ kind: 'answered' });
    // The second request passed a by while the first probed it.
    expect(setup.sentTo).toEqual(['a', 'b']);

    probe.resolve(answered);
    expect(await probing).toEqual({ kind: 'answered' });
    expect(setup.stateOf('a')).toEqual({ state: 'closed', coolingDownUntil: null, probing: false });
    setup.sentTo.length = 0;
    setup.script('a', answered);
    await setup.request();
    expect(setup.sentTo).toEqual(['a']);
  });

  it('cools a key down for twice as long when its probe fails', async () => {
    const setup = setUp(twoKeys, { failureThreshold: 1 });
    setup.script('a', failed(500));
    setup.script('b', answered);
    await setup.request();
    setup.clock.now += 30_000;

    await setup.request();

    expect(setup.stateOf('a')).toMatchObject({ state: 'open', coolingDownUntil: setup.clock.now + 60_000 });
  });

  it('answers keys_cooling_down with the seconds until the first key comes back when every key cools down', async () => {
    const setup = setUp(twoKeys, { failureThreshold: 1 });
    setup.script('a', failed(500));
    setup.script('b', failed(503));
    await setup.request();
    setup.clock.now += 10_000;
    setup.sentTo.length = 0;

    const outcome = await setup.request();

    expect(setup.sentTo).toEqual([]);
    expect(outcome).toMatchObject({
      kind: 'refused',
      recordedError: null,
      refusal: {
        status: 503,
        code: 'keys_cooling_down',
        message: 'Every key that serves model "m" is cooling down after failures; the first is tried again in 20 s.',
        headers: { 'retry-after': '20' },
      },
    });
  });

  it('answers keys_cooling_down when the keys cooled down between selection and their turn', async () => {
    const setup = setUp(twoKeys, { failureThreshold: 1 });
    const selection = setup.select();
    // Another request's failures open both keys after this one chose them.
    for (const keyId of ['a', 'b']) setup.breaker.tryAcquire('openai-main', keyId)!.failed('upstream answered 500', 5_000);

    const outcome = await setup.request(selection);

    expect(setup.sentTo).toEqual([]);
    expect(outcome).toMatchObject({ kind: 'refused', refusal: { code: 'keys_cooling_down', headers: { 'retry-after': '5' } } });
  });

  it("answers provider_key_rejected, naming the refused key and keeping the vendor's words apart, when the last key was refused", async () => {
    const setup = setUp([{ id: 'oa-1' }]);
    setup.script('oa-1', failed(401, { upstream: { status: 401, message: 'Incorrect API key provided.' } }));

    const outcome = await setup.request();

    expect(outcome.kind).toBe('refused');
    if (outcome.kind !== 'refused') return;
    expect(outcome.recordedError).toBe('upstream answered 401');
    expect(outcome.refusal).toMatchObject({ status: 502, code: 'provider_key_rejected', upstream: { status: 401, message: 'Incorrect API key provided.' } });
    expect(outcome.refusal.message).toContain('openai-main/oa-1');
    expect(outcome.refusal.message).toContain('Re-enabling a key');
    expect(outcome.refusal.message).not.toContain('Incorrect API key');

    // The next request finds no enabled key, and is told which and why.
    const next = await setup.request();
    expect(next).toMatchObject({ kind: 'refused', refusal: { status: 503, code: 'no_enabled_key' } });
    expect(next.kind === 'refused' && next.refusal.message).toContain('openai-main/oa-1 (upstream answered 401: the key was refused)');
  });

  it("passes on a later key's failure, not a refusal, when a refused key came first", async () => {
    const setup = setUp(twoKeys);
    setup.script('a', failed(403));
    setup.script('b', failed(500, { from: 'b' }));

    const outcome = await setup.request();

    expect(outcome).toMatchObject({ kind: 'failed', entry: null, failure: { status: 500 } });
  });

  it('refuses a request no candidate can express, and tries a candidate that can', async () => {
    const setup = setUp(twoKeys);
    const cannot = new Error('tool calls cannot be sent to the x provider');
    setup.prepared.set('a', { kind: 'unsupported', error: cannot });
    setup.prepared.set('b', { kind: 'unsupported', error: new Error('second refusal') });
    expect(await setup.request()).toEqual({ kind: 'unsupported', error: cannot });
    expect(setup.sentTo).toEqual([]);

    setup.prepared.delete('b');
    setup.script('b', answered);
    expect(await setup.request()).toEqual({ kind: 'answered' });
    expect(setup.sentTo).toEqual(['b']);
  });

  it('releases a half-open probe when the attempt throws (a bug of ours), so the key is not shut out', async () => {
    const setup = setUp(twoKeys, { failureThreshold: 1 });
    setup.script('a', failed(500));
    setup.script('b', answered);
    await setup.request();
    setup.clock.now += 30_000;
    setup.script('a', () => {
      throw new TypeError('cannot read properties of undefined');
    });

    await expect(setup.request()).rejects.toThrow(TypeError);

    expect(setup.stateOf('a')).toMatchObject({ state: 'half-open', probing: false });
  });

  it('stops when the client goes away, holding nothing against the key', async () => {
    const setup = setUp(twoKeys, { failureThreshold: 1 });
    setup.script('a', { kind: 'abandoned' });
    setup.script('b', answered);

    expect(await setup.request()).toEqual({ kind: 'abandoned' });

    expect(setup.sentTo).toEqual(['a']);
    expect(setup.stateOf('a').state).toBe('closed');
  });
});
