import { createCipheriv, createDecipheriv, randomBytes, scrypt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import { hostname, userInfo } from 'node:os';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { isRecord } from '../../../src-shared/json-record.js';
import { writeFileAtomically } from '../atomic-file.js';
import { privateDirectoryMode } from '../private-files.js';
import { SecretStoreError, type SecretStore } from './secret-store.js';

/**
 * Where the vault key comes from.
 *
 * With SWITCHYARD_VAULT_PASSPHRASE set, the key comes from that. Otherwise it comes from facts of
 * this machine and user that are not stored in the data dir: /etc/machine-id (the host name
 * where there is none) and the OS user name. That protects the file when it is copied elsewhere
 * or read by backup and sync tools, which take the data dir but not those facts. It does not
 * protect against a local attacker running as the same user, who can read the same facts; the
 * OS keychain can, which is why it is preferred and the vault is only the fallback.
 */
export interface VaultPassphrase {
  readonly value: string;
  /** Where the passphrase came from, for messages. Never the passphrase itself. */
  readonly source: string;
  readonly fromEnvironment: boolean;
}

export const vaultPassphraseVariable = 'SWITCHYARD_VAULT_PASSPHRASE';

export function vaultPassphrase(env: NodeJS.ProcessEnv = process.env): VaultPassphrase {
  const configured = env[vaultPassphraseVariable];
  // An empty value is what `VAR= command` leaves behind; it is no passphrase.
  if (configured) return { value: configured, source: vaultPassphraseVariable, fromEnvironment: true };
  const machine = machineIdentity();
  return {
    value: `switchyard-vault\0${machine.id}\0${userName(env)}`,
    source: `${machine.source} and the OS user name`,
    fromEnvironment: false,
  };
}

function machineIdentity(): { id: string; source: string } {
  for (const file of ['/etc/machine-id', '/var/lib/dbus/machine-id']) {
    try {
      const id = readFileSync(file, 'utf8').trim();
      if (id) return { id, source: file };
    } catch {
      // Absent on macOS and Windows and in some containers: the next source serves.
    }
  }
  return { id: hostname(), source: 'the host name' };
}

function userName(env: NodeJS.ProcessEnv): string {
  try {
    return userInfo().username;
  } catch {
    // userInfo throws for a uid without a passwd entry (containers run with an arbitrary uid).
    return String(process.getuid?.() ?? env.USER ?? env.USERNAME ?? '');
  }
}

/** scrypt cost for new vaults: ~32 MiB and well under a second, once per process. */
const newVaultCost = { N: 2 ** 15, r: 8, p: 1 } as const;
const saltBytes = 16;
/** The length GCM is specified for; other lengths are hashed into one, which NIST advises against. */
const ivBytes = 12;
const tagBytes = 16;

const base64Of = (bytes: number) =>
  z.base64().refine((text) => Buffer.from(text, 'base64').length === bytes, `must be ${bytes} bytes`);

const vaultFileSchema = z.strictObject({
  format: z.literal('switchyard-vault'),
  version: z.literal(1),
  kdf: z.strictObject({
    name: z.literal('scrypt'),
    salt: base64Of(saltBytes),
    // Bounded so a tampered header cannot make start-up allocate gigabytes.
    N: z.int().min(2 ** 14).max(2 ** 20).refine((cost) => (cost & (cost - 1)) === 0, 'must be a power of two'),
    r: z.int().min(1).max(16),
    p: z.int().min(1).max(4),
  }),
  cipher: z.literal('aes-256-gcm'),
  iv: base64Of(ivBytes),
  tag: base64Of(tagBytes),
  data: z.base64(),
});

type VaultFile = z.infer<typeof vaultFileSchema>;
type KeyDerivation = VaultFile['kdf'];

/**
 * The header is bound to the ciphertext as additional authenticated data, so a changed header is
 * caught by the same tag check as a changed body.
 */
function headerBinding(kdf: KeyDerivation): Buffer {
  return Buffer.from(JSON.stringify(['switchyard-vault', 1, 'aes-256-gcm', kdf.name, kdf.salt, kdf.N, kdf.r, kdf.p]));
}

function deriveKey(passphrase: string, kdf: KeyDerivation): Promise<Buffer> {
  const { N, r, p } = kdf;
  return new Promise((resolvePromise, reject) => {
    // scrypt needs about 128·N·r bytes; node's default limit of 32 MiB is exactly that for the
    // default cost, which it refuses.
    scrypt(passphrase, Buffer.from(kdf.salt, 'base64'), 32, { N, r, p, maxmem: 256 * N * r * p }, (error, key) =>
      error ? reject(error) : resolvePromise(key),
    );
  });
}

/**
 * Every operation on one vault file waits for the previous one, across all stores opened on that
 * path in this process: two `set` calls must not both read the old file and each write back a
 * copy missing the other's secret.
 */
const pendingByFile = new Map<string, Promise<void>>();

function inTurn<T>(filePath: string, task: () => Promise<T>): Promise<T> {
  const previous = pendingByFile.get(filePath) ?? Promise.resolve();
  const result = previous.then(task);
  const settled = result.then(
    () => undefined,
    () => undefined,
  );
  pendingByFile.set(filePath, settled);
  void settled.then(() => {
    if (pendingByFile.get(filePath) === settled) pendingByFile.delete(filePath);
  });
  return result;
}

export interface VaultSecretStoreOptions {
  filePath: string;
  passphrase: VaultPassphrase;
  /** Why the vault is in use rather than the keychain, for the description. */
  reason?: string;
}

/**
 * An encrypted JSON vault file: AES-256-GCM with a fresh IV per write, the key derived with
 * scrypt from the passphrase and a random salt kept in the file header. The file is re-read on
 * every call, so a vault written by another Switchyard process is seen at once.
 */
export class VaultSecretStore implements SecretStore {
  readonly backend = 'vault';
  readonly description: string;
  readonly filePath: string;
  private readonly passphrase: VaultPassphrase;
  private cachedKey: { derivation: string; key: Promise<Buffer> } | undefined;

  constructor(options: VaultSecretStoreOptions) {
    this.filePath = resolve(options.filePath);
    this.passphrase = options.passphrase;
    this.description = `encrypted vault file ${this.filePath}${options.reason ? ` (${options.reason})` : ''}`;
  }

  get(account: string): Promise<string | null> {
    return inTurn(this.filePath, async () => (await this.read())?.secrets.get(account) ?? null);
  }

  set(account: string, secret: string): Promise<void> {
    return inTurn(this.filePath, async () => {
      const vault = (await this.read()) ?? newVault();
      vault.secrets.set(account, secret);
      await this.write(vault);
    });
  }

  delete(account: string): Promise<void> {
    return inTurn(this.filePath, async () => {
      const vault = await this.read();
      if (vault?.secrets.delete(account)) await this.write(vault);
    });
  }

  /** The vault's contents, or undefined when there is no file yet. */
  private async read(): Promise<OpenVault | undefined> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }

    const header = parseJson(text, vaultFileSchema);
    if (!header) throw this.unreadable('is not a Switchyard vault file or is damaged');

    const decipher = createDecipheriv('aes-256-gcm', await this.keyFor(header.kdf), Buffer.from(header.iv, 'base64'), {
      authTagLength: tagBytes,
    });
    decipher.setAAD(headerBinding(header.kdf));
    decipher.setAuthTag(Buffer.from(header.tag, 'base64'));
    let plaintext: string;
    try {
      plaintext = Buffer.concat([decipher.update(Buffer.from(header.data, 'base64')), decipher.final()]).toString('utf8');
    } catch {
      // GCM cannot tell a wrong key from changed bytes: both fail the tag check, and nothing
      // decrypted is used.
      throw this.unreadable(
        'could not be decrypted: either the passphrase differs from the one it was written with, or the file was changed',
      );
    }

    const secrets = parseSecrets(plaintext);
    if (!secrets) throw this.unreadable('decrypted to something that is not a secret list');
    return { kdf: header.kdf, secrets };
  }

  private async write(vault: OpenVault): Promise<void> {
    const iv = randomBytes(ivBytes);
    const cipher = createCipheriv('aes-256-gcm', await this.keyFor(vault.kdf), iv, { authTagLength: tagBytes });
    cipher.setAAD(headerBinding(vault.kdf));
    const data = Buffer.concat([cipher.update(JSON.stringify({ secrets: Object.fromEntries(vault.secrets) }), 'utf8'), cipher.final()]);
    const file: VaultFile = {
      format: 'switchyard-vault',
      version: 1,
      kdf: vault.kdf,
      cipher: 'aes-256-gcm',
      iv: iv.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64'),
    };
    try {
      await mkdir(dirname(this.filePath), { recursive: true, mode: privateDirectoryMode });
      await writeFileAtomically(this.filePath, `${JSON.stringify(file, null, 2)}\n`);
    } catch (error) {
      throw new SecretStoreError(
        'SECRET_VAULT_WRITE_FAILED',
        `Could not write the secret vault ${this.filePath}: ${(error as Error).message}. The previous vault is unchanged.`,
      );
    }
  }

  /** scrypt is slow on purpose, so the key is derived once per salt and cost. */
  private keyFor(kdf: KeyDerivation): Promise<Buffer> {
    const derivation = JSON.stringify([kdf.salt, kdf.N, kdf.r, kdf.p]);
    if (this.cachedKey?.derivation !== derivation) {
      const key = deriveKey(this.passphrase.value, kdf);
      this.cachedKey = { derivation, key };
      key.catch(() => {
        if (this.cachedKey?.key === key) this.cachedKey = undefined;
      });
    }
    return this.cachedKey.key;
  }

  private unreadable(problem: string): SecretStoreError {
    const passphraseAdvice = this.passphrase.fromEnvironment
      ? `Its key comes from ${vaultPassphraseVariable}: if that has changed since the keys were stored, set it back to the original value.`
      : `${vaultPassphraseVariable} is not set, so its key comes from ${this.passphrase.source}. If the keys were stored with ${vaultPassphraseVariable} set, set it to that original value again; if the file comes from another machine or user, its key cannot be made here.`;
    return new SecretStoreError(
      'SECRET_VAULT_UNREADABLE',
      `The secret vault ${this.filePath} ${problem}. ${passphraseAdvice} Otherwise delete ${this.filePath} and enter the provider keys again.`,
    );
  }
}

interface OpenVault {
  kdf: KeyDerivation;
  secrets: Map<string, string>;
}

function newVault(): OpenVault {
  return {
    kdf: { name: 'scrypt', salt: randomBytes(saltBytes).toString('base64'), ...newVaultCost },
    secrets: new Map(),
  };
}

function parseJson<T>(text: string, schema: z.ZodType<T>): T | undefined {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Read by hand rather than with a record schema: an object built by assignment would turn an
 * account named `__proto__` into a prototype change, where JSON.parse keeps it an own property.
 */
function parseSecrets(text: string): Map<string, string> | undefined {
  let contents: unknown;
  try {
    contents = (JSON.parse(text) as { secrets?: unknown } | null)?.secrets;
  } catch {
    return undefined;
  }
  if (!isRecord(contents)) return undefined;
  const entries = Object.entries(contents);
  if (!entries.every((entry): entry is [string, string] => typeof entry[1] === 'string')) return undefined;
  return new Map(entries);
}
