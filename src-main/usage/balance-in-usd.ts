import type { BalanceAmount, BalanceCurrency } from './balances/balance-reading.js';

export interface BalanceInUsd {
  /** The vendor's currency, or USD when it keeps balances in more than one. */
  currency: BalanceCurrency;
  /** In `currency`. */
  amount: number;
  amountUsd: number;
}

/** Converted figures are kept to 1e-10 USD, the unit spend is counted in. */
const usdPrecision = 1e10;

/**
 * A balance as USD credit: yuan divided by `cnyPerUsd`, each currency's balance added up (a DeepSeek
 * account may hold both, and calls draw on either).
 */
export function balanceInUsd(amounts: readonly BalanceAmount[], cnyPerUsd: number): BalanceInUsd {
  const usd = amounts.reduce((sum, entry) => sum + toUsd(entry, cnyPerUsd), 0);
  const amountUsd = Math.round(usd * usdPrecision) / usdPrecision;
  const only = amounts.length === 1 ? amounts[0]! : null;
  return only ? { currency: only.currency, amount: only.amount, amountUsd } : { currency: 'USD', amount: amountUsd, amountUsd };
}

function toUsd(entry: BalanceAmount, cnyPerUsd: number): number {
  switch (entry.currency) {
    case 'USD':
      return entry.amount;
    case 'CNY':
      return entry.amount / cnyPerUsd;
    default: {
      const _exhaustive: never = entry.currency;
      return _exhaustive;
    }
  }
}
