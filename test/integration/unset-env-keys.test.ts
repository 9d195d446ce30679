import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import type { StatsSummary } from '../../src-shared/stats.js';
import type { Logger } from '../../src-main/service/logger.js';
import { startSwitchyard, type RunningSwitchyard } from '../../src-main/service/start-switchyard.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';

// A config whose `env:` variable is not set must not stop the gateway: that key is disabled with the
// variable named in the log and the stats, the other keys serve, and the key comes back once the
// variable is set and the config applied again, by a reload or a restart.

const keyA = 'sk-unset-env-A-7f3e1c';
const keyB = 'sk-unset-env-B-2b9d4a';
const clientKey = 'sk-local-unset-env-client';
const adminToken = 'unset-env-admin-token';

const config: SwitchyardConfigInput = {
  clients: [
    { name: 'editor', key: clientKey },
    { name: 'ci', key: 'env:UNSET_ENV_TEST_CLIENT_KEY' },
  ],
  providers: [
    {
      id: 'mock',
      type: 'openai',
      baseUrl: '',
      keys: [
        { id: 'a', secret: 'env:UNSET_ENV_TEST_KEY_A', priority: 1 },
        { id: 'b', secret: 'env:UNSET_ENV_TEST_KEY_B', priority: 2 },
      ],
      models: ['gpt-4o'],
    },
  ],
};

let upstream: MockOpenAI;
let dataDir: string;
const running: RunningSwitchyard[] = [];

beforeAll(async () => {
  upstream = await startMockOpenAI({ keys: [keyA, keyB] });
});

afterAll(async () => {
  await upstream?.close();
});

afterEach(async () => {
  await Promise.all(running.splice(0).map((gateway) => gateway.close()));
  rmSync(dataDir, { recursive: true, force: true });
  upstream.reset();
});

function capturingLogger(lines: string[]): Logger {
  return { info: (message) => lines.push(`info ${message}`), warn: (message) => lines.push(`warn ${message}`), error: (message) => lines.push(`error ${message}`) };
}

async function start(env: NodeJS.ProcessEnv, log: string[]): Promise<RunningSwitchyard> {
  const configPath = join(dataDir, 'config.json');
  writeFileSync(configPath, JSON.stringify({ ...config, providers: config.providers!.map((provider) => ({ ...provider, baseUrl: upstream.baseUrl })) }));
  const gateway = await startSwitchyard({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    configPath,
    adminToken,
    bodyLimit: 1024 * 1024,
    env,
    log: capturingLogger(log),
    secretBackend: 'vault',
    usageFlushIntervalMs: 20,
    closeGraceMs: 500,
  });
  running.push(gateway);
  return gateway;
}

async function stop(gateway: RunningSwitchyard): Promise<void> {
  running.splice(running.indexOf(gateway), 1);
  await gateway.close();
}

async function keyRows(gateway: RunningSwitchyard): Promise<Record<string, StatsSummary['byKey'][number]>> {
  const response = await fetch(`${gateway.url}/api/stats/summary?window=all`, { headers: { authorization: `Bearer ${adminToken}` } });
  expect(response.status).toBe(200);
  const summary = (await response.json()) as StatsSummary;
  return Object.fromEntries(summary.byKey.map((row) => [row.key, row]));
}

/** Asks once and answers which upstream key served it. */
async function servedBy(gateway: RunningSwitchyard): Promise<string | undefined> {
  const client = new OpenAI({ apiKey: clientKey, baseURL: `${gateway.url}/v1`, maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
  return upstream.requests.at(-1)?.apiKey;
}

describe('an env: secret whose variable is not set', () => {
  it('starts anyway with that key disabled and named, serves with the others, and takes the key back on reload', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-unset-env-'));
    const log: string[] = [];
    const env: NodeJS.ProcessEnv = { SWITCHYARD_VAULT_PASSPHRASE: 'unset-env-passphrase', UNSET_ENV_TEST_KEY_B: keyB };
    const gateway = await start(env, log);

    expect(log).toContain(
      'warn key mock/a disabled: environment variable UNSET_ENV_TEST_KEY_A is not set; set it, then reload the config or restart',
    );
    expect(log.filter((line) => line.includes('UNSET_ENV_TEST_KEY_A'))).toHaveLength(1);
    expect(log).toContain(
      `warn client ci left out of ${join(dataDir, 'config.json')}: environment variable UNSET_ENV_TEST_CLIENT_KEY is not set; set it, then reload the config or restart`,
    );
    expect(await servedBy(gateway)).toBe(keyB);
    const before = await keyRows(gateway);
    expect(before.a).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining('environment variable UNSET_ENV_TEST_KEY_A is not set') });
    expect(before.b).toMatchObject({ status: 'active', disabledReason: null });

    env.UNSET_ENV_TEST_KEY_A = keyA;
    expect(await gateway.reloadConfig()).toEqual({ ok: true });
    const after = await keyRows(gateway);
    expect(after.a).toMatchObject({ status: 'active', disabledReason: null });
    // Priority 1 again: the key that came back is the one tried first.
    expect(await servedBy(gateway)).toBe(keyA);
    for (const line of log) for (const secret of [keyA, keyB]) expect(line).not.toContain(secret);
  });

  it('is disabled again on a restart without the variable, and serves on a restart with it', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-unset-env-'));
    const passphrase = { SWITCHYARD_VAULT_PASSPHRASE: 'unset-env-passphrase' };
    const first = await start({ ...passphrase, UNSET_ENV_TEST_KEY_A: keyA, UNSET_ENV_TEST_KEY_B: keyB }, []);
    expect(await servedBy(first)).toBe(keyA);
    await stop(first);

    // The secret stored by the first run is not used: the config says to read the variable.
    const withoutA = await start({ ...passphrase, UNSET_ENV_TEST_KEY_B: keyB }, []);
    expect((await keyRows(withoutA)).a).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining('UNSET_ENV_TEST_KEY_A') });
    expect(await servedBy(withoutA)).toBe(keyB);
    await stop(withoutA);

    const withA = await start({ ...passphrase, UNSET_ENV_TEST_KEY_A: keyA, UNSET_ENV_TEST_KEY_B: keyB }, []);
    expect((await keyRows(withA)).a).toMatchObject({ status: 'active', disabledReason: null });
    expect(await servedBy(withA)).toBe(keyA);
  });

  it('starts even with every key missing, and answers 503 without calling the upstream', async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'switchyard-unset-env-'));
    const gateway = await start({ SWITCHYARD_VAULT_PASSPHRASE: 'unset-env-passphrase' }, []);
    const rows = await keyRows(gateway);
    expect(rows.a?.status).toBe('disabled');
    expect(rows.b).toMatchObject({ status: 'disabled', disabledReason: expect.stringContaining('UNSET_ENV_TEST_KEY_B') });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clientKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] }),
    });
    expect(response.status).toBe(503);
    expect(upstream.requests).toHaveLength(0);
  });
});
