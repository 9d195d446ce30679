import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { syncedCatalogPath } from '../../../src-main/usage/price-sync.js';
import { runPricesSync } from '../../../src-main/usage/prices-sync-command.js';
import { startJsonServer, type JsonServer } from '../../support/json-server.js';
import { modelsDevWithPrice, readModelsDevSnapshot } from '../../support/models-dev-snapshot.js';

let server: JsonServer;
let dataDir: string;
let served: Buffer = readModelsDevSnapshot();

beforeAll(async () => {
  server = await startJsonServer((request) => (request.path === '/api.json' ? { body: served } : null));
});
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-prices-command-'));
  served = readModelsDevSnapshot();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));
afterAll(() => server.close());

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out: string[] = [];
  const error: string[] = [];
  const code = await runPricesSync(argv, env, { out: (line) => out.push(line), error: (line) => error.push(line) });
  return { code, out: out.join('\n'), error: error.join('\n') };
}

describe('npm run prices:sync', () => {
  it('syncs into --data-dir from --url and says what changed', async () => {
    const first = await run(['--data-dir', dataDir, '--url', `${server.origin}/api.json`]);
    expect(first.code).toBe(0);
    expect(first.out).toMatch(new RegExp(`^synced ${server.origin}/api.json: \\d+ models from 20 vendors$`, 'm'));
    expect(first.out).toMatch(/^0 prices changed, 0 models added, 0 removed$/m);
    expect(first.out).toContain(`wrote ${syncedCatalogPath(dataDir)}`);

    served = modelsDevWithPrice('anthropic', 'claude-sonnet-4-5', 4, 20);
    const second = await run(['--data-dir', dataDir, '--url', `${server.origin}/api.json`]);
    expect(second.code).toBe(0);
    expect(second.out).toMatch(/^1 prices changed, 0 models added, 0 removed$/m);
  });

  it('reads the data dir and URL from the environment', async () => {
    const result = await run([], { SWITCHYARD_DATA_DIR: dataDir, SWITCHYARD_PRICES_URL: `${server.origin}/api.json` });
    expect(result.code).toBe(0);
    expect(existsSync(syncedCatalogPath(dataDir))).toBe(true);
  });

  it('exits 1 with the reason when the sync fails, writing nothing', async () => {
    const result = await run(['--data-dir', dataDir, '--url', `${server.origin}/nothing.json`]);
    expect(result.code).toBe(1);
    expect(result.error).toMatch(/answered HTTP 404; the prices in use stay as they were/);
    expect(existsSync(syncedCatalogPath(dataDir))).toBe(false);
  });

  it('exits 2 on an unknown flag, and prints its help on --help', async () => {
    const bad = await run(['--data', dataDir]);
    expect(bad.code).toBe(2);
    expect(bad.error).toMatch(/Usage: npm run prices:sync/);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/--url\s+SWITCHYARD_PRICES_URL/);
  });
});
