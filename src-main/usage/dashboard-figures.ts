import type { Dashboard, DashboardQuery, DashboardSeries, DashboardTotals } from '../../src-shared/control/usage-api.js';
import type { CatalogPrice } from './catalog-price.js';
import { addSums, emptySums, type DashboardQueries, type UsageSums } from './dashboard-queries.js';
import { bucketStart, bucketStartSql, bucketStarts, hourOfDaySql, resolveRange, weekdaySql } from './dashboard-range.js';
import { computeSavedUsd } from './dashboard-savings.js';
import type { RollupMetric } from '../store/usage-rollup-schema.js';
import { usdFromUnits } from './usd-amount.js';

/** The series name of requests without a provider, key, model or client. */
export const noneName = '(none)';

/** What the series' pass sums: the chart's two figures and whether a name has anything left. */
const seriesMetrics: readonly RollupMetric[] = ['attempts', 'requests', 'cost_units'];
/** What the savings price: the tokens and what they cost. */
const savingsMetrics: readonly RollupMetric[] = ['input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_write_tokens', 'reasoning_tokens', 'cost_units'];

/**
 * Everything on the dashboard but the quotas: totals, the stacked series and the heatmap. Each pass
 * sums only what it shows; all of them are exact sums of the same rows, so they agree.
 */
export function buildDashboardFigures(
  queries: DashboardQueries,
  query: DashboardQuery,
  now: number,
  candidatePrices: (model: string) => readonly CatalogPrice[],
): Omit<Dashboard, 'quotas'> {
  const range = resolveRange(query, now, queries.firstEventTime());
  const buckets = bucketStarts(range);
  const cells = queries.cells(
    query.breakdown,
    range.from,
    range.to,
    { sql: (column) => bucketStartSql(column, range.granularity, range.offsetMs), startOf: (time) => bucketStart(time, range.granularity, range.offsetMs) },
    seriesMetrics,
  );

  const byName = new Map<string, { sums: UsageSums; costUnits: number[]; requests: number[] }>();
  const position = new Map(buckets.map((start, index) => [start, index]));
  for (const cell of cells) {
    let entry = byName.get(cell.name);
    if (entry === undefined) {
      entry = { sums: emptySums(), costUnits: buckets.map(() => 0), requests: buckets.map(() => 0) };
      byName.set(cell.name, entry);
    }
    addSums(entry.sums, cell, seriesMetrics);
    const index = position.get(cell.group);
    if (index !== undefined) {
      entry.costUnits[index]! += cell.cost_units;
      entry.requests[index]! += cell.requests;
    }
  }

  const series: DashboardSeries[] = [...byName]
    // Rows a delete took back out leave zeros in the rollup: a name with nothing left is no series.
    .filter(([, entry]) => entry.sums.attempts !== 0)
    .sort(([leftName, left], [rightName, right]) => right.sums.cost_units - left.sums.cost_units || right.sums.requests - left.sums.requests || leftName.localeCompare(rightName))
    .map(([name, entry]) => ({ name: name === '' ? noneName : name, costUsd: entry.costUnits.map(usdFromUnits), requests: entry.requests }));

  const heatmap = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  // The heatmap and the totals in one pass over the quarter-hour totals: a local hour is whole
  // quarter hours in every zone, and the cells of a range sum to its totals.
  const totals = emptySums();
  const heatmapCells = queries.cells('total', range.from, range.to, {
    sql: (column) => `(${weekdaySql(column, range.offsetMs)} * 24 + ${hourOfDaySql(column, range.offsetMs)})`,
    startOf: (time) => bucketStart(time, 'hour', range.offsetMs),
  });
  for (const cell of heatmapCells) {
    addSums(totals, cell);
    heatmap[Math.floor(cell.group / 24)]![cell.group % 24]! += cell.requests;
  }

  const models = queries.cells('priced-model', range.from, range.to, { sql: () => '0' }, savingsMetrics).map((cell) => ({ model: cell.name, sums: cell }));
  const figures: DashboardTotals = {
    requests: totals.requests,
    errors: totals.errors,
    successRate: totals.requests === 0 ? null : (totals.requests - totals.errors) / totals.requests,
    inputTokens: totals.input_tokens,
    outputTokens: totals.output_tokens,
    cacheReadTokens: totals.cache_read_tokens,
    cacheWriteTokens: totals.cache_write_tokens,
    reasoningTokens: totals.reasoning_tokens,
    costUsd: usdFromUnits(totals.cost_units),
    unpricedRequests: totals.unpriced,
    p95LatencyMs: queries.p95LatencyMs(range.from, range.to, totals.requests),
    savedUsd: computeSavedUsd(models, candidatePrices),
  };
  return { from: range.from, to: range.to, granularity: range.granularity, totals: figures, buckets, series, heatmap };
}
