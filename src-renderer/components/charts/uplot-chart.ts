import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { stackSeries } from './stack-series.js';

/**
 * uPlot and its stylesheet, in a chunk of their own that the chart component imports only once a
 * chart is on screen, so the first screen's JavaScript does not carry them.
 */

export interface StackedBarsInput {
  /** One label per bucket, already formatted. */
  labels: string[];
  /** The legend's name for the bucket column. */
  timeLabel: string;
  /** `null` is a bucket with requests but no price: drawn as nothing, said as "unpriced". */
  series: Array<{ name: string; values: Array<number | null> }>;
  formatValue: (value: number | null) => string;
  colors: string[];
  axisColor: string;
  gridColor: string;
  width: number;
  height: number;
}

export function drawStackedBars(target: HTMLElement, input: StackedBarsInput): uPlot {
  const stacked = stackSeries(input.series.map((series) => series.values.map((value) => value ?? 0)));
  const count = input.labels.length;
  const colorOf = (index: number) => input.colors[index % input.colors.length] ?? input.axisColor;
  // Each bar is drawn from zero to its running total, so the tallest goes first and the others
  // paint over it; the legend still reports each series' own value, not the running total.
  const order = input.series.map((_, index) => index).reverse();
  const bars = uPlot.paths.bars?.({ size: [0.7, 48], align: 0 });
  const axis = { stroke: input.axisColor, grid: { stroke: input.gridColor, width: 1 }, ticks: { stroke: input.gridColor, width: 1 } };
  const options: uPlot.Options = {
    width: input.width,
    height: input.height,
    cursor: { drag: { x: false, y: false }, points: { show: false } },
    legend: { live: true },
    scales: {
      x: { time: false, range: () => [-0.5, Math.max(count, 1) - 0.5] },
      y: { range: (_self, _min, max) => [0, max > 0 ? max * 1.08 : 1] },
    },
    axes: [
      { ...axis, grid: { show: false }, space: 64, incrs: [1, 2, 3, 4, 6, 7, 12, 24, 48, 96], values: (_self, splits) => splits.map((split) => input.labels[split] ?? '') },
      { ...axis, size: 72, values: (_self, splits) => splits.map((split) => input.formatValue(split)) },
    ],
    series: [
      { label: input.timeLabel, value: (_self, value) => input.labels[value] ?? '' },
      ...order.map((index) => ({
        label: input.series[index]?.name ?? '',
        fill: colorOf(index),
        stroke: colorOf(index),
        width: 0,
        paths: bars,
        points: { show: false },
        value: (_self: uPlot, _value: number, _seriesIndex: number, bucket: number | null) =>
          bucket === null ? '' : input.formatValue(input.series[index]?.values[bucket] === undefined ? 0 : (input.series[index]?.values[bucket] ?? null)),
      })),
    ],
  };
  const data: uPlot.AlignedData = [Array.from({ length: count }, (_, index) => index), ...order.map((index) => stacked[index] ?? [])];
  // Until the pointer is over a bar, the legend reads out the latest bucket rather than blanks.
  options.hooks = { ready: [(chart) => count > 0 && chart.setLegend({ idx: count - 1 })] };
  return new uPlot(options, data, target);
}
