import { z } from 'zod';
import { FetchJsonError } from '../../upstream/fetch-json.js';
import { moneyAmount, parseBalanceAnswer, type BalanceFetcher, type BalanceReading } from './balance-reading.js';

/**
 * OpenRouter has two figures, both in USD:
 * - `GET https://openrouter.ai/api/v1/key` (https://openrouter.ai/docs/api/api-reference/api-keys/get-current-key):
 *   `{ "data": { "label", "limit": 100, "limit_remaining": 74.5, "limit_reset": "monthly", "usage": 25.5, … } }`,
 *   the credit limit left on this key; `limit_remaining` null means the key has no limit.
 * - `GET https://openrouter.ai/api/v1/credits` (https://openrouter.ai/docs/api/api-reference/credits/get-credits):
 *   `{ "data": { "total_credits": 100.5, "total_usage": 25.75 } }`, the account's credits. OpenRouter
 *   documents it as needing a management key, so an ordinary key's 401/403 there only means that
 *   figure is not known.
 * The key can spend the smaller of the two.
 */
const keyAnswer = z.object({
  data: z.object({
    limit: moneyAmount.nullish(),
    limit_remaining: moneyAmount.nullish(),
    limit_reset: z.string().nullish(),
    usage: moneyAmount.nullish(),
    is_free_tier: z.boolean().nullish(),
  }),
});

const creditsAnswer = z.object({
  data: z.object({ total_credits: moneyAmount, total_usage: moneyAmount }),
});

/** `credits` is null when the key may not read the account's credits. */
export function parseOpenRouterBalance(key: unknown, credits: unknown): BalanceReading {
  const { data } = parseBalanceAnswer(keyAnswer, key, 'OpenRouter');
  const account = credits === null ? null : parseBalanceAnswer(creditsAnswer, credits, 'OpenRouter').data;
  const figures: number[] = [];
  if (data.limit_remaining !== null && data.limit_remaining !== undefined) figures.push(data.limit_remaining);
  if (account) figures.push(account.total_credits - account.total_usage);
  return {
    amounts: figures.length === 0 ? null : [{ currency: 'USD', amount: Math.min(...figures) }],
    // `label` is left out: it is a hint of the key itself (`sk-or-v1-au7...890`).
    raw: {
      key: { limit: data.limit, limit_remaining: data.limit_remaining, limit_reset: data.limit_reset, usage: data.usage, is_free_tier: data.is_free_tier },
      credits: account,
    },
  };
}

export const openrouterBalanceFetcher: BalanceFetcher = {
  docsUrl: 'https://openrouter.ai/docs/api/api-reference/api-keys/get-current-key',
  async read(get) {
    const key = await get('/api/v1/key');
    let credits: unknown = null;
    try {
      credits = await get('/api/v1/credits');
    } catch (error) {
      const notAllowed = error instanceof FetchJsonError && error.code === 'status' && [401, 403, 404].includes(error.statusCode ?? 0);
      if (!notAllowed) throw error;
    }
    return parseOpenRouterBalance(key, credits);
  },
};
