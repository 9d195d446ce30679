import { describe, expect, it } from 'vitest';
import type { SwitchyardConfigInput } from '../../../../src-shared/config-schema.js';
import { quotaLevel } from '../../../../src-main/control/usage/key-quotas.js';
import { dashboardFixture } from './dashboard-fixture.js';

const hour = 60 * 60 * 1000;
const day = 24 * hour;
const now = Date.UTC(2025, 5, 18, 12);

const config: SwitchyardConfigInput = {
  providers: [
    {
      id: 'cheap',
      type: 'openai',
      baseUrl: 'https://cheap.test/v1',
      models: ['gpt-4o'],
      keys: [
        { id: 'monthly', secret: 'sk-cheap-0001', budgetUsd: 10, budgetPeriod: 'monthly' },
        { id: 'daily', secret: 'sk-cheap-0002', budgetUsd: 100, budgetPeriod: 'daily' },
        { id: 'paced', secret: 'sk-cheap-0003', budgetUsd: 20 },
      ],
    },
    { id: 'vendor', type: 'openai', baseUrl: 'https://vendor.test/v1', models: ['gpt-4o'], keys: [{ id: 'v1', secret: 'sk-vendor-0001' }] },
  ],
};

function setUp(thresholds?: { warning: number; critical: number; perKey: Record<string, { warning: number; critical: number }> }) {
  const fixture = dashboardFixture({
    config,
    now,
    overrides: {
      creditMark: (providerId) => (providerId === 'vendor' ? { usd: 5, asOfMs: now - day, source: 'balance' } : null),
      money: {
        spentUsd: (providerId, keyId, sinceMs) => {
          const rows = fixture.database
            .prepare('SELECT COALESCE(SUM(cost_usd), 0) AS spent FROM usage_events WHERE provider = ? AND key_id = ? AND time >= ?')
            .get(providerId, keyId, sinceMs ?? 0) as { spent: number };
          return Math.round(rows.spent * 1e10) / 1e10;
        },
        remainingCreditUsd: (providerId) => (providerId === 'vendor' ? 4 : null),
      },
      balanceOf: (providerId) =>
        providerId === 'vendor' ? { amount: 36, currency: 'CNY', amountUsd: 5, fetchedAt: new Date(now - 31 * 60_000).toISOString() } : undefined,
      ...(thresholds ? { thresholds: () => thresholds } : {}),
    },
  });
  return fixture;
}

const spend = (keyId: string, time: number, costUsd: number) => ({ provider: 'cheap', keyId, time, costUsd });

describe('quotas', () => {
  it("shows each key's budget with what is used, left and when it starts over", async () => {
    const { client, insert } = setUp();
    insert([spend('monthly', now - hour, 8), spend('monthly', Date.UTC(2025, 3, 1), 50), spend('daily', now - hour, 95)]);
    const quotas = await client.quotas();
    const monthly = quotas.find((quota) => quota.key === 'monthly')!;
    const local = new Date(now);
    expect(monthly.budget).toEqual({
      limit: 10,
      used: 8,
      left: 2,
      period: 'monthly',
      resetsAt: new Date(local.getFullYear(), local.getMonth() + 1, 1).toISOString(),
    });
    expect(monthly).toMatchObject({ usedFraction: 0.8, level: 'warning', currency: 'USD', hint: '' });
    const daily = quotas.find((quota) => quota.key === 'daily')!;
    expect(daily.budget!.resetsAt).toBe(new Date(local.getFullYear(), local.getMonth(), local.getDate() + 1).toISOString());
    expect(daily.level).toBe('critical');
  });

  it("keeps a vendor's balance in its currency, stale after two refresh intervals, and its credit apart", async () => {
    const { client } = setUp();
    const vendor = (await client.quotas()).find((quota) => quota.provider === 'vendor')!;
    expect(vendor.currency).toBe('CNY');
    expect(vendor.balance).toEqual({ amount: 36, currency: 'CNY', amountUsd: 5, fetchedAt: new Date(now - 31 * 60_000).toISOString(), stale: true });
    expect(vendor.credit).toEqual({ initial: null, left: 4, source: 'vendor' });
    expect(vendor).toMatchObject({ usedFraction: null, level: 'unknown', pace: null, subscription: null });
  });

  it('says when the money runs out at the last week\'s pace', async () => {
    const { client, insert } = setUp();
    // $7 over the last seven days: $1 a day; $10 before that. $3 of the $20 left: three days.
    insert([spend('paced', now - 10 * day, 10), ...Array.from({ length: 7 }, (_, index) => spend('paced', now - index * day - hour, 1))]);
    const paced = (await client.quotas()).find((quota) => quota.key === 'paced')!;
    expect(paced.pace).toEqual({ usdPerDay: 1, runsOutAt: new Date(now + 3 * day).toISOString() });
    expect(paced.usedFraction).toBe(0.85);
  });

  it('uses the settings thresholds, a key its own', async () => {
    const { client, insert } = setUp({ warning: 50, critical: 90, perKey: { 'cheap/daily': { warning: 96, critical: 99 } } });
    insert([spend('monthly', now - hour, 6), spend('daily', now - hour, 95)]);
    const quotas = await client.quotas();
    expect(quotas.find((quota) => quota.key === 'monthly')!.level).toBe('warning');
    expect(quotas.find((quota) => quota.key === 'daily')!.level).toBe('ok');
    const dashboard = await client.dashboard({ range: 'today', breakdown: 'key', utcOffsetMinutes: 0 });
    expect(dashboard.quotas.find((quota) => quota.key === 'monthly')).toEqual({ provider: 'cheap', key: 'monthly', usedFraction: 0.6, level: 'warning' });
  });

  it('turns warning at the first threshold and critical at the second, exactly', () => {
    const thresholds = { warning: 80, critical: 95 };
    expect(quotaLevel(0.7999, false, thresholds)).toBe('ok');
    expect(quotaLevel(0.8, false, thresholds)).toBe('warning');
    expect(quotaLevel(0.9499, false, thresholds)).toBe('warning');
    expect(quotaLevel(0.95, false, thresholds)).toBe('critical');
    expect(quotaLevel(null, false, thresholds)).toBe('unknown');
    expect(quotaLevel(null, true, thresholds)).toBe('critical');
  });
});
