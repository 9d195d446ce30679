import { describe, expect, it } from 'vitest';
import { balanceInUsd } from '../../../src-main/usage/balance-in-usd.js';

describe('balanceInUsd', () => {
  it('keeps dollars as they are', () => {
    expect(balanceInUsd([{ currency: 'USD', amount: 74.5 }], 7.2)).toEqual({ currency: 'USD', amount: 74.5, amountUsd: 74.5 });
  });

  it('divides yuan by the rate, to 1e-10 USD', () => {
    expect(balanceInUsd([{ currency: 'CNY', amount: 0.36 }], 7.2)).toEqual({ currency: 'CNY', amount: 0.36, amountUsd: 0.05 });
    expect(balanceInUsd([{ currency: 'CNY', amount: 110 }], 7.1).amountUsd).toBe(15.4929577465);
  });

  it('adds up an account that holds both currencies, reported in dollars', () => {
    expect(balanceInUsd([{ currency: 'CNY', amount: 7.2 }, { currency: 'USD', amount: 2.5 }], 7.2)).toEqual({ currency: 'USD', amount: 3.5, amountUsd: 3.5 });
  });
});
