import { describe, expect, it } from 'vitest';
import { parseSiliconFlowBalance, siliconflowBalanceFetcher } from '../../../../src-main/usage/balances/siliconflow-balance.js';
import { readFixture } from './read-fixture.js';

describe('parseSiliconFlowBalance', () => {
  it("reads the documented answer's totalBalance, a decimal string", () => {
    const reading = parseSiliconFlowBalance(readFixture('siliconflow-user-info'), 'CNY');
    expect(reading.amounts).toEqual([{ currency: 'CNY', amount: 88.88 }]);
  });

  it('keeps only the balance fields: no name, e-mail or avatar', () => {
    const reading = parseSiliconFlowBalance(readFixture('siliconflow-user-info'), 'CNY');
    expect(reading.raw).toEqual({ totalBalance: '88.88', balance: '0.88', chargeBalance: '88.00', status: 'normal' });
    expect(JSON.stringify(reading.raw)).not.toMatch(/email|username|avatar/);
  });

  it('refuses an answer without data.totalBalance', () => {
    expect(() => parseSiliconFlowBalance({ code: 20000, data: { balance: '1.00' } }, 'USD')).toThrow(/data\.totalBalance/);
    expect(() => parseSiliconFlowBalance('Unauthorized', 'USD')).toThrow(/documented shape/);
  });

  it('asks /v1/user/info, and the region decides the currency', async () => {
    const paths: string[] = [];
    const reading = await siliconflowBalanceFetcher('USD', 'x').read(async (path) => {
      paths.push(path);
      return readFixture('siliconflow-user-info');
    });
    expect(paths).toEqual(['/v1/user/info']);
    expect(reading.amounts).toEqual([{ currency: 'USD', amount: 88.88 }]);
  });
});
