import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeySpend, usdToSpendUnits } from '../../../src-main/usage/key-spend.js';

let savedZone: string | undefined;
beforeAll(() => {
  savedZone = process.env.TZ;
  process.env.TZ = 'Asia/Kathmandu'; // UTC+5:45: local midnight is 18:15 UTC
});
afterAll(() => {
  if (savedZone === undefined) delete process.env.TZ;
  else process.env.TZ = savedZone;
});

const juneFifteenth = Date.parse('2025-06-14T18:15:00Z');
const juneFirst = Date.parse('2025-05-31T18:15:00Z');
const julyFirst = Date.parse('2025-06-30T18:15:00Z');

describe('KeySpend', () => {
  it('keeps spend over all time and by local day', () => {
    const spend = new KeySpend(juneFifteenth + 1_000);
    spend.add('p', 'k', juneFifteenth - 1, 0.1); // June 14, 23:59:59.999 local
    spend.add('p', 'k', juneFifteenth, 0.2);
    spend.add('p', 'k', juneFifteenth + 5 * 3_600_000, 0.25);
    spend.add('p', 'other', juneFifteenth, 7);
    expect(spend.spentUsd('p', 'k')).toBe(0.55);
    expect(spend.spentUsd('p', 'k', juneFifteenth)).toBe(0.45);
    expect(spend.spentUsd('p', 'k', juneFirst)).toBe(0.55);
    expect(spend.spentUsd('p', 'none', juneFirst)).toBe(0);
  });

  it('sums in whole 1e-10 USD, so a budget check sees no float drift', () => {
    const spend = new KeySpend(juneFifteenth);
    for (let index = 0; index < 1_000; index++) spend.add('p', 'k', juneFifteenth, 0.1);
    expect(spend.spentUsd('p', 'k')).toBe(100);
    expect(spend.spentUnits('p', 'k')).toBe(1_000 * usdToSpendUnits(0.1));
  });

  it('drops last month’s days once a new month begins, keeping them in the total', () => {
    const spend = new KeySpend(juneFifteenth);
    spend.add('p', 'k', juneFifteenth, 1);
    expect(spend.keptFromMs).toBe(juneFirst);
    spend.add('p', 'k', julyFirst + 60_000, 2);
    expect(spend.keptFromMs).toBe(julyFirst);
    expect(spend.spentUsd('p', 'k', julyFirst)).toBe(2);
    expect(spend.spentUsd('p', 'k', juneFirst)).toBe(2);
    expect(spend.spentUsd('p', 'k')).toBe(3);
    // A long request that arrived in June and ends in July counts in the total only.
    spend.add('p', 'k', julyFirst - 1, 4);
    expect(spend.spentUsd('p', 'k', julyFirst)).toBe(2);
    expect(spend.spentUsd('p', 'k')).toBe(7);
  });

  it('loads stored quarter-hour buckets into local days, and older spend into the total only', () => {
    const spend = new KeySpend(juneFifteenth + 1_000);
    spend.load([
      { provider: 'p', keyId: 'k', bucketStart: null, units: usdToSpendUnits(10) },
      { provider: 'p', keyId: 'k', bucketStart: juneFifteenth - 15 * 60_000, units: usdToSpendUnits(1) },
      { provider: 'p', keyId: 'k', bucketStart: juneFifteenth, units: usdToSpendUnits(2) },
    ]);
    expect(spend.spentUsd('p', 'k')).toBe(13);
    expect(spend.spentUsd('p', 'k', juneFirst)).toBe(3);
    expect(spend.spentUsd('p', 'k', juneFifteenth)).toBe(2);
  });
});
