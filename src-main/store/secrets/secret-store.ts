export type SecretBackend = 'keychain' | 'vault' | 'memory';

/**
 * Where the real provider keys, the admin token and client keys live. Accounts are plain paths
 * such as `provider/openai-main/oa-1`, `admin-token` or `client/my-editor`, built by
 * secret-accounts.ts.
 */
export interface SecretStore {
  readonly backend: SecretBackend;
  /** One line for the log and the UI, e.g. "OS keychain (Secret Service)" or "encrypted vault file /x/secrets.vault (no keychain answered: ...)" — never a secret. */
  readonly description: string;
  /** The stored secret, or null when the account has none. Throws when the store cannot be read, never returns a wrong value. */
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  /** Removes the account's secret; removing one that is not there is not an error. */
  delete(account: string): Promise<void>;
}

export type SecretStoreErrorCode =
  | 'SECRET_KEYCHAIN_FAILED'
  | 'SECRET_VAULT_UNREADABLE'
  | 'SECRET_VAULT_WRITE_FAILED'
  | 'SECRET_BACKEND_INVALID';

/** Match on `code`, not on the message. Messages name accounts and files, never a secret. */
export class SecretStoreError extends Error {
  override readonly name = 'SecretStoreError';

  constructor(
    readonly code: SecretStoreErrorCode,
    message: string,
  ) {
    super(message);
  }
}
