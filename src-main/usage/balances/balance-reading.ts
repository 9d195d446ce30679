import { z } from 'zod';

export type BalanceCurrency = 'USD' | 'CNY';

export interface BalanceAmount {
  currency: BalanceCurrency;
  amount: number;
}

/** What a vendor's balance API said about one key. */
export interface BalanceReading {
  /**
   * What the key may still spend, one entry per currency the vendor keeps a balance in; null when the
   * vendor sets this key no limit (an OpenRouter key without a credit limit on an account whose total
   * the key may not read).
   */
  amounts: BalanceAmount[] | null;
  /**
   * The documented balance fields the figure came from, as the vendor sent them. Only those: the
   * answers also carry account details (e-mail, name) and, at OpenRouter, a hint of the key itself.
   */
  raw: Record<string, unknown>;
}

/** GETs a path on the provider's origin with the key's credentials; throws `FetchJsonError`. */
export type BalanceGet = (path: string) => Promise<unknown>;

export interface BalanceFetcher {
  /** Where the vendor documents the endpoint and its answer. */
  readonly docsUrl: string;
  read(get: BalanceGet): Promise<BalanceReading>;
}

/** A balance answer that is JSON but not in the documented shape. */
export class BalanceShapeError extends Error {
  readonly code = 'unexpected_balance_answer';
  override readonly name = 'BalanceShapeError';
}

/** Parses with a lenient upstream schema; a mismatch names the field, never echoes the body. */
export function parseBalanceAnswer<T>(schema: z.ZodType<T>, body: unknown, vendor: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BalanceShapeError(`${vendor}'s balance answer is not in its documented shape (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`);
  }
  return parsed.data;
}

/** Vendors send money as decimal strings ("110.00") or numbers; both are read, anything else refused. */
export const moneyAmount = z.union([
  z.number().finite(),
  z
    .string()
    .regex(/^\s*-?\d+(\.\d+)?\s*$/, 'expected a decimal amount')
    .transform((text) => Number(text)),
]);
