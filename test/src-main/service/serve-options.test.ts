import { homedir, tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDataDir } from '../../../src-main/store/default-data-dir.js';
import { parseServeOptions, serveFlags, serveHelp, ServeOptionsError } from '../../../src-main/service/serve-options.js';

describe('parseServeOptions', () => {
  it('uses the documented defaults when neither flags nor environment say anything', () => {
    expect(parseServeOptions([], { XDG_CONFIG_HOME: '/xdg' })).toEqual({
      host: '127.0.0.1',
      port: 4780,
      dataDir: defaultDataDir({ XDG_CONFIG_HOME: '/xdg' }),
      configPath: null,
      adminToken: null,
      bodyLimit: 32 * 1024 * 1024,
      secretBackend: 'auto',
      pricesUrl: null,
      help: false,
    });
  });

  it('reads every option from its environment variable', () => {
    const options = parseServeOptions([], {
      SWITCHYARD_HOST: '0.0.0.0',
      SWITCHYARD_PORT: '0',
      SWITCHYARD_DATA_DIR: '/var/lib/switchyard',
      SWITCHYARD_CONFIG: '/etc/switchyard.json',
      SWITCHYARD_ADMIN_TOKEN: 'from-env',
      SWITCHYARD_BODY_LIMIT: '1.5',
      SWITCHYARD_SECRET_BACKEND: 'vault',
      SWITCHYARD_PRICES_URL: 'http://127.0.0.1:9/api.json',
    });
    expect(options).toEqual({
      host: '0.0.0.0',
      port: 0,
      dataDir: '/var/lib/switchyard',
      configPath: '/etc/switchyard.json',
      adminToken: 'from-env',
      bodyLimit: Math.floor(1.5 * 1024 * 1024),
      secretBackend: 'vault',
      pricesUrl: 'http://127.0.0.1:9/api.json',
      help: false,
    });
  });

  it('lets a flag win over its environment variable', () => {
    const env = { SWITCHYARD_HOST: '0.0.0.0', SWITCHYARD_PORT: '9000', SWITCHYARD_SECRET_BACKEND: 'vault', SWITCHYARD_ADMIN_TOKEN: 'env' };
    const options = parseServeOptions(['--host', '::1', '--port=5000', '--secret-backend', 'keychain', '--admin-token', 'flag'], env);
    expect(options).toMatchObject({ host: '::1', port: 5000, secretBackend: 'keychain', adminToken: 'flag' });
  });

  it('takes an empty environment variable as unset', () => {
    expect(parseServeOptions([], { SWITCHYARD_PORT: '', SWITCHYARD_CONFIG: '', SWITCHYARD_ADMIN_TOKEN: '' })).toMatchObject({
      port: 4780,
      configPath: null,
      adminToken: null,
    });
  });

  it('makes relative paths absolute', () => {
    const options = parseServeOptions(['--data-dir', 'data', '--config', 'switchyard.json'], {});
    expect(isAbsolute(options.dataDir)).toBe(true);
    expect(options.dataDir).toBe(join(process.cwd(), 'data'));
    expect(options.configPath).toBe(join(process.cwd(), 'switchyard.json'));
  });

  it('resolves relative paths against the folder npm was run from (INIT_CWD), not the project folder', () => {
    const userFolder = join(tmpdir(), 'where-the-user-ran-npm');
    const options = parseServeOptions(['--data-dir', 'data', '--config', '../configs/switchyard.json'], { INIT_CWD: userFolder });
    expect(options.dataDir).toBe(join(userFolder, 'data'));
    expect(options.configPath).toBe(join(tmpdir(), 'configs', 'switchyard.json'));
    // From the environment variables too, and absolute paths stay as they are.
    const fromEnvironment = parseServeOptions([], { INIT_CWD: userFolder, SWITCHYARD_CONFIG: 'c.json', SWITCHYARD_DATA_DIR: '/srv/switchyard' });
    expect(fromEnvironment.configPath).toBe(join(userFolder, 'c.json'));
    expect(fromEnvironment.dataDir).toBe('/srv/switchyard');
  });

  it('reads --help and -h', () => {
    expect(parseServeOptions(['--help'], {}).help).toBe(true);
    expect(parseServeOptions(['-h'], {}).help).toBe(true);
  });

  it.each([
    [['--port', 'abc'], /--port must be a number from 0 to 65535, not "abc"/],
    [['--port', '65536'], /--port/],
    [['--port', '-1'], /--port/],
    [['--port', '80.5'], /--port/],
    [['--body-limit', '0'], /--body-limit must be a positive number of MiB, not "0"/],
    [['--body-limit', 'lots'], /--body-limit/],
    [['--secret-backend', 'file'], /--secret-backend must be auto, keychain or vault, not "file"/],
    [['--prices-url', 'file:///tmp/api.json'], /--prices-url must be an http\(s\) URL, not "file:\/\/\/tmp\/api.json"/],
    [['--verbose'], /--help/],
    [['serve'], /--help/],
    [['--port'], /--help/],
  ])('refuses %j with a message that says what is wrong', (argv, message) => {
    expect(() => parseServeOptions(argv, {})).toThrow(ServeOptionsError);
    expect(() => parseServeOptions(argv, {})).toThrow(message);
  });

  it('refuses a bad value from the environment too', () => {
    expect(() => parseServeOptions([], { SWITCHYARD_PORT: '99999' })).toThrow(ServeOptionsError);
    expect(() => parseServeOptions([], { SWITCHYARD_SECRET_BACKEND: 'plaintext' })).toThrow(ServeOptionsError);
  });

  it('accepts the port range ends', () => {
    expect(parseServeOptions(['--port', '0'], {}).port).toBe(0);
    expect(parseServeOptions(['--port', '65535'], {}).port).toBe(65535);
  });

  it.runIf(process.platform === 'linux')('falls back to ~/.config/Switchyard on Linux when nothing names a data dir', () => {
    expect(parseServeOptions([], {}).dataDir).toBe(join(homedir(), '.config', 'Switchyard'));
  });
});

describe('serveHelp', () => {
  it('names every flag with its environment variable and default', () => {
    const help = serveHelp();
    for (const [name, flag] of Object.entries(serveFlags)) {
      expect(help).toMatch(new RegExp(`--${name}\\s+${flag.env}\\s+.*\\(default: ${flag.fallback.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\)`));
    }
  });
});
