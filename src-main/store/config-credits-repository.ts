import type { Database } from './database.js';

export interface ConfigCreditInput {
  providerId: string;
  keyId: string;
  creditUsd: number;
}

export interface ConfigCreditRecord extends ConfigCreditInput {
  /** When this figure first appeared in the config, milliseconds since the epoch. */
  setAt: number;
}

/** The config's `creditUsd` figures with the time each was first seen (table `config_credits`). */
export function createConfigCreditsRepository(database: Database) {
  const selectAll = database.prepare<[], { provider_id: string; key_id: string; credit_usd: number; set_at: number }>(
    'SELECT provider_id, key_id, credit_usd, set_at FROM config_credits',
  );
  const deleteAll = database.prepare('DELETE FROM config_credits');
  const insert = database.prepare('INSERT INTO config_credits (provider_id, key_id, credit_usd, set_at) VALUES (?, ?, ?, ?)');

  /**
   * Makes the stored figures the config's and returns them with their times: a figure unchanged
   * since it was stored keeps its time, a new or changed one is stamped `now` (the user wrote down
   * what is left today), and keys without a figure are forgotten.
   */
  const syncConfigCredits = database.transaction((credits: readonly ConfigCreditInput[], now: number): ConfigCreditRecord[] => {
    const previous = new Map(selectAll.all().map((row) => [`${row.provider_id}/${row.key_id}`, row]));
    deleteAll.run();
    return credits.map((credit) => {
      const before = previous.get(`${credit.providerId}/${credit.keyId}`);
      const setAt = before !== undefined && before.credit_usd === credit.creditUsd ? before.set_at : now;
      insert.run(credit.providerId, credit.keyId, credit.creditUsd, setAt);
      return { ...credit, setAt };
    });
  });

  return {
    syncConfigCredits: (credits: readonly ConfigCreditInput[], now: number): ConfigCreditRecord[] => syncConfigCredits(credits, now),
  };
}

export type ConfigCreditsRepository = ReturnType<typeof createConfigCreditsRepository>;
