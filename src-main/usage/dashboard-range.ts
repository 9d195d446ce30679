import type { DashboardQuery, Granularity } from '../../src-shared/control/usage-api.js';
import { ContractError } from '../conversion/contract-error.js';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;
const weekMs = 7 * dayMs;

export const granularityMs: Record<Granularity, number> = { minute: minuteMs, hour: hourMs, day: dayMs, week: weekMs };

/**
 * Weeks start on Monday. The epoch fell on a Thursday, so Monday, 5 January 1970 is the first
 * week start; days and hours need no anchor.
 */
const anchorMs: Record<Granularity, number> = { minute: 0, hour: 0, day: 0, week: 4 * dayMs };

/** A dashboard range resolved against the clock and the browser's offset from UTC. */
export interface ResolvedRange {
  from: number;
  /** Exclusive. */
  to: number;
  granularity: Granularity;
  /** Milliseconds added to UTC to get the browser's wall clock. */
  offsetMs: number;
}

/**
 * The range's bounds and bucket width. The browser's offset is taken as fixed over the range: a
 * range across a daylight-saving change has its buckets an hour off on one side of it, which a
 * chart of spend can bear and which keeps every bucket the same width.
 */
export function resolveRange(query: DashboardQuery, now: number, firstEventTime: number | null): ResolvedRange {
  const offsetMs = query.utcOffsetMinutes * minuteMs;
  const todayStart = bucketStart(now, 'day', offsetMs);
  const bounds = rangeBounds(query, now, todayStart, firstEventTime);
  return { ...bounds, granularity: granularityFor(bounds.to - bounds.from), offsetMs };
}

function rangeBounds(query: DashboardQuery, now: number, todayStart: number, firstEventTime: number | null): { from: number; to: number } {
  switch (query.range) {
    case 'today':
      return { from: todayStart, to: now };
    case '24h':
      return { from: now - dayMs, to: now };
    case '7d':
      return { from: now - 7 * dayMs, to: now };
    case '30d':
      return { from: now - 30 * dayMs, to: now };
    case 'all':
      // From the first request on; with none yet, today, so the window still has a day to draw.
      return { from: Math.min(firstEventTime ?? todayStart, todayStart), to: now };
    case 'custom': {
      if (query.from === undefined || query.to === undefined) {
        throw new ContractError('invalid_control_input', 'dashboard: a custom range needs both from and to (epoch milliseconds).', {
          field: query.from === undefined ? 'from' : 'to',
        });
      }
      if (query.to <= query.from) {
        throw new ContractError('invalid_control_input', 'dashboard: the custom range ends before it starts; pick a "to" after "from".', { field: 'to' });
      }
      return { from: query.from, to: query.to };
    }
    default: {
      const _exhaustive: never = query.range;
      return _exhaustive;
    }
  }
}

/**
 * About 24 to 200 buckets whatever the range: minutes up to three hours (read from the raw rows,
 * the rollup being in quarter hours), hours up to three days, days up to half a year, weeks past it.
 */
export function granularityFor(spanMs: number): Granularity {
  if (spanMs <= 3 * hourMs) return 'minute';
  if (spanMs <= 3 * dayMs) return 'hour';
  if (spanMs <= 183 * dayMs) return 'day';
  return 'week';
}

/** The start (UTC epoch ms) of the local bucket `time` falls in. */
export function bucketStart(time: number, granularity: Granularity, offsetMs: number): number {
  const width = granularityMs[granularity];
  const shift = offsetMs - anchorMs[granularity];
  return Math.floor((time + shift) / width) * width - shift;
}

/** Every bucket start from the one holding `from` to the last one before `to`. */
export function bucketStarts(range: ResolvedRange): number[] {
  const width = granularityMs[range.granularity];
  const starts: number[] = [];
  for (let start = bucketStart(range.from, range.granularity, range.offsetMs); start < range.to; start += width) starts.push(start);
  return starts;
}

/**
 * The same as bucketStart in SQL over an integer column of epoch ms. Times are after 1970 and the
 * shift is under a week, so the operand is positive and integer division is the floor.
 */
export function bucketStartSql(column: string, granularity: Granularity, offsetMs: number): string {
  const width = granularityMs[granularity];
  const shift = Math.round(offsetMs - anchorMs[granularity]);
  return `((CAST(${column} AS INTEGER) + ${shift}) / ${width} * ${width} - ${shift})`;
}

/** Local hour of day (0–23) and weekday (0 = Sunday) in SQL; the epoch was a Thursday (4). */
export function hourOfDaySql(column: string, offsetMs: number): string {
  return `(((CAST(${column} AS INTEGER) + ${Math.round(offsetMs)}) / ${hourMs}) % 24)`;
}

export function weekdaySql(column: string, offsetMs: number): string {
  return `((((CAST(${column} AS INTEGER) + ${Math.round(offsetMs)}) / ${dayMs}) + 4) % 7)`;
}
