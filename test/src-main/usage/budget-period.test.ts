import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { budgetPeriodStart, localDayStart, localMonthStart, nextLocalDayStart } from '../../../src-main/usage/budget-period.js';

// Periods follow the local calendar: run in a zone with a DST change so a 23-hour day shows.
let savedZone: string | undefined;
beforeAll(() => {
  savedZone = process.env.TZ;
  process.env.TZ = 'America/New_York';
});
afterAll(() => {
  if (savedZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedZone;
});

describe('budgetPeriodStart', () => {
  // 2025-03-09 10:00 in New York, the day clocks sprang forward at 02:00 (EST, UTC-5, to EDT, UTC-4).
  const now = Date.parse('2025-03-09T14:00:00Z');

  it('has no start for a total budget', () => {
    expect(budgetPeriodStart('total', now)).toBeUndefined();
  });

  it('starts a monthly budget at local midnight on the first of the month', () => {
    expect(budgetPeriodStart('monthly', now)).toBe(Date.parse('2025-03-01T05:00:00Z'));
  });

  it('starts a daily budget at local midnight', () => {
    expect(budgetPeriodStart('daily', now)).toBe(Date.parse('2025-03-09T05:00:00Z'));
  });

  it('finds local days across a DST change and at their edges', () => {
    expect(nextLocalDayStart(now) - localDayStart(now)).toBe(23 * 60 * 60 * 1000);
    const midnight = Date.parse('2025-03-10T04:00:00Z');
    expect(localDayStart(midnight)).toBe(midnight);
    expect(localDayStart(midnight - 1)).toBe(Date.parse('2025-03-09T05:00:00Z'));
    expect(localMonthStart(Date.parse('2025-04-01T03:59:59.999Z'))).toBe(Date.parse('2025-03-01T05:00:00Z'));
    expect(localMonthStart(Date.parse('2025-04-01T04:00:00Z'))).toBe(Date.parse('2025-04-01T04:00:00Z'));
  });
});
