import { describe, expect, it } from 'vitest';
import { orderByQuota } from '../../../../src-main/routing/strategies/order-by-quota.js';
import { contextWith, ids, keysOf } from './strategy-fixtures.js';

describe('orderByQuota', () => {
  it('puts the key with the most left first, keys without limits before all limited ones', () => {
    const keys = keysOf({ a: [{ id: 'five', priority: 1 }, { id: 'unlimited', priority: 9 }, { id: 'fifty', priority: 2 }, { id: 'none-left', priority: 0 }] });
    const left: Record<string, number> = { five: 5, fifty: 50, unlimited: Number.POSITIVE_INFINITY, 'none-left': 0.01 };
    const context = contextWith({ remainingUsd: (entry) => left[entry.key.id]! });
    expect(ids(orderByQuota(keys, context))).toEqual(['a/unlimited', 'a/fifty', 'a/five', 'a/none-left']);
  });

  it('breaks ties by priority, unlimited keys included', () => {
    const keys = keysOf({ a: [{ id: 'u2', priority: 2 }, { id: 'ten-3', priority: 3 }, { id: 'u1', priority: 1 }, { id: 'ten-1', priority: 1 }] });
    const context = contextWith({ remainingUsd: (entry) => (entry.key.id.startsWith('u') ? Number.POSITIVE_INFINITY : 10) });
    expect(ids(orderByQuota(keys, context))).toEqual(['a/u1', 'a/u2', 'a/ten-1', 'a/ten-3']);
  });
});
