import type { ControlCallError } from '../../src-shared/control/rpc.js';
import type { RequestDetail, RequestLogRow } from '../../src-shared/control/usage-api.js';
import { api } from '../lib/api.js';
import { emptyLogFilters, filtersFromHash, filtersToQuery, filtersToSearch, rowMatchesFilters, type LogFilters } from '../lib/log-filters.js';
import { asControlError } from './resource.svelte.js';

/**
 * The request log page: the filters (mirrored in the URL hash), the rows loaded so far page by
 * page (cursor `before`), the total, the newest requests as they happen, and the open detail.
 */
export class RequestLog {
  filters = $state<LogFilters>({ ...emptyLogFilters });
  rows = $state<RequestLogRow[]>([]);
  total = $state(0);
  nextBefore = $state<number | null>(null);
  /** False until the first page answers, so the empty state is not shown before it. */
  loaded = $state(false);
  loading = $state(false);
  loadingMore = $state(false);
  error = $state<ControlCallError | null>(null);
  detail = $state<RequestDetail | null>(null);
  detailId = $state<number | null>(null);
  detailError = $state<ControlCallError | null>(null);
  #generation = 0;
  #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  /** Takes the filters from the URL (a reload, a bookmark) and loads the first page. */
  async open(hash: string = window.location.hash): Promise<void> {
    this.filters = filtersFromHash(hash);
    await this.load();
  }

  /** New filters: written to the hash (replacing, so Back leaves the page) and the first page loaded anew. */
  async applyFilters(next: Partial<LogFilters>): Promise<void> {
    this.filters = { ...this.filters, ...next };
    const search = filtersToSearch(this.filters);
    history.replaceState(history.state, '', `#/log${search === '' ? '' : `?${search}`}`);
    await this.load();
  }

  async clearFilters(): Promise<void> {
    await this.applyFilters({ ...emptyLogFilters });
  }

  async load(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      const page = await api.requestLog(filtersToQuery(this.filters, this.#now()));
      if (generation !== this.#generation) return;
      this.rows = page.rows;
      this.total = page.total;
      this.nextBefore = page.nextBefore;
      this.error = null;
      this.loaded = true;
    } catch (error) {
      if (generation === this.#generation) this.error = asControlError(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** The next (older) page, appended; a filter change meanwhile discards it. */
  async loadMore(): Promise<void> {
    if (this.nextBefore === null || this.loadingMore) return;
    const generation = this.#generation;
    this.loadingMore = true;
    try {
      const page = await api.requestLog(filtersToQuery(this.filters, this.#now(), this.nextBefore));
      if (generation !== this.#generation) return;
      const known = new Set(this.rows.map((row) => row.id));
      this.rows = [...this.rows, ...page.rows.filter((row) => !known.has(row.id))];
      this.nextBefore = page.nextBefore;
      this.total = page.total;
      this.error = null;
    } catch (error) {
      if (generation === this.#generation) this.error = asControlError(error);
    } finally {
      this.loadingMore = false;
    }
  }

  /**
   * Requests that finished since the page loaded (live.recentRequests, newest first): those the
   * filters let through and the page does not have yet go on top.
   */
  receive(recent: readonly RequestLogRow[]): void {
    if (!this.loaded) return;
    const newestShown = this.rows[0]?.id ?? 0;
    const fresh = recent.filter((row) => row.id > newestShown && rowMatchesFilters(row, this.filters, this.#now()));
    if (fresh.length === 0) return;
    this.rows = [...fresh, ...this.rows];
    this.total += fresh.length;
  }

  async openDetail(id: number): Promise<void> {
    this.detailId = id;
    this.detail = null;
    this.detailError = null;
    try {
      const detail = await api.requestDetail({ id });
      if (this.detailId === id) this.detail = detail;
    } catch (error) {
      if (this.detailId === id) this.detailError = asControlError(error);
    }
  }

  closeDetail(): void {
    this.detailId = null;
    this.detail = null;
    this.detailError = null;
  }
}

export const requestLog = new RequestLog();
