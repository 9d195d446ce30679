import type { BudgetPeriod } from '../../src-shared/config-schema.js';

/**
 * The first millisecond of the budget period `now` falls in, in local time: the first of the month
 * for `monthly`, midnight for `daily`; undefined for `total`, which never starts over. Local time,
 * because that is the calendar the user reads "this month" and "today" on.
 */
export function budgetPeriodStart(period: BudgetPeriod, now: number): number | undefined {
  switch (period) {
    case 'total':
      return undefined;
    case 'monthly':
      return localMonthStart(now);
    case 'daily':
      return localDayStart(now);
    default: {
      const _exhaustive: never = period;
      return _exhaustive;
    }
  }
}

/** Local midnight at the start of the day `time` falls in (23 or 25 hours before the next one across a DST change). */
export function localDayStart(time: number): number {
  const date = new Date(time);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Local midnight on the first of the month `time` falls in. */
export function localMonthStart(time: number): number {
  const date = new Date(time);
  return new Date(date.getFullYear(), date.getMonth(), 1).getTime();
}

/** Local midnight at the start of the day after the one `time` falls in. */
export function nextLocalDayStart(time: number): number {
  const date = new Date(time);
  return new Date(date.getFullYear(), date.getMonth(), date.getDate() + 1).getTime();
}
