import type { BreakdownDimension, Dashboard, DashboardQuery, DashboardRange } from '../../src-shared/control/usage-api.js';
import { api } from '../lib/api.js';
import { Resource } from './resource.svelte.js';

/** The dashboard's panels that can be read as a chart or as a table. */
export type DashboardPanel = 'spend' | 'requests' | 'heatmap';
export type PanelView = 'chart' | 'table';

/** Live reloads come at most this often, however fast requests are recorded. */
export const liveReloadIntervalMs = 1_000;

const dayMs = 86_400_000;

/** `YYYY-MM-DD` of a moment in the browser's time zone: the value a date input holds. */
export function localDate(time: number): string {
  const date = new Date(time);
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** Local midnight at the start of a `YYYY-MM-DD` day, epoch ms; null for anything else. */
export function startOfLocalDay(day: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return null;
  const time = new Date(`${day}T00:00:00`).getTime();
  return Number.isNaN(time) ? null : time;
}

export interface DashboardSelection {
  range: DashboardRange;
  breakdown: BreakdownDimension;
  /** The custom range's first and last day, both included, as date inputs hold them. */
  customFrom: string;
  customTo: string;
}

/**
 * The service's question for what the user picked. A custom range runs from the first day's local
 * midnight to the midnight after its last day, so a one-day range is that whole day.
 */
export function dashboardQuery(selection: DashboardSelection, utcOffsetMinutes = -new Date().getTimezoneOffset()): DashboardQuery {
  const query: DashboardQuery = { range: selection.range, breakdown: selection.breakdown, utcOffsetMinutes };
  if (selection.range !== 'custom') return query;
  const from = startOfLocalDay(selection.customFrom);
  const lastDay = startOfLocalDay(selection.customTo);
  if (from !== null) query.from = from;
  // The midnight after the last day, found from its date (not +24 h, which a DST change would shift).
  if (lastDay !== null) query.to = startOfLocalDay(localDate(lastDay + dayMs + 3 * 3_600_000)) ?? lastDay + dayMs;
  return query;
}

/**
 * What the dashboard shows and how: the range, the breakdown, chart or table per panel, and the
 * figures. Reloads keep the last figures on screen (Resource), and live updates are throttled.
 */
export class DashboardState {
  range = $state<DashboardRange>('today');
  breakdown = $state<BreakdownDimension>('provider');
  customFrom = $state(localDate(Date.now() - 6 * dayMs));
  customTo = $state(localDate(Date.now()));
  views = $state<Record<DashboardPanel, PanelView>>({ spend: 'chart', requests: 'chart', heatmap: 'chart' });
  readonly figures: Resource<Dashboard>;
  #lastLoadAt = Number.NEGATIVE_INFINITY;
  #pending: ReturnType<typeof setTimeout> | null = null;

  constructor(fetchDashboard: (query: DashboardQuery) => Promise<Dashboard>) {
    this.figures = new Resource(() => fetchDashboard(this.query()));
  }

  query(): DashboardQuery {
    return dashboardQuery({ range: this.range, breakdown: this.breakdown, customFrom: this.customFrom, customTo: this.customTo });
  }

  load(): Promise<void> {
    this.cancelPending();
    this.#lastLoadAt = Date.now();
    return this.figures.load();
  }

  setRange(range: DashboardRange): Promise<void> {
    this.range = range;
    return this.load();
  }

  /** A custom range from the picker; a range that ends before it starts is turned round. */
  setCustomRange(from: string, to: string): Promise<void> {
    const [first, last] = (startOfLocalDay(from) ?? 0) <= (startOfLocalDay(to) ?? 0) ? [from, to] : [to, from];
    this.customFrom = first;
    this.customTo = last;
    this.range = 'custom';
    return this.load();
  }

  setBreakdown(breakdown: BreakdownDimension): Promise<void> {
    this.breakdown = breakdown;
    return this.load();
  }

  toggleView(panel: DashboardPanel): void {
    this.views[panel] = this.views[panel] === 'chart' ? 'table' : 'chart';
  }

  /** A request was recorded: fetch again now, or once the interval since the last fetch is over. */
  liveReload(): void {
    if (this.#pending !== null) return;
    const wait = this.#lastLoadAt + liveReloadIntervalMs - Date.now();
    if (wait <= 0) {
      void this.load();
      return;
    }
    this.#pending = setTimeout(() => {
      this.#pending = null;
      void this.load();
    }, wait);
  }

  cancelPending(): void {
    if (this.#pending !== null) clearTimeout(this.#pending);
    this.#pending = null;
  }
}

export const dashboard = new DashboardState((query) => api.dashboard(query));
