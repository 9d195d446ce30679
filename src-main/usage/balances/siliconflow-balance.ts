import { z } from 'zod';
import { moneyAmount, parseBalanceAnswer, type BalanceCurrency, type BalanceFetcher, type BalanceReading } from './balance-reading.js';

/**
 * SiliconFlow, `GET https://api.siliconflow.cn/v1/user/info`
 * (https://docs.siliconflow.cn/cn/api-reference/userinfo/get-user-info; the same at
 * api.siliconflow.com, https://docs.siliconflow.com/en/api-reference/userinfo/get-user-info):
 * `{ "code": 20000, "message": "OK", "status": true, "data": { "id", "name", "image", "email",
 * "isAdmin", "balance": "0.88", "status": "normal", "chargeBalance": "88.00", "totalBalance":
 * "88.88" } }`. `totalBalance` (granted plus charged) is what calls draw on; amounts are decimal
 * strings, yuan on the .cn platform and dollars on the .com one. Name and e-mail are not kept.
 */
const siliconflowUserInfoAnswer = z.object({
  data: z.object({
    totalBalance: moneyAmount,
    balance: moneyAmount.nullish(),
    chargeBalance: moneyAmount.nullish(),
    status: z.string().nullish(),
  }),
});

export function parseSiliconFlowBalance(body: unknown, currency: BalanceCurrency): BalanceReading {
  const { data } = parseBalanceAnswer(siliconflowUserInfoAnswer, body, 'SiliconFlow');
  const raw = (body as { data: Record<string, unknown> }).data;
  return {
    amounts: [{ currency, amount: data.totalBalance }],
    raw: { totalBalance: raw.totalBalance, balance: raw.balance, chargeBalance: raw.chargeBalance, status: raw.status },
  };
}

export function siliconflowBalanceFetcher(currency: BalanceCurrency, docsUrl: string): BalanceFetcher {
  return {
    docsUrl,
    read: async (get) => parseSiliconFlowBalance(await get('/v1/user/info'), currency),
  };
}
