import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MemorySecretStore } from '../../../../src-main/store/secrets/memory-secret-store.js';
import { openSecretStore, type OpenSecretStoreOptions } from '../../../../src-main/store/secrets/open-secret-store.js';
import type { SecretStore } from '../../../../src-main/store/secrets/secret-store.js';

type LogLine = { level: 'info' | 'warn'; message: string };

/** A keychain that keeps secrets in memory; `overrides` make it fail or hang the way real ones do. */
function fakeKeychain(overrides: Partial<Pick<SecretStore, 'get' | 'set' | 'delete'>> = {}): SecretStore & { memory: MemorySecretStore } {
  const memory = new MemorySecretStore();
  return {
    backend: 'keychain',
    description: 'OS keychain (fake)',
    memory,
    get: (account) => memory.get(account),
    set: (account, secret) => memory.set(account, secret),
    delete: (account) => memory.delete(account),
    ...overrides,
  };
}

describe('openSecretStore', () => {
  let dataDir: string;
  let logs: LogLine[];

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'switchyard-open-secrets-'));
    logs = [];
  });
  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  function open(options: Partial<OpenSecretStoreOptions>): Promise<SecretStore> {
    return openSecretStore({
      dataDir,
      log: (level, message) => logs.push({ level, message }),
      env: { SWITCHYARD_VAULT_PASSPHRASE: 'test-passphrase' },
      ...options,
    });
  }

  it('uses a keychain that answers the probe, logs it, and leaves no probe entry', async () => {
    const keychain = fakeKeychain();
    const openKeychain = vi.fn(() => keychain);
    const store = await open({ service: 'Switchyard-test-x', openKeychain });

    expect(store).toBe(keychain);
    expect(openKeychain).toHaveBeenCalledWith('Switchyard-test-x');
    expect(keychain.memory.accounts()).toEqual([]);
    expect(logs).toEqual([{ level: 'info', message: 'Secrets are kept in the OS keychain (fake).' }]);
  });

  it('defaults the service name to "Switchyard"', async () => {
    const openKeychain = vi.fn(() => fakeKeychain());
    await open({ openKeychain });
    expect(openKeychain).toHaveBeenCalledWith('Switchyard');
  });

  it('falls back to the vault with a warning that says why when the keychain fails', async () => {
    const keychain = fakeKeychain({
      set: () => Promise.reject(new Error('OS keychain could not store "keychain-probe": Secret Service: no result found')),
    });
    const store = await open({ openKeychain: () => keychain });

    const vaultPath = join(dataDir, 'secrets.vault');
    expect(store.backend).toBe('vault');
    expect(store.description).toBe(
      `encrypted vault file ${vaultPath} (no keychain answered: OS keychain could not store "keychain-probe": Secret Service: no result found)`,
    );
    expect(logs).toEqual([
      {
        level: 'warn',
        message:
          'No OS keychain answered (OS keychain could not store "keychain-probe": Secret Service: no result found). ' +
          `Secrets are kept in the encrypted vault file ${vaultPath} instead, its key derived from SWITCHYARD_VAULT_PASSPHRASE.`,
      },
    ]);

    await store.set('provider/openai-main/oa-1', 'sk-vault-secret-1234');
    expect(await store.get('provider/openai-main/oa-1')).toBe('sk-vault-secret-1234');
    expect(await readdir(dataDir)).toEqual(['secrets.vault']);
  });

  it('falls back to the vault when the keychain hangs, after the probe timeout', async () => {
    const never = () => new Promise<never>(() => undefined);
    const started = Date.now();
    const store = await open({ openKeychain: () => fakeKeychain({ set: never }), probeTimeoutMs: 100 });

    expect(Date.now() - started).toBeLessThan(2_000);
    expect(store.backend).toBe('vault');
    expect(logs[0]?.level).toBe('warn');
    expect(logs[0]?.message).toContain('the keychain did not answer within 0.1 s; a locked or hung Secret Service?');
  });

  it('falls back to the vault when the keychain reads back something else', async () => {
    const store = await open({ openKeychain: () => fakeKeychain({ get: async () => 'not what was stored' }) });
    expect(store.backend).toBe('vault');
    expect(logs[0]?.message).toContain('the keychain stored a probe entry but read back something else');
  });

  it('warns when the keychain is used while a vault file from earlier exists', async () => {
    await writeFile(join(dataDir, 'secrets.vault'), '{}');
    const store = await open({ openKeychain: () => fakeKeychain() });
    expect(store.backend).toBe('keychain');
    expect(logs[1]).toEqual({
      level: 'warn',
      message: expect.stringContaining('Set SWITCHYARD_SECRET_BACKEND=vault to use the vault file instead.'),
    });
  });

  it('uses the vault without probing when SWITCHYARD_SECRET_BACKEND=vault', async () => {
    const openKeychain = vi.fn(() => fakeKeychain());
    const store = await open({ openKeychain, env: { SWITCHYARD_SECRET_BACKEND: 'vault', SWITCHYARD_VAULT_PASSPHRASE: 'p' } });

    expect(store.backend).toBe('vault');
    expect(openKeychain).not.toHaveBeenCalled();
    expect(logs).toEqual([
      { level: 'info', message: `Secrets are kept in the ${store.description}.` },
    ]);
    expect(store.description).toContain('(chosen by SWITCHYARD_SECRET_BACKEND=vault)');
  });

  it('uses the vault when preferred, and lets the environment override the preference', async () => {
    expect((await open({ preferred: 'vault', openKeychain: () => fakeKeychain() })).backend).toBe('vault');
    const store = await open({
      preferred: 'vault',
      openKeychain: () => fakeKeychain(),
      env: { SWITCHYARD_SECRET_BACKEND: 'keychain' },
    });
    expect(store.backend).toBe('keychain');
  });

  it('refuses to fall back when the keychain was asked for and fails', async () => {
    const failing = fakeKeychain({ set: () => Promise.reject(new Error('no Secret Service')) });
    await expect(open({ openKeychain: () => failing, env: { SWITCHYARD_SECRET_BACKEND: 'keychain' } })).rejects.toMatchObject({
      code: 'SECRET_KEYCHAIN_FAILED',
      message: 'SWITCHYARD_SECRET_BACKEND=keychain asks for the OS keychain, but it did not answer: no Secret Service',
    });
    await expect(open({ openKeychain: () => failing, preferred: 'keychain' })).rejects.toMatchObject({
      code: 'SECRET_KEYCHAIN_FAILED',
    });
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('refuses an unknown SWITCHYARD_SECRET_BACKEND rather than guessing', async () => {
    await expect(open({ openKeychain: () => fakeKeychain(), env: { SWITCHYARD_SECRET_BACKEND: 'keyring' } })).rejects.toMatchObject({
      code: 'SECRET_BACKEND_INVALID',
      message: expect.stringContaining('"keyring"'),
    });
  });

  // The real keychain library, in a child process whose D-Bus address leads nowhere: what a
  // headless Linux server without a Secret Service looks like.
  it.runIf(process.platform === 'linux')(
    'falls back to the vault when the real keychain finds no session bus',
    async () => {
      const fixture = fileURLToPath(new URL('./secret-store-child.fixture.ts', import.meta.url));
      const missingBus = join(dataDir, 'no-such-bus');
      const service = `Switchyard-test-${randomBytes(6).toString('hex')}`;
      const { stdout } = await promisify(execFile)(
        process.execPath,
        ['--import', 'tsx', fixture, 'open', service, join(dataDir, 'data')],
        {
          cwd: fileURLToPath(new URL('../../../../', import.meta.url)),
          env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: `unix:path=${missingBus}` },
          timeout: 30_000,
        },
      );
      const { opened } = JSON.parse(stdout) as { opened: { backend: string; logs: LogLine[]; readBack: string } };

      expect(opened.backend).toBe('vault');
      expect(opened.readBack).toBe('sk-local-editor-secret-0004');
      expect(opened.logs).toHaveLength(1);
      expect(opened.logs[0]?.level).toBe('warn');
      expect(opened.logs[0]?.message).toContain(`Failed to connect to socket ${missingBus}`);
      expect(opened.logs[0]?.message).toContain(`Secrets are kept in the encrypted vault file ${join(dataDir, 'data', 'secrets.vault')}`);
    },
    40_000,
  );
});
