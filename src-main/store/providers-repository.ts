import type { ProviderType } from '../../src-shared/provider-type.js';
import type { Database } from './database.js';

export interface ProviderKeyInput {
  id: string;
  priority?: number;
  weight?: number;
  budgetUsd?: number;
  creditUsd?: number;
  disabled?: boolean;
  /** A masked form such as `sk-...abcd`; the secret itself never reaches SQLite. */
  secretHint: string;
}

export interface ProviderInput {
  id: string;
  type: ProviderType;
  baseUrl: string;
  /** Absent when the config leaves the model list to be fetched from the provider. */
  models?: string[];
  keys: ProviderKeyInput[];
}

export interface ProviderKeyRecord {
  id: string;
  priority: number | null;
  weight: number | null;
  budgetUsd: number | null;
  creditUsd: number | null;
  disabled: boolean;
  disabledReason: string | null;
  secretHint: string;
}

export interface ProviderRecord {
  id: string;
  type: ProviderType;
  baseUrl: string;
  models: string[] | null;
  updatedAt: number;
  keys: ProviderKeyRecord[];
}

/**
 * The reason stored for a key the config file itself disables, so a later sync can tell it from a
 * key the gateway disabled at run time (which must outlive the sync).
 */
export const disabledInConfigReason = 'disabled in config';

interface ProviderRow {
  id: string;
  type: string;
  base_url: string;
  models_json: string | null;
  updated_at: number;
}

interface ProviderKeyRow {
  provider_id: string;
  key_id: string;
  priority: number | null;
  weight: number | null;
  budget_usd: number | null;
  credit_usd: number | null;
  disabled: number;
  disabled_reason: string | null;
  secret_hint: string;
}

export function createProvidersRepository(database: Database, now: () => number = Date.now) {
  const selectProviders = database.prepare<[], ProviderRow>('SELECT * FROM providers ORDER BY rowid');
  const selectKeys = database.prepare<[], ProviderKeyRow>('SELECT * FROM provider_keys ORDER BY rowid');
  const deleteProviders = database.prepare('DELETE FROM providers');
  const insertProvider = database.prepare(
    'INSERT INTO providers (id, type, base_url, models_json, updated_at) VALUES (?, ?, ?, ?, ?)',
  );
  const insertKey = database.prepare(`
    INSERT INTO provider_keys
      (provider_id, key_id, priority, weight, budget_usd, credit_usd, disabled, disabled_reason, secret_hint)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const updateDisabled = database.prepare(
    'UPDATE provider_keys SET disabled = ?, disabled_reason = ? WHERE provider_id = ? AND key_id = ?',
  );

  /**
   * Makes the stored providers exactly the config's: providers and keys no longer listed go.
   * A key the gateway disabled at run time (a 401, say) stays disabled while its secret is the
   * same, since re-applying the config does not make a revoked key work again; a new secret
   * (seen as a new hint) clears it.
   */
  const syncProviders = database.transaction((providers: readonly ProviderInput[]) => {
    const previous = new Map(selectKeys.all().map((row) => [`${row.provider_id}/${row.key_id}`, row]));
    // Rewritten in config order, so rowid order is config order for listProviders.
    deleteProviders.run();
    const time = now();
    for (const provider of providers) {
      insertProvider.run(
        provider.id,
        provider.type,
        provider.baseUrl,
        provider.models === undefined ? null : JSON.stringify(provider.models),
        time,
      );
      for (const key of provider.keys) {
        const before = previous.get(`${provider.id}/${key.id}`);
        const keptRuntimeDisable =
          before !== undefined &&
          before.disabled === 1 &&
          before.disabled_reason !== disabledInConfigReason &&
          before.secret_hint === key.secretHint;
        const disabledReason = key.disabled
          ? disabledInConfigReason
          : keptRuntimeDisable
            ? before.disabled_reason
            : null;
        insertKey.run(
          provider.id,
          key.id,
          key.priority ?? null,
          key.weight ?? null,
          key.budgetUsd ?? null,
          key.creditUsd ?? null,
          key.disabled || keptRuntimeDisable ? 1 : 0,
          disabledReason,
          key.secretHint,
        );
      }
    }
  });

  function listProviders(): ProviderRecord[] {
    const keysByProvider = new Map<string, ProviderKeyRecord[]>();
    for (const row of selectKeys.all()) {
      const keys = keysByProvider.get(row.provider_id) ?? [];
      keys.push({
        id: row.key_id,
        priority: row.priority,
        weight: row.weight,
        budgetUsd: row.budget_usd,
        creditUsd: row.credit_usd,
        disabled: row.disabled === 1,
        disabledReason: row.disabled_reason,
        secretHint: row.secret_hint,
      });
      keysByProvider.set(row.provider_id, keys);
    }
    return selectProviders.all().map((row) => ({
      id: row.id,
      type: row.type as ProviderType,
      baseUrl: row.base_url,
      models: row.models_json === null ? null : (JSON.parse(row.models_json) as string[]),
      updatedAt: row.updated_at,
      keys: keysByProvider.get(row.id) ?? [],
    }));
  }

  /**
   * Disables a key with a reason shown in the UI, or re-enables it when `reason` is null.
   * Returns false when no such key is stored.
   */
  function setKeyDisabled(providerId: string, keyId: string, reason: string | null): boolean {
    const result = updateDisabled.run(reason === null ? 0 : 1, reason, providerId, keyId);
    return result.changes > 0;
  }

  return { syncProviders: (providers: readonly ProviderInput[]) => syncProviders(providers), listProviders, setKeyDisabled };
}

export type ProvidersRepository = ReturnType<typeof createProvidersRepository>;
