import { spendKey, spendUnitsPerUsd, type SpendBucketRow } from '../store/usage-repository.js';
import { localDayStart, localMonthStart, nextLocalDayStart } from './budget-period.js';

/** A cost in whole spend units (1e-10 USD, the unit costs are rounded to), so sums stay exact. */
export function usdToSpendUnits(usd: number): number {
  return Math.round(usd * spendUnitsPerUsd);
}

/**
 * Priced spend per provider key, in memory: over all time, and by local day for the current month,
 * which is what a `monthly` or `daily` budget is checked against. Kept in whole 1e-10 USD so a
 * budget check after a million requests sees the same sum SQLite would, not an accumulated drift.
 */
export class KeySpend {
  private readonly totals = new Map<string, number>();
  /** Per key: local day start → units spent by requests that arrived that day. */
  private readonly days = new Map<string, Map<number, number>>();
  /** Local start of the month days are kept from; older spend is only in the totals. */
  private keptFrom: number;
  /** The day the last event fell in, so most adds skip the calendar arithmetic. */
  private cachedDayStart = 0;
  private cachedDayEnd = 0;

  constructor(now: number) {
    this.keptFrom = localMonthStart(now);
  }

  /** Days before this (local midnight on the first of a month) are not kept by day. */
  get keptFromMs(): number {
    return this.keptFrom;
  }

  /** Adds stored spend; `bucketStart` null is spend from before `keptFromMs`, counted in totals only. */
  load(rows: Iterable<SpendBucketRow>): void {
    for (const row of rows) {
      const key = spendKey(row.provider, row.keyId);
      this.totals.set(key, (this.totals.get(key) ?? 0) + row.units);
      if (row.bucketStart !== null && row.bucketStart >= this.keptFrom) this.addToDay(key, localDayStart(row.bucketStart), row.units);
    }
  }

  /** Adds one request's cost; `time` is when the request arrived, which decides its day. */
  add(providerId: string, keyId: string, time: number, usd: number): void {
    const key = spendKey(providerId, keyId);
    const units = usdToSpendUnits(usd);
    this.totals.set(key, (this.totals.get(key) ?? 0) + units);
    const day = this.dayOf(time);
    // A request that began before the month the days are kept from counts in the total only.
    if (day >= this.keptFrom) this.addToDay(key, day, units);
  }

  /**
   * Spend over all time, or from `sinceMs` on: a local day start (what budgetPeriodStart gives).
   * Days start whole: a `sinceMs` inside a day leaves that day out, and one before `keptFromMs`
   * counts from there.
   */
  spentUsd(providerId: string, keyId: string, sinceMs?: number): number {
    return this.spentUnits(providerId, keyId, sinceMs) / spendUnitsPerUsd;
  }

  spentUnits(providerId: string, keyId: string, sinceMs?: number): number {
    const key = spendKey(providerId, keyId);
    if (sinceMs === undefined) return this.totals.get(key) ?? 0;
    let units = 0;
    for (const [day, dayUnits] of this.days.get(key) ?? []) if (day >= sinceMs) units += dayUnits;
    return units;
  }

  private addToDay(key: string, day: number, units: number): void {
    let days = this.days.get(key);
    if (days === undefined) {
      days = new Map();
      this.days.set(key, days);
    }
    days.set(day, (days.get(day) ?? 0) + units);
  }

  private dayOf(time: number): number {
    if (time >= this.cachedDayStart && time < this.cachedDayEnd) return this.cachedDayStart;
    const day = localDayStart(time);
    const month = localMonthStart(time);
    if (month > this.keptFrom) {
      // A new month began: no budget period reaches back past its first day any more.
      this.keptFrom = month;
      for (const days of this.days.values()) for (const start of days.keys()) if (start < month) days.delete(start);
    }
    this.cachedDayStart = day;
    this.cachedDayEnd = nextLocalDayStart(time);
    return day;
  }
}
