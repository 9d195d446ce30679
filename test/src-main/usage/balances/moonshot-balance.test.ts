import { describe, expect, it } from 'vitest';
import { moonshotBalanceFetcher, parseMoonshotBalance } from '../../../../src-main/usage/balances/moonshot-balance.js';
import { readFixture } from './read-fixture.js';

describe('parseMoonshotBalance', () => {
  it("reads the documented answer's available balance in the platform's currency", () => {
    const reading = parseMoonshotBalance(readFixture('moonshot-users-me-balance'), 'CNY');
    expect(reading.amounts).toEqual([{ currency: 'CNY', amount: 49.58894 }]);
    expect(reading.raw).toEqual({ available_balance: 49.58894, voucher_balance: 46.58893, cash_balance: 3.00001 });
    expect(parseMoonshotBalance(readFixture('moonshot-users-me-balance'), 'USD').amounts).toEqual([{ currency: 'USD', amount: 49.58894 }]);
  });

  it('keeps a balance at or below zero as it is (the API refuses the account then)', () => {
    const body = { code: 0, data: { available_balance: -1.5, voucher_balance: 0, cash_balance: -1.5 }, scode: '0x0', status: true };
    expect(parseMoonshotBalance(body, 'CNY').amounts).toEqual([{ currency: 'CNY', amount: -1.5 }]);
  });

  it('refuses an answer without data.available_balance', () => {
    expect(() => parseMoonshotBalance({ error: { message: 'Invalid Authentication', type: 'invalid_authentication_error' } }, 'CNY')).toThrow(
      /Moonshot's balance answer is not in its documented shape \(data:/,
    );
  });

  it('asks /v1/users/me/balance, and the region decides the currency', async () => {
    const paths: string[] = [];
    const get = async (path: string) => {
      paths.push(path);
      return readFixture('moonshot-users-me-balance');
    };
    expect((await moonshotBalanceFetcher('CNY', 'x').read(get)).amounts?.[0]?.currency).toBe('CNY');
    expect((await moonshotBalanceFetcher('USD', 'x').read(get)).amounts?.[0]?.currency).toBe('USD');
    expect(paths).toEqual(['/v1/users/me/balance', '/v1/users/me/balance']);
  });
});
