import { describe, expect, it } from 'vitest';
import { orderByPriority } from '../../../../src-main/routing/strategies/order-by-priority.js';
import { contextWith, firstPicks, ids, keysOf } from './strategy-fixtures.js';

describe('orderByPriority', () => {
  it('puts lower priority numbers first and keys without one last', () => {
    const keys = keysOf({ a: [{ id: 'none' }, { id: 'p5', priority: 5 }], b: [{ id: 'p1', priority: 1 }, { id: 'minus', priority: -2 }] });
    expect(ids(orderByPriority(keys, contextWith()))).toEqual(['b/minus', 'b/p1', 'a/p5', 'a/none']);
  });

  it('shares a tier by weight with smooth weighted round-robin: 3:1 gives a, a, b, a, and again', () => {
    const keys = keysOf({ p: [{ id: 'a', priority: 1, weight: 3 }, { id: 'b', priority: 1, weight: 1 }, { id: 'backup', priority: 2 }] });
    const context = contextWith();
    expect(firstPicks(8, () => orderByPriority(keys, context))).toEqual(['p/a', 'p/a', 'p/b', 'p/a', 'p/a', 'p/a', 'p/b', 'p/a']);
  });

  it('lists the rest of the tier after the turn\'s key, by weight, then the next tiers', () => {
    const keys = keysOf({ p: [{ id: 'light', priority: 1 }, { id: 'heavy', priority: 1, weight: 5 }, { id: 'mid', priority: 1, weight: 2 }, { id: 'later', priority: 3 }] });
    const context = contextWith();
    const orders = Array.from({ length: 8 }, () => ids(orderByPriority(keys, context)));
    for (const order of orders) {
      expect(order).toHaveLength(4);
      expect(order[3]).toBe('p/later');
      const rest = order.slice(1, 3);
      const byWeight = ['p/heavy', 'p/mid', 'p/light'].filter((id) => id !== order[0]);
      expect(rest).toEqual(byWeight);
    }
    // Over a whole cycle (total weight 8) each key leads as often as its weight says.
    const leaders = orders.map((order) => order[0]);
    expect(leaders.filter((id) => id === 'p/heavy')).toHaveLength(5);
    expect(leaders.filter((id) => id === 'p/mid')).toHaveLength(2);
    expect(leaders.filter((id) => id === 'p/light')).toHaveLength(1);
  });

  it('alternates equal weights in config order, and keeps each tier\'s turn apart', () => {
    const keys = keysOf({ x: [{ id: 'one', priority: 1 }, { id: 'two', priority: 1 }, { id: 'three', priority: 2 }, { id: 'four', priority: 2 }] });
    const context = contextWith();
    const orders = Array.from({ length: 3 }, () => ids(orderByPriority(keys, context)));
    expect(orders).toEqual([
      ['x/one', 'x/two', 'x/three', 'x/four'],
      ['x/two', 'x/one', 'x/four', 'x/three'],
      ['x/one', 'x/two', 'x/three', 'x/four'],
    ]);
  });

  it('keeps separate turns per route, so one model\'s traffic does not shift another\'s', () => {
    const keys = keysOf({ x: [{ id: 'one' }, { id: 'two' }] });
    const state = contextWith().state;
    const forModel = (route: string) => ids(orderByPriority(keys, contextWith({ state, route })))[0];
    expect([forModel('m1'), forModel('m1'), forModel('m2'), forModel('m2')]).toEqual(['x/one', 'x/two', 'x/one', 'x/two']);
  });

  it('leaves a single-key tier alone and returns a new array', () => {
    const keys = keysOf({ x: [{ id: 'only', priority: 1 }] });
    const ordered = orderByPriority(keys, contextWith());
    expect(ids(ordered)).toEqual(['x/only']);
    expect(ordered).not.toBe(keys);
    expect(orderByPriority([], contextWith())).toEqual([]);
  });
});
