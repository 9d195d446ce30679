import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import { silentLogger, type Logger } from '../../src-main/service/logger.js';
import { startSwitchyard, type RunningSwitchyard, type SwitchyardOptions } from '../../src-main/service/start-switchyard.js';

export const testClientKey = 'sk-local-test-client-1';

export interface TestGateway {
  running: RunningSwitchyard;
  /** `http://127.0.0.1:PORT` */
  url: string;
  /** `http://127.0.0.1:PORT/v1`, what an OpenAI SDK takes as baseURL. */
  baseUrl: string;
  dataDir: string;
  configPath: string;
  writeConfig(config: SwitchyardConfigInput): void;
  /** Stops the gateway; the data dir stays until `dispose`, so a restart can reuse it. */
  close(): Promise<void>;
  dispose(): Promise<void>;
}

/**
 * How the tests start the real gateway: loopback on a free port, the vault backend (tests never
 * touch a keychain), usage written every 20 ms and a short stop. `configPath` null is the app's own
 * file in the data dir, as a start without --config has.
 */
export function testSwitchyardOptions(dataDir: string, configPath: string | null, adminToken: string): SwitchyardOptions {
  return {
    host: '127.0.0.1',
    port: 0,
    dataDir,
    configPath,
    adminToken,
    bodyLimit: 1024 * 1024,
    env: { ...process.env, SWITCHYARD_VAULT_PASSPHRASE: 'test-vault-passphrase' },
    log: silentLogger,
    secretBackend: 'vault',
    usageFlushIntervalMs: 20,
    closeGraceMs: 500,
  };
}

/** Every file under `directory`, its folders walked: what a test scans for a key's bytes. */
export function filesUnder(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * The real gateway, as `npm run serve` starts it, on 127.0.0.1:0 with a temporary data dir, the
 * vault backend (tests never touch a keychain) and a config file a test can rewrite.
 */
export async function startTestGateway(
  config: SwitchyardConfigInput,
  options: {
    dataDir?: string;
    env?: NodeJS.ProcessEnv;
    log?: Logger;
    routingClock?: () => number;
    pricesUrl?: string;
    requestLogSettings?: SwitchyardOptions['requestLogSettings'];
  } = {},
): Promise<TestGateway> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'switchyard-test-'));
  const configPath = join(dataDir, 'config.json');
  const withClient: SwitchyardConfigInput = { clients: [{ name: 'test-client', key: testClientKey }], ...config };
  writeFileSync(configPath, JSON.stringify(withClient, null, 2));
  const running = await startSwitchyard({
    ...testSwitchyardOptions(dataDir, configPath, 'test-admin-token'),
    env: { ...process.env, SWITCHYARD_VAULT_PASSPHRASE: 'test-vault-passphrase', ...options.env },
    log: options.log ?? silentLogger,
    routingClock: options.routingClock,
    pricesUrl: options.pricesUrl,
    requestLogSettings: options.requestLogSettings,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await running.close();
  };
  return {
    running,
    url: running.url,
    baseUrl: `${running.url}/v1`,
    dataDir,
    configPath,
    writeConfig(next) {
      writeFileSync(configPath, JSON.stringify({ clients: [{ name: 'test-client', key: testClientKey }], ...next }, null, 2));
    },
    close,
    async dispose() {
      await close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
