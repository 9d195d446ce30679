import { budgetPeriodStart } from '../usage/budget-period.js';
import type { KeyEntry } from './route-table.js';

/** Where a key's spend and credit are read from: the usage recorder and the credit ledger. */
export interface MoneySources {
  /** Priced spend over all time, or from `sinceMs` (a local day start) on. */
  spentUsd(providerId: string, keyId: string, sinceMs?: number): number;
  /**
   * Credit left by the latest figure (the config's `creditUsd` or a fetched balance) less the spend
   * since it; null when no figure is known. Without this, `creditUsd` less all-time spend is used.
   */
  remainingCreditUsd?(providerId: string, keyId: string): number | null;
  /** The clock budget periods are found with; Date.now unless a test moves time. */
  now?(): number;
}

export interface MoneyLeft {
  /** `budgetUsd` less the spend in the current budget period; null without a budget. */
  budgetUsd: number | null;
  /** Credit left; null when the key has no credit figure. */
  creditUsd: number | null;
}

/** What the key may still spend under each of its limits (negative once a limit is overshot). */
export function moneyLeft(entry: KeyEntry, sources: MoneySources): MoneyLeft {
  const providerId = entry.provider.config.id;
  const { id: keyId, budgetUsd, budgetPeriod, creditUsd } = entry.key;
  let budgetLeft: number | null = null;
  if (budgetUsd !== undefined) {
    const since = budgetPeriodStart(budgetPeriod ?? 'total', (sources.now ?? Date.now)());
    budgetLeft = budgetUsd - sources.spentUsd(providerId, keyId, since);
  }
  let creditLeft = sources.remainingCreditUsd?.(providerId, keyId) ?? null;
  if (creditLeft === null && creditUsd !== undefined) creditLeft = creditUsd - sources.spentUsd(providerId, keyId);
  return { budgetUsd: budgetLeft, creditUsd: creditLeft };
}

/** A key whose budget for the period is spent, or whose credit is used up, is skipped. */
export function isOutOfMoney(left: MoneyLeft): boolean {
  return (left.budgetUsd !== null && left.budgetUsd <= 0) || (left.creditUsd !== null && left.creditUsd <= 0);
}

/** The tighter of the two limits, never below 0; +Infinity for a key with neither (it ranks above any with one). */
export function spendableUsd(left: MoneyLeft): number {
  return Math.max(0, Math.min(left.budgetUsd ?? Number.POSITIVE_INFINITY, left.creditUsd ?? Number.POSITIVE_INFINITY));
}
