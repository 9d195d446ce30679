import { describe, expect, it } from 'vitest';
import { stackSeries } from '../../../../src-renderer/components/charts/stack-series.js';

describe('stackSeries', () => {
  it('gives each series the running total of those before it, bucket by bucket', () => {
    expect(stackSeries([[1, 2, 0], [3, 0, 4], [0.5, 0.5, 0.5]])).toEqual([[1, 2, 0], [4, 2, 4], [4.5, 2.5, 4.5]]);
  });

  it('stacks nothing into nothing', () => {
    expect(stackSeries([])).toEqual([]);
  });
});
