import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { vaultPassphrase, VaultSecretStore } from '../../../../src-main/store/secrets/vault-secret-store.js';

// Lets one test make the final rename fail, as a crash or a full disk would.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, rename: vi.fn(actual.rename) };
});

const account = 'provider/openai-main/oa-1';
const secret = 'sk-proj-PLAINTEXT-canary-0123456789abcdef';

describe('VaultSecretStore', () => {
  let directory: string;
  let vaultPath: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-vault-'));
    vaultPath = join(directory, 'secrets.vault');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  function openVault(passphrase = 'correct horse battery staple'): VaultSecretStore {
    return new VaultSecretStore({ filePath: vaultPath, passphrase: vaultPassphrase({ SWITCHYARD_VAULT_PASSPHRASE: passphrase }) });
  }

  async function readVaultFile(): Promise<Record<string, unknown>> {
    return JSON.parse(await readFile(vaultPath, 'utf8')) as Record<string, unknown>;
  }

  /** Changes one byte of a base64 field, keeping it valid base64 of the same length. */
  async function flipByte(field: 'data' | 'tag' | 'iv'): Promise<void> {
    const file = await readVaultFile();
    const bytes = Buffer.from(file[field] as string, 'base64');
    bytes[0] = bytes[0]! ^ 0x01;
    await writeFile(vaultPath, JSON.stringify({ ...file, [field]: bytes.toString('base64') }));
  }

  it('round-trips secrets, and a store opened later reads them back', async () => {
    const vault = openVault();
    expect(await vault.get(account)).toBeNull();
    await vault.set(account, secret);
    await vault.set('admin-token', 'admin-secret');
    await vault.set('client/my-editor', 'sk-local-editor-1');
    await vault.set(account, `${secret}-rotated`);
    await vault.delete('client/my-editor');
    await vault.delete('client/never-stored');

    const reopened = openVault();
    expect(await reopened.get(account)).toBe(`${secret}-rotated`);
    expect(await reopened.get('admin-token')).toBe('admin-secret');
    expect(await reopened.get('client/my-editor')).toBeNull();
  });

  it('keeps an account named __proto__ as an ordinary entry', async () => {
    await openVault().set('__proto__', 'odd-but-allowed');
    expect(await openVault().get('__proto__')).toBe('odd-but-allowed');
  });

  it('writes neither the secret, the account nor the passphrase in plain text', async () => {
    await openVault('passphrase-canary').set(account, secret);
    const bytes = await readFile(vaultPath);
    for (const plaintext of [secret, 'PLAINTEXT-canary', account, 'passphrase-canary']) {
      expect(bytes.includes(Buffer.from(plaintext)), plaintext).toBe(false);
      expect(bytes.includes(Buffer.from(Buffer.from(plaintext).toString('base64').slice(0, 16))), `${plaintext} in base64`).toBe(false);
    }
  });

  it('uses a fresh IV for every write and keeps the salt of the file', async () => {
    const vault = openVault();
    await vault.set(account, secret);
    const first = await readVaultFile();
    await vault.set(account, secret);
    const second = await readVaultFile();
    expect(second.iv).not.toBe(first.iv);
    expect(second.data).not.toBe(first.data);
    expect(second.kdf).toEqual(first.kdf);
    expect(first).toMatchObject({ format: 'switchyard-vault', version: 1, cipher: 'aes-256-gcm', kdf: { name: 'scrypt' } });
  });

  it('refuses a wrong passphrase with advice, and leaves the file as it was', async () => {
    await openVault('the original passphrase').set(account, secret);
    const before = await readFile(vaultPath);
    const wrong = openVault('a different passphrase');

    const failure = wrong.get(account);
    await expect(failure).rejects.toMatchObject({ code: 'SECRET_VAULT_UNREADABLE' });
    const message = ((await failure.catch((error: unknown) => error)) as Error).message;
    expect(message).toContain('could not be decrypted');
    expect(message).toContain('SWITCHYARD_VAULT_PASSPHRASE');
    expect(message).toContain('set it back to the original value');
    expect(message).toContain(`delete ${vaultPath}`);
    expect(message).not.toContain(secret);

    // A write must not replace a vault it cannot read: that would throw away every stored key.
    await expect(wrong.set('admin-token', 'x')).rejects.toMatchObject({ code: 'SECRET_VAULT_UNREADABLE' });
    await expect(wrong.delete(account)).rejects.toMatchObject({ code: 'SECRET_VAULT_UNREADABLE' });
    expect(await readFile(vaultPath)).toEqual(before);
    expect(await openVault('the original passphrase').get(account)).toBe(secret);
  });

  it('explains where the key comes from when no passphrase is set', async () => {
    await openVault('set when the keys were stored').set(account, secret);
    const machineKeyed = new VaultSecretStore({ filePath: vaultPath, passphrase: vaultPassphrase({}) });
    await expect(machineKeyed.get(account)).rejects.toThrow(
      /SWITCHYARD_VAULT_PASSPHRASE is not set, so its key comes from .+ and the OS user name\. If the keys were stored with SWITCHYARD_VAULT_PASSPHRASE set, set it to that original value again/,
    );
  });

  it.each(['data', 'tag', 'iv'] as const)('detects a changed %s', async (field) => {
    await openVault().set(account, secret);
    await flipByte(field);
    await expect(openVault().get(account)).rejects.toMatchObject({
      code: 'SECRET_VAULT_UNREADABLE',
      message: expect.stringContaining('or the file was changed'),
    });
  });

  it('detects a changed header, which is authenticated with the data', async () => {
    await openVault().set(account, secret);
    const file = await readVaultFile();
    const kdf = file.kdf as Record<string, unknown>;
    const salt = Buffer.from(kdf.salt as string, 'base64');
    salt[0] = salt[0]! ^ 0x01;
    await writeFile(vaultPath, JSON.stringify({ ...file, kdf: { ...kdf, salt: salt.toString('base64') } }));
    await expect(openVault().get(account)).rejects.toMatchObject({ code: 'SECRET_VAULT_UNREADABLE' });
  });

  it.each([
    ['not JSON', 'hello'],
    ['truncated', null],
    ['an unknown version', 'version'],
    ['an absurd scrypt cost', 'cost'],
  ])('refuses a file that is %s', async (_, damage) => {
    await openVault().set(account, secret);
    const text = await readFile(vaultPath, 'utf8');
    const file = JSON.parse(text) as Record<string, unknown>;
    const damaged =
      damage === null
        ? text.slice(0, text.length / 2)
        : damage === 'version'
          ? JSON.stringify({ ...file, version: 2 })
          : damage === 'cost'
            ? JSON.stringify({ ...file, kdf: { ...(file.kdf as object), N: 2 ** 30 } })
            : damage;
    await writeFile(vaultPath, damaged);
    await expect(openVault().get(account)).rejects.toMatchObject({
      code: 'SECRET_VAULT_UNREADABLE',
      message: expect.stringContaining('is not a Switchyard vault file or is damaged'),
    });
  });

  it('replaces the file atomically and leaves no temporary files', async () => {
    const vault = openVault();
    for (let index = 0; index < 5; index += 1) await vault.set(`client/editor-${index}`, `secret-${index}`);
    await vault.delete('client/editor-0');
    expect(await readdir(directory)).toEqual(['secrets.vault']);
  });

  it('keeps the previous vault and no temporary file when the final rename fails', async () => {
    const vault = openVault();
    await vault.set(account, secret);
    vi.mocked(rename).mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }));

    await expect(vault.set('admin-token', 'admin-secret')).rejects.toMatchObject({
      code: 'SECRET_VAULT_WRITE_FAILED',
      message: expect.stringContaining('The previous vault is unchanged'),
    });
    expect(await readdir(directory)).toEqual(['secrets.vault']);
    expect(await openVault().get(account)).toBe(secret);
    expect(await openVault().get('admin-token')).toBeNull();
  });

  it('ignores a temporary file a crash left behind', async () => {
    await openVault().set(account, secret);
    await writeFile(`${vaultPath}.4242.abcdef.tmp`, '{"format":"switchyard-vault","ver');
    expect(await openVault().get(account)).toBe(secret);
  });

  it('keeps every one of many concurrent sets, from one store and from two', async () => {
    const first = openVault();
    const second = openVault();
    const writes = Array.from({ length: 30 }, (_, index) =>
      (index % 2 === 0 ? first : second).set(`client/editor-${index}`, `secret-${index}`),
    );
    await Promise.all([...writes, first.delete('client/not-there')]);

    const reader = openVault();
    const values = await Promise.all(Array.from({ length: 30 }, (_, index) => reader.get(`client/editor-${index}`)));
    expect(values).toEqual(Array.from({ length: 30 }, (_, index) => `secret-${index}`));
  });

  it.skipIf(process.platform === 'win32')('creates the vault file with mode 0600 and keeps it so', async () => {
    const vault = openVault();
    await vault.set(account, secret);
    expect((await stat(vaultPath)).mode & 0o777).toBe(0o600);
    await vault.set('admin-token', 'admin-secret');
    expect((await stat(vaultPath)).mode & 0o777).toBe(0o600);
  });

  it('names its file and the reason it is in use, never a secret', async () => {
    const vault = new VaultSecretStore({
      filePath: vaultPath,
      passphrase: vaultPassphrase({ SWITCHYARD_VAULT_PASSPHRASE: 'x' }),
      reason: 'no keychain answered: test',
    });
    expect(vault.backend).toBe('vault');
    expect(vault.description).toBe(`encrypted vault file ${vaultPath} (no keychain answered: test)`);
  });
});

describe('vaultPassphrase', () => {
  it('takes SWITCHYARD_VAULT_PASSPHRASE when it is set', () => {
    expect(vaultPassphrase({ SWITCHYARD_VAULT_PASSPHRASE: 'chosen' })).toEqual({
      value: 'chosen',
      source: 'SWITCHYARD_VAULT_PASSPHRASE',
      fromEnvironment: true,
    });
  });

  it('otherwise derives a stable one from this machine and user, treating an empty variable as unset', () => {
    const derived = vaultPassphrase({ SWITCHYARD_VAULT_PASSPHRASE: '' });
    expect(derived.fromEnvironment).toBe(false);
    expect(derived.source).toMatch(/^(\/etc\/machine-id|\/var\/lib\/dbus\/machine-id|the host name) and the OS user name$/);
    expect(derived.value.length).toBeGreaterThan(20);
    expect(vaultPassphrase({})).toEqual(derived);
  });
});
