import { randomBytes } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultSecretService, KeychainSecretStore } from './keychain-secret-store.js';
import { SecretStoreError, type SecretStore } from './secret-store.js';
import { vaultPassphrase, VaultSecretStore } from './vault-secret-store.js';

export type PreferredSecretBackend = 'auto' | 'keychain' | 'vault';

export const secretBackendVariable = 'SWITCHYARD_SECRET_BACKEND';
export const vaultFileName = 'secrets.vault';

/** A locked or hung Secret Service must not hold up start-up longer than this. */
const defaultProbeTimeoutMs = 3_000;
/** A fixed account, so a probe that finishes after its timeout overwrites the last one rather than adding entries. */
const probeAccount = 'keychain-probe';

export interface OpenSecretStoreOptions {
  dataDir: string;
  /** The keychain service name; tests use their own so they never touch a user's entries. */
  service?: string;
  preferred?: PreferredSecretBackend;
  log: (level: 'info' | 'warn', message: string) => void;
  env?: NodeJS.ProcessEnv;
  /** Tests inject a keychain that fails or hangs; the default is the OS keychain. */
  openKeychain?: (service: string) => SecretStore;
  probeTimeoutMs?: number;
}

/**
 * The OS keychain when one answers a real round trip, otherwise the encrypted vault file at
 * `<dataDir>/secrets.vault`, with a warning that says why. SWITCHYARD_SECRET_BACKEND overrides
 * `preferred`; a keychain asked for explicitly that does not answer is an error, not a fallback.
 */
export async function openSecretStore(options: OpenSecretStoreOptions): Promise<SecretStore> {
  const env = options.env ?? process.env;
  const choice = chooseBackend(env, options.preferred ?? 'auto');
  const vaultPath = join(options.dataDir, vaultFileName);

  if (choice.backend === 'vault') {
    const vault = new VaultSecretStore({ filePath: vaultPath, passphrase: vaultPassphrase(env), reason: `chosen by ${choice.by}` });
    options.log('info', `Secrets are kept in the ${vault.description}.`);
    return vault;
  }

  const service = options.service ?? defaultSecretService;
  const keychain = (options.openKeychain ?? ((name: string) => new KeychainSecretStore(name)))(service);
  const failure = await probeKeychain(keychain, options.probeTimeoutMs ?? defaultProbeTimeoutMs);

  if (failure === undefined) {
    options.log('info', `Secrets are kept in the ${keychain.description}.`);
    if (await fileExists(vaultPath)) {
      options.log(
        'warn',
        `A secret vault file ${vaultPath} exists, but the keychain is in use, so the secrets in that file are not read. ` +
          `Set ${secretBackendVariable}=vault to use the vault file instead.`,
      );
    }
    return keychain;
  }

  if (choice.backend === 'keychain') {
    throw new SecretStoreError('SECRET_KEYCHAIN_FAILED', `${choice.by} asks for the OS keychain, but it did not answer: ${failure}`);
  }

  const passphrase = vaultPassphrase(env);
  const vault = new VaultSecretStore({ filePath: vaultPath, passphrase, reason: `no keychain answered: ${failure}` });
  options.log(
    'warn',
    `No OS keychain answered (${failure}). Secrets are kept in the encrypted vault file ${vaultPath} instead, ` +
      `its key derived from ${passphrase.source}.`,
  );
  return vault;
}

interface BackendChoice {
  backend: PreferredSecretBackend;
  /** What made the choice, for messages. */
  by: string;
}

function chooseBackend(env: NodeJS.ProcessEnv, preferred: PreferredSecretBackend): BackendChoice {
  const configured = env[secretBackendVariable];
  if (!configured) return { backend: preferred, by: `the "${preferred}" secret backend setting` };
  if (configured === 'auto' || configured === 'keychain' || configured === 'vault') {
    return { backend: configured, by: `${secretBackendVariable}=${configured}` };
  }
  // Refused rather than ignored: a typo must not quietly put the keys somewhere else.
  throw new SecretStoreError(
    'SECRET_BACKEND_INVALID',
    `${secretBackendVariable} is "${configured}"; it must be "keychain", "vault" or "auto" (or unset).`,
  );
}

/**
 * A real set, get and delete, because a keychain can exist and still fail: a Secret Service with
 * no default collection, or a locked one whose unlock prompt no one can answer on a server.
 * Resolves the reason it failed, or undefined when it works. The timeout cannot cut short the
 * library's synchronous D-Bus connect on Linux, but that gives up by itself after about 2 s.
 */
async function probeKeychain(keychain: SecretStore, timeoutMs: number): Promise<string | undefined> {
  const value = `probe-${randomBytes(8).toString('hex')}`;
  const attempt = (async () => {
    await keychain.set(probeAccount, value);
    const readBack = await keychain.get(probeAccount);
    await keychain.delete(probeAccount);
    if (readBack !== value) throw new Error('the keychain stored a probe entry but read back something else');
  })();
  // The attempt may still fail after the timeout has decided; that must not be an unhandled rejection.
  attempt.catch(() => undefined);

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the keychain did not answer within ${timeoutMs / 1000} s; a locked or hung Secret Service?`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([attempt, timeout]);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    clearTimeout(timer);
  }
}

async function fileExists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
