import { AsyncEntry, type EntryOptions } from '@napi-rs/keyring';
import { SecretStoreError, type SecretStore } from './secret-store.js';

export const defaultSecretService = 'Switchyard';

/**
 * Left to itself the library falls back on Linux from the Secret Service to the kernel keyring,
 * which forgets everything at reboot or logout: keys would vanish silently. Pinning the Secret
 * Service makes its absence an error, so openSecretStore can choose the vault file instead.
 * The option is ignored on macOS and Windows.
 */
const entryOptions: EntryOptions = { linux: { store: 'secret-service' } };

function platformKeychainName(): string {
  switch (process.platform) {
    case 'darwin':
      return 'macOS Keychain';
    case 'win32':
      return 'Windows Credential Manager';
    case 'linux':
    case 'freebsd':
      return 'Secret Service';
    default:
      return process.platform;
  }
}

/**
 * The OS keychain, one entry per account under one service name. Tests pass their own service
 * name (`Switchyard-test-<random>`) so they never touch a user's real entries.
 */
export class KeychainSecretStore implements SecretStore {
  readonly backend = 'keychain';
  readonly description = `OS keychain (${platformKeychainName()})`;

  constructor(readonly service: string = defaultSecretService) {}

  get(account: string): Promise<string | null> {
    return this.call('read', account, undefined, (entry) => entry.getPassword());
  }

  async set(account: string, secret: string): Promise<void> {
    await this.call('store', account, secret, (entry) => entry.setPassword(secret));
  }

  async delete(account: string): Promise<void> {
    // Resolves false when there was nothing to delete; a real failure rejects.
    await this.call('delete', account, undefined, (entry) => entry.deleteCredential());
  }

  private async call<T>(
    verb: string,
    account: string,
    secret: string | undefined,
    operation: (entry: AsyncEntry) => Promise<T>,
  ): Promise<T> {
    try {
      // The constructor already talks to the platform store (on Linux it opens a D-Bus session)
      // and throws synchronously when there is none, so it belongs inside the try.
      return await operation(new AsyncEntry(this.service, account, entryOptions));
    } catch (error) {
      throw new SecretStoreError(
        'SECRET_KEYCHAIN_FAILED',
        `OS keychain could not ${verb} "${account}": ${describeKeyringError(error, secret)}`,
      );
    }
  }
}

/**
 * The library's message, without the secret. Its messages describe the platform failure, but a
 * platform may echo what it was given, so the secret is cut out rather than trusted to be absent.
 * The original error is not kept as `cause`, for the same reason.
 */
function describeKeyringError(error: unknown, secret: string | undefined): string {
  const message = error instanceof Error ? error.message : String(error);
  return secret ? message.replaceAll(secret, '[secret]') : message;
}
