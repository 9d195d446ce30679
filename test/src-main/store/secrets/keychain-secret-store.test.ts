import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/**
 * These tests use a real Secret Service, never a mock, and are never skipped:
 * - with DBUS_SESSION_BUS_ADDRESS set (CI's .ci/run, a desktop session) they use that session's
 *   keychain, under a service name of their own, so a user's real entries are not touched;
 * - on Linux without one they start a private session bus with an unlocked gnome-keyring whose
 *   files live in a temporary directory, the same way .ci/run does.
 * The keychain calls run in a child process; secret-store-child.fixture.ts says why.
 */

const runFile = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./secret-store-child.fixture.ts', import.meta.url));
const childTimeoutMs = 45_000;

function requireCommand(command: string): void {
  const probe = spawnSync(command, ['--version'], { stdio: 'ignore' });
  if ((probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(
      `${command} is not installed, and the keychain tests need a Secret Service. Install gnome-keyring and dbus ` +
        `(apt-get install gnome-keyring dbus-daemon), as .ci/run does, or run the tests in a desktop session.`,
    );
  }
}

async function runFixtureWithSecretService(commandArguments: string[], scratch: string): Promise<string> {
  const node = [process.execPath, '--import', 'tsx', fixture, ...commandArguments];
  const options = { cwd: repositoryRoot, timeout: childTimeoutMs, encoding: 'utf8' as const };

  if (process.platform !== 'linux' || process.env.DBUS_SESSION_BUS_ADDRESS) {
    const [file, ...rest] = node;
    return (await runFile(file!, rest, options)).stdout;
  }

  requireCommand('dbus-run-session');
  requireCommand('gnome-keyring-daemon');
  const keyringHome = join(scratch, 'keyring-home');
  const runtimeDirectory = join(keyringHome, 'runtime');
  await mkdir(runtimeDirectory, { recursive: true, mode: 0o700 });
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // gnome-keyring keeps its keyring files and control socket under these: a private login
    // keyring that the random password below unlocks, and no contact with a daemon already running.
    XDG_DATA_HOME: join(keyringHome, 'data'),
    XDG_CONFIG_HOME: join(keyringHome, 'config'),
    XDG_CACHE_HOME: join(keyringHome, 'cache'),
    XDG_RUNTIME_DIR: runtimeDirectory,
    KEYRING_UNLOCK_PASSWORD: randomBytes(12).toString('hex'),
  };
  delete env.DBUS_SESSION_BUS_ADDRESS;
  // dbus-run-session ends its bus when the command exits; gnome-keyring-daemon leaves with the
  // bus, so nothing started here outlives the test. The daemon is started in its forking mode
  // because it returns only once it serves the Secret Service on the bus.
  const script =
    'printf %s "$KEYRING_UNLOCK_PASSWORD" | gnome-keyring-daemon --unlock --components=secrets >/dev/null && exec "$@"';
  const { stdout } = await runFile('dbus-run-session', ['--', 'sh', '-c', script, 'sh', ...node], { ...options, env });
  return stdout;
}

describe('KeychainSecretStore against a real Secret Service', () => {
  let scratch: string;
  const service = `Switchyard-test-${randomBytes(6).toString('hex')}`;

  beforeEach(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'switchyard-keychain-'));
  });
  afterEach(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it(
    'stores, reads, overwrites and deletes secrets, and openSecretStore picks it',
    async () => {
      const dataDirectory = join(scratch, 'data');
      const stdout = await runFixtureWithSecretService(['keychain-round-trip', service, dataDirectory], scratch);
      const { roundTrip, opened } = JSON.parse(stdout) as {
        roundTrip: Record<string, unknown>;
        opened: { backend: string; description: string; logs: { level: string; message: string }[]; readBack: string };
      };

      expect(roundTrip).toEqual({
        backend: 'keychain',
        description: expect.stringMatching(/^OS keychain \(.+\)$/),
        beforeSet: null,
        afterSet: 'sk-first-secret-0001',
        afterOverwrite: 'sk-second-secret-0002',
        otherAccount: 'admin-secret-0003',
        afterDelete: null,
        otherAccountAfterDelete: 'admin-secret-0003',
        secondDeleteResolved: true,
      });

      expect(opened.backend).toBe('keychain');
      expect(opened.readBack).toBe('sk-local-editor-secret-0004');
      expect(opened.logs).toEqual([{ level: 'info', message: `Secrets are kept in the ${opened.description}.` }]);
      // The keychain was used, so no vault file was written.
      await expect(readdir(dataDirectory)).rejects.toMatchObject({ code: 'ENOENT' });
    },
    childTimeoutMs + 5_000,
  );
});
