import { describe, expect, it } from 'vitest';
import { CreditLedger, type SpendHistory } from '../../../src-main/usage/credit-ledger.js';

/** Spend as a list of (time, cost) per key, as the usage recorder would answer for it. */
class FakeHistory implements SpendHistory {
  readonly events: Array<{ providerId: string; keyId: string; time: number; usd: number }> = [];
  spend(keyId: string, time: number, usd: number, providerId = 'p'): void {
    this.events.push({ providerId, keyId, time, usd });
  }
  spentUsd(providerId: string, keyId: string): number {
    return this.matching(providerId, keyId, Number.NEGATIVE_INFINITY);
  }
  spentSinceUsd(providerId: string, keyId: string, sinceMs: number): number {
    return this.matching(providerId, keyId, sinceMs);
  }
  private matching(providerId: string, keyId: string, since: number): number {
    return this.events.filter((event) => event.providerId === providerId && event.keyId === keyId && event.time >= since).reduce((sum, event) => sum + event.usd, 0);
  }
}

describe('CreditLedger', () => {
  it('knows no credit for a key without a figure', () => {
    expect(new CreditLedger(new FakeHistory()).remainingCredit('p', 'k')).toBeNull();
  });

  it('subtracts only the spend after the figure’s time, including spend recorded later', () => {
    const history = new FakeHistory();
    history.spend('k', 100, 3); // before the figure: already out of it
    const ledger = new CreditLedger(history);
    ledger.setCredit('p', 'k', 10, 200);
    expect(ledger.remainingCredit('p', 'k')).toBe(10);
    history.spend('k', 250, 1.25);
    history.spend('k', 300, 0.5);
    expect(ledger.remainingCredit('p', 'k')).toBe(8.25);
    history.spend('k', 400, 9);
    expect(ledger.remainingCredit('p', 'k')).toBe(-0.75);
  });

  it('counts spend between a balance’s time and the moment it is handed over', () => {
    const history = new FakeHistory();
    history.spend('k', 1_000, 0.4); // after the vendor's figure was taken at 900, before it arrived
    const ledger = new CreditLedger(history);
    ledger.setCredit('p', 'k', 5, 900, 'balance');
    expect(ledger.remainingCredit('p', 'k')).toBe(4.6);
  });

  it('keeps the newest figure: an older one changes nothing', () => {
    const history = new FakeHistory();
    const ledger = new CreditLedger(history);
    expect(ledger.setCredit('p', 'k', 5, 500, 'balance')).toBe(true);
    expect(ledger.setCredit('p', 'k', 20, 100, 'config')).toBe(false);
    expect(ledger.markOf('p', 'k')).toEqual({ usd: 5, asOfMs: 500, source: 'balance' });
    expect(ledger.setCredit('p', 'k', 4, 600, 'balance')).toBe(true);
    expect(ledger.remainingCredit('p', 'k')).toBe(4);
  });

  it('re-applying the same config figure subtracts nothing twice', () => {
    const history = new FakeHistory();
    const ledger = new CreditLedger(history);
    ledger.replaceConfigured([{ providerId: 'p', keyId: 'k', usd: 10, asOfMs: 100 }]);
    history.spend('k', 150, 2);
    ledger.replaceConfigured([{ providerId: 'p', keyId: 'k', usd: 10, asOfMs: 100 }]);
    expect(ledger.remainingCredit('p', 'k')).toBe(8);
  });

  it('forgets config figures no longer configured, but keeps fetched balances', () => {
    const history = new FakeHistory();
    const ledger = new CreditLedger(history);
    ledger.replaceConfigured([
      { providerId: 'p', keyId: 'configured', usd: 1, asOfMs: 10 },
      { providerId: 'p', keyId: 'fetched', usd: 1, asOfMs: 10 },
    ]);
    ledger.setCredit('p', 'fetched', 3, 20, 'balance');
    ledger.replaceConfigured([]);
    expect(ledger.remainingCredit('p', 'configured')).toBeNull();
    expect(ledger.remainingCredit('p', 'fetched')).toBe(3);
    // A balance older than the config figure loses to it; a newer config figure wins over a balance.
    ledger.replaceConfigured([{ providerId: 'p', keyId: 'fetched', usd: 9, asOfMs: 30 }]);
    expect(ledger.markOf('p', 'fetched')?.source).toBe('config');
    ledger.clearCredit('p', 'fetched', 'balance');
    expect(ledger.remainingCredit('p', 'fetched')).toBe(9);
    ledger.clearCredit('p', 'fetched');
    expect(ledger.remainingCredit('p', 'fetched')).toBeNull();
  });

  it('subtracts exactly, without float drift', () => {
    const history = new FakeHistory();
    const ledger = new CreditLedger(history);
    ledger.setCredit('p', 'k', 0.3, 0);
    history.spend('k', 1, 0.1);
    history.spend('k', 2, 0.1);
    expect(ledger.remainingCredit('p', 'k')).toBe(0.1);
  });
});
