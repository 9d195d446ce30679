import type { SecretStore } from './secret-store.js';

/** For tests of other modules: forgets everything when the process ends. */
export class MemorySecretStore implements SecretStore {
  readonly backend = 'memory';
  readonly description = 'in-memory secret store (tests only; nothing is kept)';
  private readonly secrets: Map<string, string>;

  constructor(initial: Iterable<readonly [string, string]> = []) {
    this.secrets = new Map(initial);
  }

  async get(account: string): Promise<string | null> {
    return this.secrets.get(account) ?? null;
  }

  async set(account: string, secret: string): Promise<void> {
    this.secrets.set(account, secret);
  }

  async delete(account: string): Promise<void> {
    this.secrets.delete(account);
  }

  /** The accounts that hold a secret, for assertions. */
  accounts(): string[] {
    return [...this.secrets.keys()];
  }
}
