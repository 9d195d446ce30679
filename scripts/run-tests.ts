/**
 * `npm test`: the typecheck, the lint, then every vitest test (arguments after `--` go to vitest),
 * inside whatever the keychain test needs (see test-environment.ts): on Linux without a running
 * Secret Service, a private session bus with an unlocked gnome-keyring whose files live in a scratch
 * folder, so a user's own keyring is never touched; as root, the Debian packages for it are
 * installed first when missing.
 */
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { planTestEnvironment, type TestHost } from './test-environment.js';

const projectRoot = fileURLToPath(new URL('../', import.meta.url));
const thisScript = fileURLToPath(import.meta.url);
/** Set for the run inside the private bus, which must not start another. */
const privateBusMarker = 'SWITCHYARD_TEST_PRIVATE_BUS';

function main(): number {
  const vitestArguments = process.argv.slice(2);
  let plan = planTestEnvironment(machine());
  if (plan.kind === 'install') {
    console.error(`npm test: installing ${plan.packages.join(' ')} with apt-get, for the keychain test's Secret Service and the window's browser tests`);
    const installed = installDebianPackages(plan.packages);
    if (installed !== 0) return installed;
    plan = planTestEnvironment(machine());
  }
  switch (plan.kind) {
    case 'as-is':
      // Inside the private bus, the outer run has said so already.
      if (process.env[privateBusMarker] !== '1') console.error(`npm test: the keychain test uses ${plan.reason}`);
      return runChecks(vitestArguments);
    case 'private-keyring':
      console.error('npm test: starting a private session bus with an unlocked gnome-keyring for the keychain test');
      return runInPrivateKeyring(vitestArguments);
    case 'install':
      console.error(`npm test: apt-get installed ${plan.packages.join(' ')}, yet their commands are still not on the PATH`);
      return 1;
    case 'missing':
      console.error(plan.message);
      return 1;
    default: {
      const _exhaustive: never = plan;
      throw new Error(`unknown plan ${JSON.stringify(_exhaustive)}`);
    }
  }
}

function machine(): TestHost {
  return {
    platform: process.platform,
    isRoot: process.getuid?.() === 0,
    hasCommand: onPath,
    sessionBus: process.env.DBUS_SESSION_BUS_ADDRESS,
    secretServiceRunning,
    insidePrivateBus: process.env[privateBusMarker] === '1',
    hasChineseFont,
  };
}

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((folder) => {
    if (folder === '') return false;
    try {
      accessSync(join(folder, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Whether something owns the Secret Service's bus name; without dbus-send, taken as no. */
function secretServiceRunning(): boolean {
  if (!onPath('dbus-send')) return false;
  const answer = spawnSync(
    'dbus-send',
    ['--session', '--print-reply', '--dest=org.freedesktop.DBus', '/org/freedesktop/DBus', 'org.freedesktop.DBus.NameHasOwner', 'string:org.freedesktop.secrets'],
    { encoding: 'utf8', timeout: 5_000 },
  );
  return answer.status === 0 && /boolean true/.test(answer.stdout);
}

function hasChineseFont(): boolean {
  if (!onPath('fc-list')) return false;
  const fonts = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8', timeout: 10_000 });
  return fonts.status === 0 && fonts.stdout.trim() !== '';
}

function installDebianPackages(packages: string[]): number {
  const options: SpawnSyncOptions = { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } };
  const update = spawnSync('apt-get', ['update', '-qq'], options);
  if (update.status !== 0) return update.status ?? 1;
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...packages], options);
  return install.status ?? 1;
}

/**
 * This same script again, inside `dbus-run-session`, after gnome-keyring has unlocked a new login
 * keyring with a random password. The keyring's files and control socket go to a scratch folder
 * (the XDG variables are set for the daemon alone, so the tests see the user's own); the daemon
 * leaves with the bus when the checks end, and the folder is removed.
 */
function runInPrivateKeyring(vitestArguments: string[]): number {
  const keyringHome = mkdtempSync(join(tmpdir(), 'switchyard-test-keyring-'));
  mkdirSync(join(keyringHome, 'runtime'), { mode: 0o700 });
  const startKeyring = [
    'printf %s "$SWITCHYARD_KEYRING_PASSWORD" |',
    'XDG_DATA_HOME="$SWITCHYARD_KEYRING_HOME/data" XDG_CONFIG_HOME="$SWITCHYARD_KEYRING_HOME/config"',
    'XDG_CACHE_HOME="$SWITCHYARD_KEYRING_HOME/cache" XDG_RUNTIME_DIR="$SWITCHYARD_KEYRING_HOME/runtime"',
    'gnome-keyring-daemon --unlock --components=secrets >/dev/null || exit 1;',
    'unset SWITCHYARD_KEYRING_PASSWORD SWITCHYARD_KEYRING_HOME;',
    'exec "$@"',
  ].join(' ');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    [privateBusMarker]: '1',
    SWITCHYARD_KEYRING_HOME: keyringHome,
    SWITCHYARD_KEYRING_PASSWORD: randomBytes(12).toString('hex'),
  };
  // The session's own bus, if any, is replaced by the private one for the whole run.
  delete env.DBUS_SESSION_BUS_ADDRESS;
  try {
    const inner = [process.execPath, '--import', 'tsx', thisScript, ...vitestArguments];
    const run = spawnSync('dbus-run-session', ['--', 'sh', '-c', startKeyring, 'sh', ...inner], { stdio: 'inherit', cwd: projectRoot, env });
    if (run.error) throw run.error;
    return run.status ?? 1;
  } finally {
    rmSync(keyringHome, { recursive: true, force: true });
  }
}

/**
 * Typecheck, lint, the window's build (which the browser tests load, and which fails past its size
 * budget), then vitest; the first that fails ends the run with its exit status.
 */
function runChecks(vitestArguments: string[]): number {
  const steps: string[][] = [
    [npmCli(), 'run', 'typecheck'],
    [npmCli(), 'run', 'lint'],
    [join(projectRoot, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(projectRoot, 'scripts', 'build-renderer.ts')],
    [join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...vitestArguments],
  ];
  for (const step of steps) {
    const run = spawnSync(process.execPath, step, { stdio: 'inherit', cwd: projectRoot });
    if (run.error) throw run.error;
    if (run.status !== 0) return run.status ?? 1;
  }
  return 0;
}

/** npm's own script, which npm names when it runs us; else the one installed with this Node. */
function npmCli(): string {
  const named = process.env.npm_execpath;
  if (named !== undefined && /npm-cli\.js$/.test(named)) return named;
  const nodeFolder = dirname(process.execPath);
  return process.platform === 'win32'
    ? join(nodeFolder, 'node_modules', 'npm', 'bin', 'npm-cli.js')
    : join(nodeFolder, '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
}

process.exitCode = main();
