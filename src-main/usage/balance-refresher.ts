import type { Dispatcher } from 'undici';
import type { BalanceSource } from '../../src-shared/balance-sources.js';
import { balanceFetchers, balanceSourceFor } from './balances/balance-fetchers.js';
import type { BalanceFetcher } from './balances/balance-reading.js';
import { fetchKeyBalance } from './balances/fetch-key-balance.js';
import type { ProviderEntry } from '../providers/provider-adapter.js';
import type { KeyBalanceRow, KeyBalancesRepository } from '../store/key-balances-repository.js';
import { FetchJsonError } from '../upstream/fetch-json.js';
import { balanceInUsd } from './balance-in-usd.js';
import type { CreditLedger } from './credit-ledger.js';

/** A key's balance as the stats show it. */
export interface KeyBalanceView {
  amount: number;
  currency: string;
  amountUsd: number;
  /** ISO 8601. */
  fetchedAt: string;
}

export type KeyBalanceOutcome =
  | ({ provider: string; key: string; source: BalanceSource; outcome: 'fetched' } & KeyBalanceView)
  | { provider: string; key: string; source: BalanceSource; outcome: 'unlimited' }
  | { provider: string; key: string; source: BalanceSource; outcome: 'failed'; error: string };

export interface BalanceRefreshReport {
  keys: KeyBalanceOutcome[];
}

/** A repeating timer; the default is setInterval, unref'd so it never keeps the process alive. */
export interface RefreshTimer {
  every(intervalMs: number, callback: () => void): { cancel(): void };
}

/**
 * The configured keys and their secrets: what the refresher reads of the route table. Named here by
 * shape, because usage/ sits below routing/ and must not import it.
 */
export interface BalanceKeySet {
  readonly config: { readonly currency: { readonly cnyPerUsd: number } };
  readonly keys: readonly BalanceKey[];
  secretFor(providerId: string, keyId: string): string | undefined;
}

interface BalanceKey {
  readonly provider: ProviderEntry;
  readonly key: { readonly id: string; readonly disabled?: boolean };
}

export interface BalanceRefresherOptions {
  agent: Dispatcher;
  routeTable: () => BalanceKeySet;
  repository: Pick<KeyBalancesRepository, 'saveBalance' | 'deleteBalance' | 'listBalances'>;
  credits: Pick<CreditLedger, 'setCredit' | 'clearCredit'>;
  log: { info(message: string): void; warn(message: string): void };
  /** Default every 15 minutes. */
  intervalMs?: number;
  /** Per balance request. */
  timeoutMs?: number;
  now?: () => number;
  timer?: RefreshTimer;
  fetchers?: Readonly<Record<BalanceSource, BalanceFetcher>>;
}

export const defaultBalanceIntervalMs = 15 * 60_000;
const defaultTimeoutMs = 15_000;

const unrefTimer: RefreshTimer = {
  every(intervalMs, callback) {
    const handle = setInterval(callback, intervalMs);
    handle.unref();
    return { cancel: () => clearInterval(handle) };
  },
};

/**
 * Keeps each key's vendor balance: fetched for every key whose vendor has a balance API, on a
 * schedule and on demand, stored with its time, and handed to the credit ledger as the key's credit
 * as of that time (the ledger then takes off what Switchyard records the key spending since). A
 * failed fetch is logged and leaves the last figure in place; it never throws to its caller.
 */
export class BalanceRefresher {
  private readonly options: BalanceRefresherOptions;
  private readonly now: () => number;
  private readonly fetchers: Readonly<Record<BalanceSource, BalanceFetcher>>;
  private readonly views = new Map<string, KeyBalanceView>();
  private readonly stopping = new AbortController();
  private schedule: { cancel(): void } | null = null;
  private running: Promise<BalanceRefreshReport> | null = null;

  constructor(options: BalanceRefresherOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.fetchers = options.fetchers ?? balanceFetchers;
  }

  /**
   * Hands the stored balances of keys still configured to the ledger, then refreshes now and every
   * interval. Call once the configuration is applied.
   */
  start(): void {
    const configured = new Set(this.options.routeTable().keys.map((entry) => viewKey(entry.provider.config.id, entry.key.id)));
    for (const row of this.options.repository.listBalances()) {
      if (!configured.has(viewKey(row.providerId, row.keyId))) continue;
      this.views.set(viewKey(row.providerId, row.keyId), toView(row));
      this.options.credits.setCredit(row.providerId, row.keyId, row.amountUsd, row.fetchedAt, 'balance');
    }
    this.schedule = (this.options.timer ?? unrefTimer).every(this.options.intervalMs ?? defaultBalanceIntervalMs, () => void this.refreshAll());
    void this.refreshAll();
  }

  /** Stops the schedule and cancels fetches under way. */
  stop(): void {
    this.schedule?.cancel();
    this.schedule = null;
    this.stopping.abort();
  }

  /** The last balance fetched for a key, if any. */
  balanceOf(providerId: string, keyId: string): KeyBalanceView | undefined {
    return this.views.get(viewKey(providerId, keyId));
  }

  /** Fetches every key's balance; a refresh already under way is joined rather than doubled. */
  refreshAll(): Promise<BalanceRefreshReport> {
    this.running ??= this.fetchAll().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async fetchAll(): Promise<BalanceRefreshReport> {
    const table = this.options.routeTable();
    const work: Array<Promise<KeyBalanceOutcome>> = [];
    for (const entry of table.keys) {
      const source = balanceSourceFor(entry.provider.config);
      const secret = table.secretFor(entry.provider.config.id, entry.key.id);
      if (source === null || secret === undefined || entry.key.disabled) continue;
      work.push(this.refreshKey(table, entry, source, secret));
    }
    return { keys: await Promise.all(work) };
  }

  private async refreshKey(table: BalanceKeySet, entry: BalanceKey, source: BalanceSource, secret: string): Promise<KeyBalanceOutcome> {
    const providerId = entry.provider.config.id;
    const keyId = entry.key.id;
    const name = { provider: providerId, key: keyId, source };
    try {
      const reading = await fetchKeyBalance({
        agent: this.options.agent,
        provider: entry.provider,
        secret,
        fetcher: this.fetchers[source],
        timeoutMs: this.options.timeoutMs ?? defaultTimeoutMs,
        signal: this.stopping.signal,
      });
      if (this.stopping.signal.aborted) return { ...name, outcome: 'failed', error: 'stopped' };
      const fetchedAt = this.now();
      if (reading.amounts === null) {
        this.options.repository.deleteBalance(providerId, keyId);
        this.views.delete(viewKey(providerId, keyId));
        this.options.credits.clearCredit(providerId, keyId, 'balance');
        return { ...name, outcome: 'unlimited' };
      }
      const converted = balanceInUsd(reading.amounts, table.config.currency.cnyPerUsd);
      const row: KeyBalanceRow = {
        providerId,
        keyId,
        currency: converted.currency,
        amount: converted.amount,
        amountUsd: converted.amountUsd,
        fetchedAt,
        rawJson: withoutSecret(JSON.stringify(reading.raw), secret),
      };
      this.options.repository.saveBalance(row);
      const view = toView(row);
      this.views.set(viewKey(providerId, keyId), view);
      this.options.credits.setCredit(providerId, keyId, converted.amountUsd, fetchedAt, 'balance');
      return { ...name, outcome: 'fetched', ...view };
    } catch (error) {
      const reason = withoutSecret(describeFailure(error), secret);
      if (!this.stopping.signal.aborted) this.options.log.warn(`balance of key ${providerId}/${keyId} (${source}) not updated: ${reason}`);
      return { ...name, outcome: 'failed', error: reason };
    }
  }
}

function viewKey(providerId: string, keyId: string): string {
  return `${providerId}/${keyId}`;
}

function toView(row: KeyBalanceRow): KeyBalanceView {
  return { amount: row.amount, currency: row.currency, amountUsd: row.amountUsd, fetchedAt: new Date(row.fetchedAt).toISOString() };
}

function describeFailure(error: unknown): string {
  if (error instanceof FetchJsonError && error.code === 'status' && (error.statusCode === 401 || error.statusCode === 403)) {
    return `${error.message}: the balance endpoint refused the key`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** Last line of defence: nothing that names the key goes to the log or the database. */
function withoutSecret(text: string, secret: string): string {
  return secret.length >= 4 ? text.split(secret).join('[key]') : text;
}
