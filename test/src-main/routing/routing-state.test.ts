import { describe, expect, it } from 'vitest';
import { latencyReadingLifetimeMs, RoutingState } from '../../../src-main/routing/routing-state.js';

describe('RoutingState', () => {
  it('picks by smooth weighted round-robin, spreading the heavy member out (5:1:1 as nginx does)', () => {
    const state = new RoutingState();
    const members = [
      { id: 'a', weight: 5 },
      { id: 'b', weight: 1 },
      { id: 'c', weight: 1 },
    ];
    const picks = Array.from({ length: 14 }, () => state.pickWeighted('tier', members));
    expect(picks.join('')).toBe('aabacaa'.repeat(2));
  });

  it('keeps each tier\'s weights apart', () => {
    const state = new RoutingState();
    const members = [
      { id: 'a', weight: 1 },
      { id: 'b', weight: 1 },
    ];
    expect([state.pickWeighted('x', members), state.pickWeighted('y', members), state.pickWeighted('x', members)]).toEqual(['a', 'a', 'b']);
  });

  it('counts turns per rotation from zero', () => {
    const state = new RoutingState();
    expect([state.nextTurn('m'), state.nextTurn('m'), state.nextTurn('n'), state.nextTurn('m')]).toEqual([0, 1, 0, 2]);
  });

  it('averages first-byte times with alpha 0.3 and stamps them with the injected clock', () => {
    let now = 5000;
    const state = new RoutingState({ now: () => now });
    expect(state.latencyOf('p', 'k')).toBeNull();
    state.recordFirstByte('p', 'k', 100);
    now = 6000;
    state.recordFirstByte('p', 'k', 200);
    expect(state.latencyOf('p', 'k')).toEqual({ ewmaMs: 130, measuredAt: 6000 });
    expect(state.latencyOf('p', 'other')).toBeNull();
  });

  it('starts a new average when the last reading is older than the lifetime', () => {
    let now = 0;
    const state = new RoutingState({ now: () => now });
    state.recordFirstByte('p', 'k', 1000);
    now = latencyReadingLifetimeMs + 1;
    state.recordFirstByte('p', 'k', 10);
    expect(state.latencyOf('p', 'k')?.ewmaMs).toBe(10);
  });
});
