import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundledCatalogPath } from '../../../src-main/usage/price-catalog.js';
import type { PriceCatalogFile } from '../../../src-main/usage/catalog-price.js';
import { loadStartupCatalog, PriceSyncError, syncedCatalogPath, syncPrices } from '../../../src-main/usage/price-sync.js';
import { startJsonServer, type JsonServer } from '../../support/json-server.js';
import { modelsDevWithPrice, readModelsDevSnapshot } from '../../support/models-dev-snapshot.js';

const snapshot = readModelsDevSnapshot();
const bundled = JSON.parse(readFileSync(bundledCatalogPath(), 'utf8')) as PriceCatalogFile;
const bundledModelCount = Object.values(bundled.vendors).reduce((sum, models) => sum + Object.keys(models).length, 0);
const fixedNow = Date.UTC(2025, 10, 20, 12, 30, 0);

let server: JsonServer;
let dataDir: string;
const agent = new Agent();
let served: Buffer | string = snapshot;

beforeAll(async () => {
  server = await startJsonServer((request) => (request.path === '/api.json' ? { body: served } : null));
});
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-price-sync-'));
  served = snapshot;
});
afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});
afterAll(async () => {
  await server.close();
  await agent.close();
});

const sync = (overrides: Partial<Parameters<typeof syncPrices>[0]> = {}) =>
  syncPrices({ agent, dataDir, url: `${server.origin}/api.json`, now: () => fixedNow, ...overrides });

async function syncFailure(overrides: Partial<Parameters<typeof syncPrices>[0]> = {}): Promise<PriceSyncError> {
  const error = await sync(overrides).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(PriceSyncError);
  return error as PriceSyncError;
}

describe('syncPrices', () => {
  it('fetches the snapshot, stores the converted catalog with its fetch time, and counts no change against the bundled one', async () => {
    const result = await sync();
    expect(result).toMatchObject({
      url: `${server.origin}/api.json`,
      fetchedAt: '2025-11-20T12:30:00.000Z',
      path: syncedCatalogPath(dataDir),
      vendors: Object.keys(bundled.vendors).length,
      models: bundledModelCount,
      added: 0,
      removed: 0,
      changed: 0,
      problems: [],
    });
    const stored = JSON.parse(readFileSync(syncedCatalogPath(dataDir), 'utf8')) as PriceCatalogFile & { fetchedAt: string };
    expect(stored.fetchedAt).toBe('2025-11-20T12:30:00.000Z');
    expect(stored.generated).toBe('2025-11-20');
    expect(stored.source).toBe(`models.dev api.json from ${server.origin}/api.json`);
    expect(stored.vendors).toEqual(bundled.vendors);
    expect(result.catalog.lookup('gpt-4o', ['openai'])).toMatchObject({ inputPerMTok: 2.5, outputPerMTok: 10 });
    // Written beside the target and renamed: nothing else is left in the data dir.
    expect(readdirSync(dataDir)).toEqual(['price-catalog.synced.json']);
  });

  it('counts a changed price against the catalog in use, and stores it', async () => {
    await sync();
    served = modelsDevWithPrice('openai', 'gpt-4o-mini', 1.5, 6);
    const result = await sync();
    expect(result).toMatchObject({ models: bundledModelCount, changed: 1, added: 0, removed: 0 });
    expect(result.catalog.lookup('gpt-4o-mini', ['openai'])).toMatchObject({ inputPerMTok: 1.5, outputPerMTok: 6 });
    expect(loadStartupCatalog(dataDir, () => {}).catalog.lookup('gpt-4o-mini', ['openai'])).toMatchObject({ inputPerMTok: 1.5 });
  });

  it.each([
    ['unreachable', () => ({ url: 'http://127.0.0.1:1/api.json' }), 'prices_unreachable', /could not be reached/],
    ['a 404', () => ({ url: `${server.origin}/missing.json` }), 'prices_unreachable', /answered HTTP 404/],
    ['not JSON', () => ((served = '<html>Service Unavailable</html>'), {}), 'prices_bad_json', /did not answer JSON/],
    ['not models.dev', () => ((served = '{"object":"list","data":[]}'), {}), 'prices_not_models_dev', /not models.dev's api.json/],
    ['too large', () => ({ maxBytes: 1_000 }), 'prices_too_large', /more than 1000 bytes/],
    ['not an http URL', () => ({ url: 'file:///etc/passwd' }), 'prices_bad_url', /must be an http\(s\) URL/],
  ] as const)('fails when the source is %s, saying why, and leaves the stored catalog as it was', async (_name, arrange, code, message) => {
    await sync();
    const before = readFileSync(syncedCatalogPath(dataDir));
    const error = await syncFailure(arrange());
    expect(error.code).toBe(code);
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/the prices in use stay as they were|must be an http/);
    expect(readFileSync(syncedCatalogPath(dataDir))).toEqual(before);
    expect(readdirSync(dataDir)).toEqual(['price-catalog.synced.json']);
  });

  it('gives up on a source that does not answer in time', async () => {
    const silent = await startJsonServer(() => new Promise(() => {}));
    try {
      const error = await syncFailure({ url: `${silent.origin}/api.json`, timeoutMs: 50 });
      expect(error.code).toBe('prices_unreachable');
      expect(error.message).toMatch(/did not answer within 50 ms/);
    } finally {
      await silent.close();
    }
  });
});

describe('loadStartupCatalog', () => {
  it('uses the bundled catalog when nothing was synced', () => {
    const loaded = loadStartupCatalog(dataDir, () => {});
    expect(loaded.source).toBe('bundled');
    expect(loaded.fetchedAt).toBeNull();
    expect(loaded.catalog.lookup('gpt-4o', ['openai'])).toMatchObject({ inputPerMTok: 2.5 });
  });

  it('prefers the synced catalog', async () => {
    served = modelsDevWithPrice('openai', 'gpt-4o', 3, 12);
    await sync();
    const loaded = loadStartupCatalog(dataDir, () => {});
    expect(loaded).toMatchObject({ source: 'synced', fetchedAt: '2025-11-20T12:30:00.000Z' });
    expect(loaded.catalog.lookup('gpt-4o', ['openai'])).toMatchObject({ inputPerMTok: 3, outputPerMTok: 12 });
  });

  it.each([
    ['not JSON', '{"vendors": '],
    ['without its fetch time', JSON.stringify({ vendors: { openai: { 'gpt-4o': { inputPerMTok: 3, outputPerMTok: 12 } } } })],
    ['with a malformed price', JSON.stringify({ fetchedAt: '2025-11-20T12:30:00.000Z', vendors: { openai: { 'gpt-4o': { inputPerMTok: -3, outputPerMTok: 12 } } } })],
  ])('passes over a synced file %s, with a warning, for the bundled catalog', (_name, text) => {
    writeFileSync(syncedCatalogPath(dataDir), text);
    const warnings: string[] = [];
    const loaded = loadStartupCatalog(dataDir, (message) => warnings.push(message));
    expect(loaded.source).toBe('bundled');
    expect(loaded.catalog.lookup('gpt-4o', ['openai'])).toMatchObject({ inputPerMTok: 2.5 });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/ignoring the synced price catalog .*price-catalog.synced.json.*using the bundled catalog/);
  });
});
