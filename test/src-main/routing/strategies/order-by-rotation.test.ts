import { describe, expect, it } from 'vitest';
import { orderByRotation } from '../../../../src-main/routing/strategies/order-by-rotation.js';
import { contextWith, ids, keysOf } from './strategy-fixtures.js';

describe('orderByRotation', () => {
  it('starts one key further each request, wrapping around, priorities and weights aside', () => {
    const keys = keysOf({ a: [{ id: 'one', priority: 3 }, { id: 'two', priority: 1, weight: 10 }], b: [{ id: 'three' }] });
    const context = contextWith();
    const orders = Array.from({ length: 4 }, () => ids(orderByRotation(keys, context)));
    expect(orders).toEqual([
      ['a/one', 'a/two', 'b/three'],
      ['a/two', 'b/three', 'a/one'],
      ['b/three', 'a/one', 'a/two'],
      ['a/one', 'a/two', 'b/three'],
    ]);
  });

  it('rotates each route on its own', () => {
    const keys = keysOf({ a: [{ id: 'one' }, { id: 'two' }] });
    const state = contextWith().state;
    const first = (route: string) => ids(orderByRotation(keys, contextWith({ state, route })))[0];
    expect([first('m1'), first('m2'), first('m1'), first('m2')]).toEqual(['a/one', 'a/one', 'a/two', 'a/two']);
  });

  it('keeps turning when the set of candidates changes (a key cooling down)', () => {
    const keys = keysOf({ a: [{ id: 'one' }, { id: 'two' }, { id: 'three' }] });
    const context = contextWith();
    const withoutTwo = keys.filter((entry) => entry.key.id !== 'two');
    expect(ids(orderByRotation(keys, context))[0]).toBe('a/one');
    expect(ids(orderByRotation(withoutTwo, context))).toEqual(['a/three', 'a/one']);
    expect(ids(orderByRotation(keys, context))[0]).toBe('a/three');
    expect(orderByRotation([], context)).toEqual([]);
  });
});
