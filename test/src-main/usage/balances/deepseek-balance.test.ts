import { describe, expect, it } from 'vitest';
import { BalanceShapeError } from '../../../../src-main/usage/balances/balance-reading.js';
import { deepseekBalanceFetcher, parseDeepSeekBalance } from '../../../../src-main/usage/balances/deepseek-balance.js';
import { readFixture } from './read-fixture.js';

describe('parseDeepSeekBalance', () => {
  it("reads the documented answer's total balance, in its currency", () => {
    const reading = parseDeepSeekBalance(readFixture('deepseek-user-balance'));
    expect(reading.amounts).toEqual([{ currency: 'CNY', amount: 110 }]);
    expect(reading.raw).toEqual({
      is_available: true,
      balance_infos: [{ currency: 'CNY', total_balance: '110.00', granted_balance: '10.00', topped_up_balance: '100.00' }],
    });
  });

  it('keeps each currency of an account that holds both', () => {
    const body = readFixture('deepseek-user-balance');
    body.balance_infos = [
      { currency: 'CNY', total_balance: '7.10', granted_balance: '0.00', topped_up_balance: '7.10' },
      { currency: 'USD', total_balance: '2.50', granted_balance: '0.00', topped_up_balance: '2.50' },
    ];
    expect(parseDeepSeekBalance(body).amounts).toEqual([
      { currency: 'CNY', amount: 7.1 },
      { currency: 'USD', amount: 2.5 },
    ]);
  });

  it('reads is_available false as nothing left to spend, whatever the figures', () => {
    const body = { ...readFixture('deepseek-user-balance'), is_available: false };
    expect(parseDeepSeekBalance(body).amounts).toEqual([{ currency: 'CNY', amount: 0 }]);
  });

  it('reads an account with no balance entries as empty', () => {
    expect(parseDeepSeekBalance({ is_available: false, balance_infos: [] }).amounts).toEqual([{ currency: 'CNY', amount: 0 }]);
  });

  it('refuses answers that are not the documented shape, naming the field', () => {
    expect(() => parseDeepSeekBalance({ error: { message: 'Authentication Fails' } })).toThrow(BalanceShapeError);
    expect(() => parseDeepSeekBalance({ balance_infos: [{ currency: 'CNY', total_balance: 'lots' }] })).toThrow(/balance_infos\.0\.total_balance/);
    expect(() => parseDeepSeekBalance({ balance_infos: [{ currency: 'EUR', total_balance: '1.00' }] })).toThrow(/EUR/);
  });

  it('asks /user/balance on the provider origin', async () => {
    const paths: string[] = [];
    const reading = await deepseekBalanceFetcher.read(async (path) => {
      paths.push(path);
      return readFixture('deepseek-user-balance');
    });
    expect(paths).toEqual(['/user/balance']);
    expect(reading.amounts).toEqual([{ currency: 'CNY', amount: 110 }]);
  });
});
