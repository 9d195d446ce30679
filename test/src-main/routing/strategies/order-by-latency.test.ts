import { describe, expect, it } from 'vitest';
import { latencyReadingLifetimeMs, RoutingState } from '../../../../src-main/routing/routing-state.js';
import { orderByLatency } from '../../../../src-main/routing/strategies/order-by-latency.js';
import { contextWith, ids, keysOf } from './strategy-fixtures.js';

function clocked() {
  const clock = { now: 1_000_000 };
  const state = new RoutingState({ now: () => clock.now });
  return { clock, state, context: contextWith({ state }) };
}

describe('orderByLatency', () => {
  it('puts the lowest recent time to first byte first', () => {
    const keys = keysOf({ a: [{ id: 'slow', priority: 1 }, { id: 'fast', priority: 2 }, { id: 'middle', priority: 3 }] });
    const { state, context } = clocked();
    state.recordFirstByte('a', 'slow', 900);
    state.recordFirstByte('a', 'fast', 80);
    state.recordFirstByte('a', 'middle', 300);
    expect(ids(orderByLatency(keys, context))).toEqual(['a/fast', 'a/middle', 'a/slow']);
  });

  it('tries unmeasured keys first, in priority order, so every key gets measured', () => {
    const keys = keysOf({ a: [{ id: 'measured', priority: 1 }, { id: 'new-2', priority: 3 }, { id: 'new-1', priority: 2 }] });
    const { state, context } = clocked();
    state.recordFirstByte('a', 'measured', 5);
    expect(ids(orderByLatency(keys, context))).toEqual(['a/new-1', 'a/new-2', 'a/measured']);
  });

  it('explores a key again once its reading is older than the lifetime, and settles back after measuring it', () => {
    const keys = keysOf({ a: [{ id: 'fast', priority: 1 }, { id: 'was-slow', priority: 2 }] });
    const { clock, state, context } = clocked();
    state.recordFirstByte('a', 'was-slow', 2000);
    state.recordFirstByte('a', 'fast', 100);
    expect(ids(orderByLatency(keys, context))[0]).toBe('a/fast');

    // `fast` keeps being used and measured; `was-slow` is not, and its reading goes stale.
    clock.now += latencyReadingLifetimeMs / 2;
    state.recordFirstByte('a', 'fast', 100);
    clock.now += latencyReadingLifetimeMs / 2;
    expect(ids(orderByLatency(keys, context))[0]).toBe('a/fast');
    clock.now += 1;
    expect(ids(orderByLatency(keys, context))[0]).toBe('a/was-slow');

    // It recovered: measured fast now, its new average starts afresh and it stays first.
    state.recordFirstByte('a', 'was-slow', 10);
    expect(ids(orderByLatency(keys, context))).toEqual(['a/was-slow', 'a/fast']);
  });

  it('averages readings (EWMA, alpha 0.3): one slow answer does not undo a fast record', () => {
    const keys = keysOf({ a: [{ id: 'steady', priority: 1 }, { id: 'usually-fast', priority: 2 }] });
    const { state, context } = clocked();
    state.recordFirstByte('a', 'steady', 200);
    for (let index = 0; index < 5; index++) state.recordFirstByte('a', 'usually-fast', 100);
    state.recordFirstByte('a', 'usually-fast', 400);
    expect(state.latencyOf('a', 'usually-fast')?.ewmaMs).toBeCloseTo(190, 6);
    expect(ids(orderByLatency(keys, context))).toEqual(['a/usually-fast', 'a/steady']);
  });

  it('breaks equal readings by priority', () => {
    const keys = keysOf({ a: [{ id: 'second', priority: 2 }, { id: 'first', priority: 1 }] });
    const { state, context } = clocked();
    state.recordFirstByte('a', 'second', 50);
    state.recordFirstByte('a', 'first', 50);
    expect(ids(orderByLatency(keys, context))).toEqual(['a/first', 'a/second']);
  });
});
