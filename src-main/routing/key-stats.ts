import type { StatsSummary } from '../../src-shared/stats.js';
import type { KeyBalanceView } from '../usage/balance-refresher.js';
import { roundUsd } from '../usage/usd-amount.js';
import type { KeyBreaker } from './key-breaker.js';
import type { KeyHealth } from './key-health.js';
import { moneyLeft, spendableUsd, type MoneySources } from './key-money.js';
import { keyStatusFields } from './key-status.js';
import { keyName, type KeyEntry } from './route-table.js';

export interface KeyStatsSources {
  keys: readonly KeyEntry[];
  money: MoneySources;
  health: KeyHealth;
  breaker: KeyBreaker;
  balanceOf(providerId: string, keyId: string): KeyBalanceView | undefined;
}

/**
 * Completes the summary's key rows with what routing knows: every configured key gets a row, used in
 * the window or not, since a key that is disabled, cooling down or out of credit must show as such
 * even while nothing is sent to it; each row gets the money routing skips the key by, its status and
 * its fetched balance.
 */
export function addKeyStates(summary: StatsSummary, sources: KeyStatsSources): StatsSummary {
  const entries = new Map(sources.keys.map((entry) => [keyName(entry), entry]));
  const listed = new Set(summary.byKey.map((row) => `${row.provider}/${row.key}`));
  for (const [id, entry] of entries) {
    if (!listed.has(id)) summary.byKey.push({ provider: entry.provider.config.id, key: entry.key.id, requests: 0, costUsd: 0, remainingUsd: null });
  }
  for (const row of summary.byKey) {
    const entry = entries.get(`${row.provider}/${row.key}`);
    const left = entry === undefined ? null : moneyLeft(entry, sources.money);
    // The same figures routing skips keys by: the budget left this period, the credit left. A budget
    // less spend is a difference of doubles, so it is rounded as every amount the API answers is.
    if (left !== null && (left.budgetUsd !== null || left.creditUsd !== null)) row.remainingUsd = roundUsd(spendableUsd(left));
    Object.assign(row, keyStatusFields(row.provider, row.key, entry?.key, sources.health, sources.breaker));
    const balance = sources.balanceOf(row.provider, row.key);
    if (balance) row.balance = balance;
  }
  return summary;
}
