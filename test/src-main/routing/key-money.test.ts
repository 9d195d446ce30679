import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type ProviderKeyConfig } from '../../../src-shared/config-schema.js';
import { isOutOfMoney, moneyLeft, spendableUsd, type MoneySources } from '../../../src-main/routing/key-money.js';
import { buildRouteTable, type KeyEntry } from '../../../src-main/routing/route-table.js';
import { KeySpend } from '../../../src-main/usage/key-spend.js';

// 2025-07-15 12:00 in Berlin; spend on June 30 (last month), July 2 (this month) and today.
const now = Date.parse('2025-07-15T10:00:00Z');
let sources: MoneySources;
let savedZone: string | undefined;
beforeAll(() => {
  savedZone = process.env.TZ;
  process.env.TZ = 'Europe/Berlin';
  const spend = new KeySpend(now);
  spend.add('p', 'k', Date.parse('2025-06-30T12:00:00Z'), 8);
  spend.add('p', 'k', Date.parse('2025-07-02T12:00:00Z'), 3);
  spend.add('p', 'k', Date.parse('2025-07-15T08:00:00Z'), 1);
  sources = { spentUsd: (providerId, keyId, sinceMs) => spend.spentUsd(providerId, keyId, sinceMs), now: () => now };
});
afterAll(() => {
  if (savedZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedZone;
});

function entryOf(key: Omit<ProviderKeyConfig, 'secret' | 'id'>): KeyEntry {
  const config = configSchema.parse({
    providers: [{ id: 'p', type: 'openai', baseUrl: 'https://p.example.com/v1', keys: [{ id: 'k', secret: 'literal', ...key }] }],
  });
  return buildRouteTable(config, new Map()).keys[0]!;
}

describe('moneyLeft', () => {
  it('checks a budget against the spend of its period', () => {
    expect(moneyLeft(entryOf({ budgetUsd: 10 }), sources)).toEqual({ budgetUsd: -2, creditUsd: null });
    expect(moneyLeft(entryOf({ budgetUsd: 10, budgetPeriod: 'total' }), sources)).toEqual({ budgetUsd: -2, creditUsd: null });
    expect(moneyLeft(entryOf({ budgetUsd: 10, budgetPeriod: 'monthly' }), sources)).toEqual({ budgetUsd: 6, creditUsd: null });
    expect(moneyLeft(entryOf({ budgetUsd: 10, budgetPeriod: 'daily' }), sources)).toEqual({ budgetUsd: 9, creditUsd: null });
  });

  it('takes the credit left from the ledger, or else creditUsd less all spend', () => {
    expect(moneyLeft(entryOf({ creditUsd: 20 }), sources)).toEqual({ budgetUsd: null, creditUsd: 8 });
    expect(moneyLeft(entryOf({ creditUsd: 20 }), { ...sources, remainingCreditUsd: () => 2.5 })).toEqual({ budgetUsd: null, creditUsd: 2.5 });
    // A fetched balance limits a key the config gives no credit figure.
    expect(moneyLeft(entryOf({}), { ...sources, remainingCreditUsd: () => 0 })).toEqual({ budgetUsd: null, creditUsd: 0 });
    expect(moneyLeft(entryOf({}), { ...sources, remainingCreditUsd: () => null })).toEqual({ budgetUsd: null, creditUsd: null });
  });
});

describe('isOutOfMoney and spendableUsd', () => {
  it('is out when either limit is used up, exactly at zero included', () => {
    expect(isOutOfMoney({ budgetUsd: 0, creditUsd: null })).toBe(true);
    expect(isOutOfMoney({ budgetUsd: 0.01, creditUsd: -1 })).toBe(true);
    expect(isOutOfMoney({ budgetUsd: 0.01, creditUsd: 0.01 })).toBe(false);
    expect(isOutOfMoney({ budgetUsd: null, creditUsd: null })).toBe(false);
  });

  it('spends up to the tighter limit, unlimited without either', () => {
    expect(spendableUsd({ budgetUsd: 6, creditUsd: 2.5 })).toBe(2.5);
    expect(spendableUsd({ budgetUsd: -2, creditUsd: null })).toBe(0);
    expect(spendableUsd({ budgetUsd: null, creditUsd: null })).toBe(Number.POSITIVE_INFINITY);
  });
});
