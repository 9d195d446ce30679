import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
    host: '127.0.0.1',
    port: 0,
    dataDir,
    configPath,
    adminToken: 'test-admin-token',
    bodyLimit: 1024 * 1024,
    env: { ...process.env, SWITCHYARD_VAULT_PASSPHRASE: 'test-vault-passphrase', ...options.env },
    log: options.log ?? silentLogger,
    secretBackend: 'vault',
    usageFlushIntervalMs: 20,
    closeGraceMs: 500,
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
