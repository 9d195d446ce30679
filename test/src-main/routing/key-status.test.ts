import { describe, expect, it } from 'vitest';
import { KeyBreaker } from '../../../src-main/routing/key-breaker.js';
import { KeyHealth } from '../../../src-main/routing/key-health.js';
import { keyStatusFields } from '../../../src-main/routing/key-status.js';

describe('keyStatusFields', () => {
  const clock = { now: Date.parse('2025-03-01T12:00:00Z') };
  const breaker = new KeyBreaker({ settings: () => ({ failureThreshold: 1, cooldownMs: 30_000 }), now: () => clock.now });

  it('calls a key in rotation active', () => {
    expect(keyStatusFields('p', 'fine', {}, new KeyHealth(), breaker)).toEqual({ status: 'active', disabledReason: null, coolingDownUntil: null });
  });

  it('says why a key is disabled, by the config or by a refusal', () => {
    const health = new KeyHealth();
    health.disable('p', 'refused', 'upstream answered 401: the key was refused');
    expect(keyStatusFields('p', 'off', { disabled: true }, health, breaker)).toEqual({ status: 'disabled', disabledReason: 'disabled in the config', coolingDownUntil: null });
    expect(keyStatusFields('p', 'refused', {}, health, breaker)).toEqual({
      status: 'disabled',
      disabledReason: 'upstream answered 401: the key was refused',
      coolingDownUntil: null,
    });
  });

  it('gives a cooling-down key\'s time of return, and none while its probe is under way', () => {
    breaker.tryAcquire('p', 'hot')!.failed('upstream answered 500', null);
    expect(keyStatusFields('p', 'hot', undefined, new KeyHealth(), breaker)).toEqual({
      status: 'cooling-down',
      disabledReason: null,
      coolingDownUntil: '2025-03-01T12:00:30.000Z',
    });
    clock.now += 30_000;
    expect(keyStatusFields('p', 'hot', undefined, new KeyHealth(), breaker).status).toBe('active');
    breaker.tryAcquire('p', 'hot');
    expect(keyStatusFields('p', 'hot', undefined, new KeyHealth(), breaker)).toEqual({ status: 'cooling-down', disabledReason: null, coolingDownUntil: null });
  });
});
