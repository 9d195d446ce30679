import { describe, expect, it } from 'vitest';
import { KeyBreaker, maximumCooldownMs, probeLeaseMs, type BreakerChange, type BreakerSettings } from '../../../src-main/routing/key-breaker.js';

function breakerWith(settings: BreakerSettings = { failureThreshold: 3, cooldownMs: 30_000 }) {
  const clock = { now: 1_000_000 };
  const changes: BreakerChange[] = [];
  const breaker = new KeyBreaker({ settings: () => settings, now: () => clock.now, onChange: (change) => changes.push(change) });
  /** One attempt that fails retryably. */
  const fail = (reason = 'upstream answered 500', retryAfterMs: number | null = null) => {
    const attempt = breaker.tryAcquire('p', 'k');
    if (attempt === null) throw new Error('the key was not admitted');
    attempt.failed(reason, retryAfterMs);
    return attempt;
  };
  return { clock, changes, breaker, fail };
}

describe('KeyBreaker', () => {
  it('stays closed below the threshold, and a success clears the count of failures', () => {
    const { breaker, fail } = breakerWith();
    fail();
    fail();
    breaker.tryAcquire('p', 'k')!.succeeded();
    fail();
    fail();
    expect(breaker.status('p', 'k')).toEqual({ state: 'closed', coolingDownUntil: null, probing: false });
    expect(breaker.admits('p', 'k')).toBe(true);
  });

  it('opens after the threshold of failures in a row, skips the key for the cooldown, and says so', () => {
    const { clock, changes, breaker, fail } = breakerWith();
    fail();
    fail();
    fail('upstream answered 503');
    expect(breaker.status('p', 'k')).toEqual({ state: 'open', coolingDownUntil: clock.now + 30_000, probing: false });
    expect(breaker.admits('p', 'k')).toBe(false);
    expect(breaker.tryAcquire('p', 'k')).toBeNull();
    expect(changes).toEqual([{ kind: 'opened', providerId: 'p', keyId: 'k', until: clock.now + 30_000, reason: '3 failures in a row, the last: upstream answered 503' }]);
    // Other keys are not affected.
    expect(breaker.admits('p', 'other')).toBe(true);
    expect(breaker.admits('q', 'k')).toBe(true);
  });

  it('goes half-open after the cooldown: exactly one probe, the others pass the key by', () => {
    const { clock, breaker, fail } = breakerWith();
    for (let index = 0; index < 3; index++) fail();
    clock.now += 29_999;
    expect(breaker.admits('p', 'k')).toBe(false);
    clock.now += 1;
    expect(breaker.status('p', 'k')).toEqual({ state: 'half-open', coolingDownUntil: null, probing: false });
    expect(breaker.admits('p', 'k')).toBe(true);

    const probe = breaker.tryAcquire('p', 'k');
    expect(probe?.probe).toBe(true);
    expect(breaker.tryAcquire('p', 'k')).toBeNull();
    expect(breaker.admits('p', 'k')).toBe(false);
    expect(breaker.status('p', 'k').probing).toBe(true);
  });

  it('closes on the probe\'s success, and starts counting failures afresh', () => {
    const { clock, changes, breaker, fail } = breakerWith();
    for (let index = 0; index < 3; index++) fail();
    clock.now += 30_000;
    breaker.tryAcquire('p', 'k')!.succeeded();
    expect(breaker.status('p', 'k').state).toBe('closed');
    expect(changes.map((change) => change.kind)).toEqual(['opened', 'closed']);
    fail();
    fail();
    expect(breaker.admits('p', 'k')).toBe(true);
    // After closing, the next opening is the first cooldown again, not a doubled one.
    fail();
    expect(breaker.status('p', 'k').coolingDownUntil).toBe(clock.now + 30_000);
  });

  it('opens again on the probe\'s failure, doubling the cooldown each time up to five minutes', () => {
    const { clock, changes, breaker, fail } = breakerWith();
    for (let index = 0; index < 3; index++) fail();
    const cooldowns: number[] = [];
    for (let reopening = 0; reopening < 5; reopening++) {
      clock.now = breaker.status('p', 'k').coolingDownUntil!;
      const probe = fail('upstream answered 502');
      expect(probe.probe).toBe(true);
      cooldowns.push(breaker.status('p', 'k').coolingDownUntil! - clock.now);
    }
    expect(cooldowns).toEqual([60_000, 120_000, 240_000, maximumCooldownMs, maximumCooldownMs]);
    expect(changes.at(-1)).toMatchObject({ kind: 'opened', reason: 'the probe failed: upstream answered 502' });
  });

  it('lets a probe go back without a verdict (the client went away): the next request probes instead', () => {
    const { clock, breaker, fail } = breakerWith();
    for (let index = 0; index < 3; index++) fail();
    clock.now += 30_000;
    breaker.tryAcquire('p', 'k')!.released();
    expect(breaker.status('p', 'k')).toEqual({ state: 'half-open', coolingDownUntil: null, probing: false });
    expect(breaker.tryAcquire('p', 'k')?.probe).toBe(true);
  });

  it('takes a probe that never settled for lost after its lease', () => {
    const { clock, breaker, fail } = breakerWith();
    for (let index = 0; index < 3; index++) fail();
    clock.now += 30_000;
    expect(breaker.tryAcquire('p', 'k')?.probe).toBe(true);
    clock.now += probeLeaseMs - 1;
    expect(breaker.tryAcquire('p', 'k')).toBeNull();
    clock.now += 1;
    expect(breaker.tryAcquire('p', 'k')?.probe).toBe(true);
  });

  it('believes Retry-After at once, whatever the count, without doubling later cooldowns', () => {
    const { clock, changes, breaker, fail } = breakerWith();
    fail('upstream answered 429', 45_000);
    expect(breaker.status('p', 'k')).toEqual({ state: 'open', coolingDownUntil: clock.now + 45_000, probing: false });
    expect(changes).toEqual([{ kind: 'opened', providerId: 'p', keyId: 'k', until: clock.now + 45_000, reason: 'upstream answered 429, retry after 45 s' }]);
    clock.now += 45_000;
    fail('upstream answered 500');
    expect(breaker.status('p', 'k').coolingDownUntil).toBe(clock.now + 60_000);
  });

  it('takes a probe\'s Retry-After over the doubled cooldown', () => {
    const { clock, breaker, fail } = breakerWith();
    for (let index = 0; index < 3; index++) fail();
    clock.now += 30_000;
    fail('upstream answered 429', 5_000);
    expect(breaker.status('p', 'k').coolingDownUntil).toBe(clock.now + 5_000);
  });

  it('counts a zero Retry-After as an ordinary failure', () => {
    const { breaker, fail } = breakerWith();
    fail('upstream answered 429', 0);
    expect(breaker.status('p', 'k').state).toBe('closed');
  });

  it('ignores late answers to requests sent before the key opened, unless they ask for a longer wait', () => {
    const { clock, changes, breaker, fail } = breakerWith();
    const late = [breaker.tryAcquire('p', 'k')!, breaker.tryAcquire('p', 'k')!, breaker.tryAcquire('p', 'k')!];
    for (let index = 0; index < 3; index++) fail();
    const until = clock.now + 30_000;
    late[0]!.succeeded();
    late[1]!.failed('upstream answered 500', null);
    expect(breaker.status('p', 'k')).toMatchObject({ state: 'open', coolingDownUntil: until });
    late[2]!.failed('upstream answered 429', 120_000);
    expect(breaker.status('p', 'k')).toMatchObject({ state: 'open', coolingDownUntil: clock.now + 120_000 });
    expect(changes.map((change) => change.kind)).toEqual(['opened', 'opened']);
  });

  it('settles an attempt once: a second verdict is ignored', () => {
    const { breaker } = breakerWith({ failureThreshold: 1, cooldownMs: 1000 });
    const attempt = breaker.tryAcquire('p', 'k')!;
    attempt.succeeded();
    attempt.failed('upstream answered 500', null);
    expect(breaker.status('p', 'k').state).toBe('closed');
  });

  it('reads the settings at each failure, so a reloaded config applies at once', () => {
    const settings = { failureThreshold: 3, cooldownMs: 30_000 };
    const { clock, breaker, fail } = breakerWith(settings);
    settings.failureThreshold = 1;
    settings.cooldownMs = 500;
    fail();
    expect(breaker.status('p', 'k')).toMatchObject({ state: 'open', coolingDownUntil: clock.now + 500 });
  });

  it('keeps a configured cooldown longer than five minutes as it is', () => {
    const { clock, breaker, fail } = breakerWith({ failureThreshold: 1, cooldownMs: 600_000 });
    fail();
    clock.now += 600_000;
    fail();
    expect(breaker.status('p', 'k').coolingDownUntil).toBe(clock.now + 600_000);
  });
});
