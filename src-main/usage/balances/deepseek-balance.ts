import { z } from 'zod';
import {
  BalanceShapeError,
  moneyAmount,
  parseBalanceAnswer,
  type BalanceAmount,
  type BalanceCurrency,
  type BalanceFetcher,
  type BalanceReading,
} from './balance-reading.js';

/**
 * DeepSeek, `GET https://api.deepseek.com/user/balance`
 * (https://api-docs.deepseek.com/api/get-user-balance):
 * `{ "is_available": true, "balance_infos": [{ "currency": "CNY", "total_balance": "110.00",
 * "granted_balance": "10.00", "topped_up_balance": "100.00" }] }`. `currency` is "CNY" or "USD",
 * amounts are decimal strings; `is_available` false means the account cannot call the API now.
 */
const deepseekBalanceAnswer = z.object({
  is_available: z.boolean().nullish(),
  balance_infos: z.array(
    z.object({
      currency: z.string(),
      total_balance: moneyAmount,
      granted_balance: z.unknown().optional(),
      topped_up_balance: z.unknown().optional(),
    }),
  ),
});

const knownCurrencies: readonly string[] = ['CNY', 'USD'] satisfies BalanceCurrency[];

export function parseDeepSeekBalance(body: unknown): BalanceReading {
  const answer = parseBalanceAnswer(deepseekBalanceAnswer, body, 'DeepSeek');
  const amounts: BalanceAmount[] = answer.balance_infos
    .filter((info): info is typeof info & { currency: BalanceCurrency } => knownCurrencies.includes(info.currency))
    .map((info) => ({
      currency: info.currency,
      // Not available is not "unknown": the account is out of usable balance (or blocked), so the
      // key must be skipped whatever the figures say.
      amount: answer.is_available === false ? 0 : info.total_balance,
    }));
  if (amounts.length === 0 && answer.balance_infos.length > 0) {
    throw new BalanceShapeError(`DeepSeek's balance is in ${answer.balance_infos.map((info) => info.currency).join(', ')}, which Switchyard cannot convert`);
  }
  // An account that never topped up may list no balance at all: nothing to spend.
  if (amounts.length === 0) amounts.push({ currency: 'CNY', amount: 0 });
  return { amounts, raw: { is_available: answer.is_available, balance_infos: (body as { balance_infos: unknown }).balance_infos } };
}

export const deepseekBalanceFetcher: BalanceFetcher = {
  docsUrl: 'https://api-docs.deepseek.com/api/get-user-balance',
  read: async (get) => parseDeepSeekBalance(await get('/user/balance')),
};
