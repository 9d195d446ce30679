import { describe, expect, it } from 'vitest';
import { planTestEnvironment, type TestHost } from '../../scripts/test-environment.js';

const everyCommand = ['gnome-keyring-daemon', 'dbus-run-session', 'chromium', 'apt-get'];

/** A Linux server with the packages installed, no session bus, not root; `overrides` change one thing. */
function host(overrides: Partial<TestHost> & { commands?: string[] } = {}): TestHost {
  const { commands = everyCommand, ...rest } = overrides;
  return {
    platform: 'linux',
    isRoot: false,
    hasCommand: (command) => commands.includes(command),
    sessionBus: undefined,
    secretServiceRunning: () => {
      throw new Error('asked for the Secret Service without a session bus');
    },
    insidePrivateBus: false,
    hasChineseFont: () => true,
    ...rest,
  };
}

describe('planTestEnvironment', () => {
  it('starts a private keyring on Linux without a session bus', () => {
    expect(planTestEnvironment(host())).toEqual({ kind: 'private-keyring' });
  });

  it('uses a session whose Secret Service is running, as a desktop or a caller with its own keyring has', () => {
    const plan = planTestEnvironment(host({ sessionBus: 'unix:path=/run/user/1000/bus', secretServiceRunning: () => true, commands: ['chromium'] }));
    expect(plan).toEqual({ kind: 'as-is', reason: 'the Secret Service of this session' });
  });

  it("installs Chromium for the window's tests even where the session has its own Secret Service", () => {
    const plan = planTestEnvironment(host({ isRoot: true, sessionBus: 'unix:path=/run/user/1000/bus', secretServiceRunning: () => true, commands: ['apt-get'] }));
    expect(plan).toEqual({ kind: 'install', packages: ['chromium'] });
  });

  it('starts a private keyring when the session bus has no Secret Service (an ssh login with a systemd user bus)', () => {
    expect(planTestEnvironment(host({ sessionBus: 'unix:path=/run/user/1000/bus', secretServiceRunning: () => false }))).toEqual({
      kind: 'private-keyring',
    });
  });

  it('runs as it is inside the private bus it started, never starting a second', () => {
    expect(planTestEnvironment(host({ insidePrivateBus: true, commands: [] }))).toMatchObject({ kind: 'as-is' });
  });

  it.each(['darwin', 'win32'] as const)('runs as it is on %s, which has its own keychain', (platform) => {
    expect(planTestEnvironment(host({ platform, commands: [] }))).toEqual({ kind: 'as-is', reason: `the ${platform} keychain` });
  });

  it('installs a Chinese font when fontconfig knows none, so the window is not drawn in boxes', () => {
    expect(planTestEnvironment(host({ isRoot: true, hasChineseFont: () => false }))).toEqual({ kind: 'install', packages: ['fonts-noto-cjk'] });
  });

  it('installs the missing Debian packages when it runs as root with apt-get', () => {
    expect(planTestEnvironment(host({ isRoot: true, commands: ['apt-get'] }))).toEqual({ kind: 'install', packages: ['gnome-keyring', 'dbus', 'dbus-daemon', 'chromium'] });
    expect(planTestEnvironment(host({ isRoot: true, commands: ['apt-get', 'dbus-run-session', 'chromium'] }))).toEqual({ kind: 'install', packages: ['gnome-keyring'] });
  });

  it('says exactly which command to run when it may not install', () => {
    const plan = planTestEnvironment(host({ commands: ['apt-get', 'gnome-keyring-daemon', 'chromium'] }));
    expect(plan.kind).toBe('missing');
    const message = plan.kind === 'missing' ? plan.message : '';
    expect(message).toMatch(/^npm test needs dbus-run-session:/);
    expect(message).toContain('\n  sudo apt-get install -y dbus dbus-daemon');
  });

  it('names the packages for another package manager where there is no apt-get, even as root', () => {
    const plan = planTestEnvironment(host({ isRoot: true, commands: [] }));
    expect(plan.kind).toBe('missing');
    expect(plan.kind === 'missing' ? plan.message : '').toMatch(/the packages that bring gnome-keyring-daemon and dbus-run-session and chromium$/);
  });
});
