/**
 * Running totals of series, bucket by bucket: the n-th result is the top edge of the n-th series
 * in a stacked chart. uPlot draws each series from zero and has no stacking of its own.
 */
export function stackSeries(series: readonly (readonly number[])[]): number[][] {
  const stacked: number[][] = [];
  let below: readonly number[] = [];
  for (const values of series) {
    const top = values.map((value, index) => value + (below[index] ?? 0));
    stacked.push(top);
    below = top;
  }
  return stacked;
}

/** The chart colours of the current theme (`--chart-1` … `--chart-8`), read anew after a theme change. */
export function chartColors(element: Element = document.documentElement): string[] {
  const style = getComputedStyle(element);
  return Array.from({ length: 8 }, (_, index) => style.getPropertyValue(`--chart-${index + 1}`).trim());
}
