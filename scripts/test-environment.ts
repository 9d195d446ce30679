/**
 * What `npm test` needs around it, decided from what the machine has. The keychain test talks to a
 * real Secret Service; on Linux that is gnome-keyring on a D-Bus session bus, which a desktop
 * session has and a server, a container or CI does not. Pure, so its choices are unit-tested; the
 * runner (`run-tests.ts`) carries them out.
 */

/** What the plan is read from; the runner fills it from the real machine. */
export interface TestHost {
  platform: NodeJS.Platform;
  /** Whether the process runs as root, and so may install packages. */
  isRoot: boolean;
  /** Whether a command is on the PATH. */
  hasCommand(command: string): boolean;
  /** `DBUS_SESSION_BUS_ADDRESS`, when a session bus is there. */
  sessionBus: string | undefined;
  /** Whether a Secret Service answers on that bus now (asked only when there is one). */
  secretServiceRunning(): boolean;
  /** Set inside the private bus the runner started, so that it never starts a second one. */
  insidePrivateBus: boolean;
  /** Whether fontconfig knows a font with Chinese glyphs (the window's screenshots in 中文 need one). */
  hasChineseFont(): boolean;
}

export type TestEnvironmentPlan =
  /** Run the checks in this environment as it is. */
  | { kind: 'as-is'; reason: string }
  /** Start a private session bus with an unlocked gnome-keyring in a scratch folder, and run the checks inside. */
  | { kind: 'private-keyring' }
  /** Install these Debian packages with apt-get, then plan again. */
  | { kind: 'install'; packages: string[] }
  /** Stop, saying what to install. */
  | { kind: 'missing'; message: string };

/** Each command the private keyring needs, with the Debian packages that bring it. */
const neededCommands: ReadonlyArray<{ command: string; packages: string[] }> = [
  { command: 'gnome-keyring-daemon', packages: ['gnome-keyring'] },
  // dbus-run-session is in dbus-daemon since Debian 12, in dbus before; dbus pulls in the rest.
  { command: 'dbus-run-session', packages: ['dbus', 'dbus-daemon'] },
];

/** Needed whatever the keychain: the window's end-to-end tests drive Debian's Chromium, never a downloaded browser. */
const browserCommands: ReadonlyArray<{ command: string; packages: string[] }> = [{ command: 'chromium', packages: ['chromium'] }];

export function planTestEnvironment(host: TestHost): TestEnvironmentPlan {
  // macOS and Windows always have their keychain: the Keychain and the Credential Manager.
  if (host.platform !== 'linux') return { kind: 'as-is', reason: `the ${host.platform} keychain` };
  if (host.insidePrivateBus) return { kind: 'as-is', reason: 'the private keyring' };
  // A desktop session, or a caller that brought up its own bus and keyring: use theirs.
  const ownSecretService = host.sessionBus !== undefined && host.sessionBus !== '' && host.secretServiceRunning();
  const missing = [...(ownSecretService ? [] : neededCommands), ...browserCommands].filter(({ command }) => !host.hasCommand(command));
  // Without a CJK font Chromium draws the Chinese window as boxes; no command tells, fontconfig does.
  if (!host.hasChineseFont()) missing.push({ command: 'a Chinese font', packages: ['fonts-noto-cjk'] });
  if (ownSecretService && missing.length === 0) return { kind: 'as-is', reason: 'the Secret Service of this session' };
  if (missing.length === 0) return { kind: 'private-keyring' };
  const packages = missing.flatMap(({ packages: needed }) => needed);
  if (host.isRoot && host.hasCommand('apt-get')) return { kind: 'install', packages };
  return { kind: 'missing', message: missingMessage(missing.map(({ command }) => command), packages, host) };
}

function missingMessage(commands: string[], packages: string[], host: TestHost): string {
  const install = host.hasCommand('apt-get')
    ? `  sudo apt-get install -y ${packages.join(' ')}`
    : `  (with your package manager) the packages that bring ${commands.join(' and ')}`;
  return [
    `npm test needs ${commands.join(' and ')}: the keychain test runs against a real Secret Service, gnome-keyring`,
    'on a private D-Bus session bus that npm test starts itself, and the window is tested in Chromium.',
    'Install them once, then run npm test again:',
    install,
  ].join('\n');
}
