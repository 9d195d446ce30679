import { spendKey, spendUnitsPerUsd } from '../store/usage-repository.js';
import { usdToSpendUnits } from './key-spend.js';

/** What the ledger needs of the usage recorder. */
export interface SpendHistory {
  /** The key's priced spend over all time, including requests not yet written; from memory. */
  spentUsd(providerId: string, keyId: string): number;
  /** The key's priced spend from `sinceMs` on, to the millisecond; may read the store. */
  spentSinceUsd(providerId: string, keyId: string, sinceMs: number): number;
}

/** Where a credit figure came from: `creditUsd` in the config, or a balance fetched from the vendor. */
export type CreditSource = 'config' | 'balance';

/** "This key had `usd` of credit left at `asOfMs`." */
export interface CreditMark {
  usd: number;
  asOfMs: number;
  source: CreditSource;
}

interface KeptMark extends CreditMark {
  /** The key's all-time spend, in spend units, that happened before `asOfMs`: already out of `usd`. */
  spentBeforeUnits: number;
}

export interface ConfiguredCredit {
  providerId: string;
  keyId: string;
  usd: number;
  /** When the config first said this figure (kept across restarts while the figure stays). */
  asOfMs: number;
}

/**
 * The credit each key has left: the latest statement of it, from the config or from the vendor's
 * balance, minus what Switchyard recorded the key spending since that statement's time. Spend
 * before it is already out of the figure, so re-applying an unchanged figure (a config reload, a
 * restart) subtracts nothing twice. The newest statement wins: a balance fetched after the config
 * figure was set replaces it, and a figure older than the one held is ignored.
 *
 * Cheap to ask (`remainingCredit` is two map reads); setting a figure may read SQLite once.
 */
export class CreditLedger {
  private readonly marks = new Map<string, KeptMark>();

  constructor(private readonly history: SpendHistory) {}

  /**
   * Records that the key had `usd` left at `asOfMs` (milliseconds since the epoch). Returns false,
   * changing nothing, when the ledger already holds a figure from later than `asOfMs`.
   */
  setCredit(providerId: string, keyId: string, usd: number, asOfMs: number, source: CreditSource = 'balance'): boolean {
    const key = spendKey(providerId, keyId);
    const held = this.marks.get(key);
    if (held !== undefined && held.asOfMs > asOfMs) return false;
    const spentBeforeUnits =
      usdToSpendUnits(this.history.spentUsd(providerId, keyId)) - usdToSpendUnits(this.history.spentSinceUsd(providerId, keyId, asOfMs));
    this.marks.set(key, { usd, asOfMs, source, spentBeforeUnits });
    return true;
  }

  /** Forgets the key's figure (only one from `source`, when given): its credit is unknown again. */
  clearCredit(providerId: string, keyId: string, source?: CreditSource): void {
    const key = spendKey(providerId, keyId);
    if (source === undefined || this.marks.get(key)?.source === source) this.marks.delete(key);
  }

  /**
   * Applies the config's `creditUsd` figures: each is set (unless a newer balance is held), and a
   * config figure for a key no longer listed is forgotten. Fetched balances stay.
   */
  replaceConfigured(credits: readonly ConfiguredCredit[]): void {
    const listed = new Set(credits.map((credit) => spendKey(credit.providerId, credit.keyId)));
    for (const [key, mark] of this.marks) if (mark.source === 'config' && !listed.has(key)) this.marks.delete(key);
    for (const credit of credits) this.setCredit(credit.providerId, credit.keyId, credit.usd, credit.asOfMs, 'config');
  }

  /** USD the key has left (negative once overspent), or null when no figure is known for it. */
  remainingCredit(providerId: string, keyId: string): number | null {
    const mark = this.marks.get(spendKey(providerId, keyId));
    if (mark === undefined) return null;
    const spentSinceUnits = usdToSpendUnits(this.history.spentUsd(providerId, keyId)) - mark.spentBeforeUnits;
    return (usdToSpendUnits(mark.usd) - spentSinceUnits) / spendUnitsPerUsd;
  }

  /**
   * Works out again what each figure's key had spent before it, after the history it was counted
   * from changed ("reset statistics" cleared it): the credit left stays what a restart would find.
   */
  recount(): void {
    for (const [key, mark] of this.marks) {
      const [providerId, keyId] = splitSpendKey(key);
      mark.spentBeforeUnits =
        usdToSpendUnits(this.history.spentUsd(providerId, keyId)) - usdToSpendUnits(this.history.spentSinceUsd(providerId, keyId, mark.asOfMs));
    }
  }

  /** The figure held for the key, for display. */
  markOf(providerId: string, keyId: string): CreditMark | null {
    const mark = this.marks.get(spendKey(providerId, keyId));
    return mark === undefined ? null : { usd: mark.usd, asOfMs: mark.asOfMs, source: mark.source };
  }
}

/** Back from spendKey: ids hold no `/` (see spendKey), so the first one separates them. */
function splitSpendKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
