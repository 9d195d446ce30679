import { z } from 'zod';
import { moneyAmount, parseBalanceAnswer, type BalanceCurrency, type BalanceFetcher, type BalanceReading } from './balance-reading.js';

/**
 * Moonshot (Kimi), `GET https://api.moonshot.cn/v1/users/me/balance`
 * (https://platform.moonshot.cn/docs/api/balance; the same at api.moonshot.ai,
 * https://platform.moonshot.ai/docs/api/balance): `{ "code": 0, "data": { "available_balance":
 * 49.58894, "voucher_balance": 46.58893, "cash_balance": 3.00001 }, "scode": "0x0", "status": true }`.
 * The answer names no currency: yuan on the .cn platform, dollars on the .ai one. At or below 0
 * the inference API refuses the account.
 */
const moonshotBalanceAnswer = z.object({
  data: z.object({
    available_balance: moneyAmount,
    voucher_balance: moneyAmount.nullish(),
    cash_balance: moneyAmount.nullish(),
  }),
});

export function parseMoonshotBalance(body: unknown, currency: BalanceCurrency): BalanceReading {
  const { data } = parseBalanceAnswer(moonshotBalanceAnswer, body, 'Moonshot');
  return {
    amounts: [{ currency, amount: data.available_balance }],
    raw: { available_balance: data.available_balance, voucher_balance: data.voucher_balance, cash_balance: data.cash_balance },
  };
}

export function moonshotBalanceFetcher(currency: BalanceCurrency, docsUrl: string): BalanceFetcher {
  return {
    docsUrl,
    read: async (get) => parseMoonshotBalance(await get('/v1/users/me/balance'), currency),
  };
}
