import type { KeyQuota, QuotaView } from '../../../src-shared/control/usage-api.js';
import type { KeyEntry } from '../../routing/route-table.js';
import { budgetPeriodStart, nextLocalDayStart } from '../../usage/budget-period.js';
import type { CreditMark } from '../../usage/credit-ledger.js';
import type { KeyBalanceView } from '../../usage/balance-refresher.js';

const dayMs = 24 * 60 * 60 * 1000;
/** The pace is the average over this many days (fewer for a key first used more recently). */
const paceDays = 7;

/** Notification thresholds in percent of a budget or credit used; `perKey` by `provider/key`. */
export interface QuotaThresholds {
  warning: number;
  critical: number;
  perKey: Readonly<Record<string, { warning: number; critical: number }>>;
}

export const defaultQuotaThresholds: QuotaThresholds = { warning: 80, critical: 95, perKey: {} };

/** What a key's quota is read from; each a cheap read of something already kept. */
export interface QuotaSources {
  now: number;
  /** Priced spend over all time, or from `sinceMs` (a local day start) on: the recorder's, with queued requests. */
  spentUsd(providerId: string, keyId: string, sinceMs?: number): number;
  remainingCreditUsd(providerId: string, keyId: string): number | null;
  creditMark(providerId: string, keyId: string): CreditMark | null;
  balanceOf(providerId: string, keyId: string): KeyBalanceView | undefined;
  /** A balance older than this is stale (two refresh intervals). */
  staleAfterMs: number;
  /** Priced spend from `sinceMs` on, to the millisecond, and when the key was first used (null: never). */
  spendSince(providerId: string, keyId: string, sinceMs: number): { usd: number; firstUsedAt: number | null };
  hintOf(providerId: string, keyId: string): string;
  thresholds: QuotaThresholds;
}

/** One key's budget, credit, balance and pace, and how far it is through the tighter of its limits. */
export function keyQuota(entry: KeyEntry, sources: QuotaSources): QuotaView {
  const providerId = entry.provider.config.id;
  const keyId = entry.key.id;
  const { now } = sources;

  let budget: QuotaView['budget'] = null;
  if (entry.key.budgetUsd !== undefined) {
    const period = entry.key.budgetPeriod ?? 'total';
    const used = sources.spentUsd(providerId, keyId, budgetPeriodStart(period, now));
    budget = { limit: entry.key.budgetUsd, used, left: entry.key.budgetUsd - used, period, resetsAt: budgetResetsAt(period, now) };
  }

  let credit: QuotaView['credit'] = null;
  const mark = sources.creditMark(providerId, keyId);
  const remaining = sources.remainingCreditUsd(providerId, keyId);
  if (mark !== null && remaining !== null) {
    // A vendor's balance is what is left now, not what the key started with: no fraction from it.
    credit = { initial: mark.source === 'config' ? mark.usd : null, left: remaining, source: mark.source === 'config' ? 'config' : 'vendor' };
  } else if (entry.key.creditUsd !== undefined) {
    credit = { initial: entry.key.creditUsd, left: entry.key.creditUsd - sources.spentUsd(providerId, keyId), source: 'config' };
  }

  const reading = sources.balanceOf(providerId, keyId);
  const balance: QuotaView['balance'] =
    reading === undefined
      ? null
      : { ...reading, stale: now - Date.parse(reading.fetchedAt) > sources.staleAfterMs };

  const usedFraction = maxOrNull(
    budget === null || budget.limit <= 0 ? null : budget.used / budget.limit,
    credit === null || credit.initial === null || credit.initial <= 0 ? null : (credit.initial - credit.left) / credit.initial,
  );
  const outOfMoney = (budget !== null && budget.left <= 0) || (credit !== null && credit.left <= 0);
  const thresholds = sources.thresholds.perKey[`${providerId}/${keyId}`] ?? sources.thresholds;

  return {
    provider: providerId,
    key: keyId,
    hint: sources.hintOf(providerId, keyId),
    currency: reading?.currency ?? 'USD',
    budget,
    credit,
    balance,
    pace: pace(providerId, keyId, sources, moneyLeft(budget, credit)),
    // No vendor Switchyard reads reports a subscription's usage window yet.
    subscription: null,
    usedFraction,
    level: quotaLevel(usedFraction, outOfMoney, thresholds),
  };
}

/** The dashboard's bar of a key: its share used and level. */
export function toKeyQuota(view: QuotaView): KeyQuota {
  return { provider: view.provider, key: view.key, usedFraction: view.usedFraction, level: view.level };
}

/**
 * `warning` from the first threshold on, `critical` from the second (a key at exactly 80% of its
 * budget has reached the warning). A key with no money left is critical whatever its fraction.
 */
export function quotaLevel(usedFraction: number | null, outOfMoney: boolean, thresholds: { warning: number; critical: number }): KeyQuota['level'] {
  if (outOfMoney) return 'critical';
  if (usedFraction === null) return 'unknown';
  // In whole hundredths of a percent, so 0.8 of a budget is 80% and not 79.99999999999999.
  const percent = Math.round(usedFraction * 10_000) / 100;
  if (percent >= thresholds.critical) return 'critical';
  if (percent >= thresholds.warning) return 'warning';
  return 'ok';
}

/** When the period `now` falls in ends: next local midnight, or local midnight on the next first of the month. */
export function budgetResetsAt(period: 'total' | 'monthly' | 'daily', now: number): string | null {
  switch (period) {
    case 'total':
      return null;
    case 'daily':
      return new Date(nextLocalDayStart(now)).toISOString();
    case 'monthly': {
      const date = new Date(now);
      return new Date(date.getFullYear(), date.getMonth() + 1, 1).toISOString();
    }
    default: {
      const _exhaustive: never = period;
      return _exhaustive;
    }
  }
}

/**
 * Spend per day over the last week (or since the key was first used, when later, but at least a
 * day, so one morning's requests are not multiplied into a week), and when the tighter of its limits
 * runs out at that pace. Null for a key never used in that time.
 */
function pace(providerId: string, keyId: string, sources: QuotaSources, left: number | null): QuotaView['pace'] {
  const since = sources.now - paceDays * dayMs;
  const { usd, firstUsedAt } = sources.spendSince(providerId, keyId, since);
  if (firstUsedAt === null) return null;
  const days = Math.max(1, (sources.now - Math.max(since, firstUsedAt)) / dayMs);
  const usdPerDay = usd / days;
  let runsOutAt: string | null = null;
  if (left !== null && left <= 0) runsOutAt = new Date(sources.now).toISOString();
  else if (left !== null && usdPerDay > 0) runsOutAt = new Date(sources.now + (left / usdPerDay) * dayMs).toISOString();
  return { usdPerDay, runsOutAt };
}

function moneyLeft(budget: QuotaView['budget'], credit: QuotaView['credit']): number | null {
  const limits = [budget?.left, credit?.left].filter((value): value is number => value !== undefined);
  return limits.length === 0 ? null : Math.min(...limits);
}

function maxOrNull(left: number | null, right: number | null): number | null {
  if (left === null) return right;
  if (right === null) return left;
  return Math.max(left, right);
}
