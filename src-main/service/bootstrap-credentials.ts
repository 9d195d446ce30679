import { randomBytes } from 'node:crypto';
import type { ClientsRepository } from '../store/clients-repository.js';
import { secretHint } from '../store/secrets/redact-secret.js';
import { adminTokenAccount, clientKeyAccount } from '../store/secrets/secret-accounts.js';
import type { SecretStore } from '../store/secrets/secret-store.js';
import type { SettingsRepository } from '../store/settings-repository.js';
import { generateClientKey, hashClientKey } from './client-directory.js';

export const generatedClientName = 'default';
/**
 * The accounts of credentials made but not yet handed to a person, comma-separated. A start that
 * fails after making them (a port already taken) must not lose them: the next start that succeeds
 * hands them out instead.
 */
const unshownSetting = 'credentials-not-yet-shown';

export interface CredentialsOptions {
  secretStore: SecretStore;
  clients: Pick<ClientsRepository, 'listClients' | 'upsertClient'>;
  settings: SettingsRepository;
  /** `--admin-token`: when given, no token is generated or shown. */
  adminToken: string | null;
}

export interface Credentials {
  adminToken: string;
  /** Whether `adminToken` was generated and has not been shown yet. */
  adminTokenUnshown: boolean;
  /** The generated client key while it has not been shown yet, else null. */
  unshownClientKey: string | null;
  /** Called once a start succeeded and the caller has the unshown credentials to show. */
  markShown(): void;
}

/**
 * The admin token and the `default` client with a generated key: made on the first start, kept in
 * the secret store, and reported as unshown until a start succeeds.
 */
export async function bootstrapCredentials(options: CredentialsOptions): Promise<Credentials> {
  const { secretStore, clients, settings } = options;
  const unshown = new Set((settings.getSetting(unshownSetting) ?? '').split(',').filter((account) => account !== ''));
  // Written before the secret: a crash in between leaves a mark with nothing behind it, never a
  // secret no one will be shown.
  const markUnshown = (account: string) => {
    unshown.add(account);
    settings.setSetting(unshownSetting, [...unshown].join(','));
  };

  let adminToken = options.adminToken;
  if (adminToken === null) {
    adminToken = await secretStore.get(adminTokenAccount);
    if (adminToken === null) {
      adminToken = `sya-${randomBytes(24).toString('base64url')}`;
      markUnshown(adminTokenAccount);
      await secretStore.set(adminTokenAccount, adminToken);
    }
  }
  const adminTokenUnshown = options.adminToken === null && unshown.has(adminTokenAccount);

  const clientAccount = clientKeyAccount(generatedClientName);
  let unshownClientKey: string | null = null;
  if (!clients.listClients().some((client) => client.source === 'generated')) {
    const key = generateClientKey();
    markUnshown(clientAccount);
    await secretStore.set(clientAccount, key);
    clients.upsertClient({ name: generatedClientName, keyHash: hashClientKey(key), keyHint: secretHint(key), source: 'generated' });
    unshownClientKey = key;
  } else if (unshown.has(clientAccount)) {
    unshownClientKey = await secretStore.get(clientAccount);
  }

  return {
    adminToken,
    adminTokenUnshown,
    unshownClientKey,
    markShown() {
      const shown = [...(adminTokenUnshown ? [adminTokenAccount] : []), ...(unshownClientKey === null ? [] : [clientAccount])];
      if (shown.length === 0) return;
      for (const account of shown) unshown.delete(account);
      settings.setSetting(unshownSetting, [...unshown].join(','));
    },
  };
}
