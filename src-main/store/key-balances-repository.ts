import type { Database } from './database.js';

/** The last balance a vendor reported for one key. */
export interface KeyBalanceRow {
  providerId: string;
  keyId: string;
  /** `USD` or `CNY`, as the vendor keeps it. */
  currency: string;
  amount: number;
  amountUsd: number;
  /** Epoch milliseconds. */
  fetchedAt: number;
  /** The documented balance fields of the vendor's answer, as JSON. */
  rawJson: string;
}

export function createKeyBalancesRepository(database: Database) {
  const upsert = database.prepare<[KeyBalanceRow]>(`
    INSERT INTO key_balances (provider_id, key_id, currency, amount, amount_usd, fetched_at, raw_json)
    VALUES (@providerId, @keyId, @currency, @amount, @amountUsd, @fetchedAt, @rawJson)
    ON CONFLICT (provider_id, key_id) DO UPDATE SET
      currency = excluded.currency, amount = excluded.amount, amount_usd = excluded.amount_usd,
      fetched_at = excluded.fetched_at, raw_json = excluded.raw_json`);
  const remove = database.prepare<[string, string]>('DELETE FROM key_balances WHERE provider_id = ? AND key_id = ?');
  const selectAll = database.prepare<[], KeyBalanceRow>(`
    SELECT provider_id AS providerId, key_id AS keyId, currency, amount, amount_usd AS amountUsd,
      fetched_at AS fetchedAt, raw_json AS rawJson
    FROM key_balances ORDER BY provider_id, key_id`);

  return {
    saveBalance: (row: KeyBalanceRow): void => void upsert.run(row),
    /** For a key whose vendor now reports no limit: an old figure must not keep limiting it. */
    deleteBalance: (providerId: string, keyId: string): void => void remove.run(providerId, keyId),
    listBalances: (): KeyBalanceRow[] => selectAll.all(),
  };
}

export type KeyBalancesRepository = ReturnType<typeof createKeyBalancesRepository>;
