import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startJsonServer, type JsonServer } from '../support/json-server.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// The data dir holds usage history, key hints and the vault: other users of the machine must not
// read any of it. After a start, a request (usage written by the writer thread, so the WAL exists)
// and a price sync, the dir is 0700 and every file in it 0600, whatever modes it had before.

let upstream: MockOpenAI;
let prices: JsonServer;
let gateway: TestGateway;
let dataDir: string;

beforeAll(async () => {
  upstream = await startMockOpenAI();
  // The smallest api.json models.dev could serve: one vendor, one priced model.
  const modelsDev = { openai: { id: 'openai', name: 'OpenAI', models: { 'gpt-4o-mini': { id: 'gpt-4o-mini', cost: { input: 0.15, output: 0.6 } } } } };
  prices = await startJsonServer((request) => (request.path === '/api.json' ? { json: modelsDev } : null));
  // A data dir left world-readable, as older versions made it, with a file in it to match.
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-modes-'));
  chmodSync(dataDir, 0o755);
  writeFileSync(join(dataDir, 'notes.txt'), 'left here before', { mode: 0o644 });
  chmodSync(join(dataDir, 'notes.txt'), 0o644);
  gateway = await startTestGateway(
    { providers: [{ id: 'openai-main', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k', secret: 'sk-upstream-modes' }], models: ['gpt-4o-mini'] }] },
    { dataDir, pricesUrl: `${prices.origin}/api.json` },
  );
});

afterAll(async () => {
  await gateway?.dispose();
  await upstream?.close();
  await prices?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every entry under `directory` with its permission bits, as `path → mode`. */
function modesUnder(directory: string): Map<string, number> {
  const modes = new Map<string, number>([[directory, statSync(directory).mode & 0o777]]);
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) for (const [inner, mode] of modesUnder(path)) modes.set(inner, mode);
    else modes.set(path, statSync(path).mode & 0o777);
  }
  return modes;
}

it('keeps the data dir 0700 and every file in it 0600 after a start, a request and a price sync', async () => {
  const client = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
  await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'hello' }] });
  const synced = await fetch(`${gateway.url}/api/prices/sync`, { method: 'POST', headers: { authorization: 'Bearer test-admin-token' } });
  expect(synced.status).toBe(200);
  // The summary waits for the usage writer thread to commit, so its WAL writes have happened.
  const summary = (await (await fetch(`${gateway.url}/api/stats/summary?window=all`, { headers: { authorization: 'Bearer test-admin-token' } })).json()) as {
    requests: number;
  };
  expect(summary.requests).toBe(1);

  const modes = modesUnder(dataDir);
  const names = [...modes.keys()].map((path) => path.slice(dataDir.length + 1));
  // What must be there for the check to mean anything: the database with its WAL and shm, the
  // synced catalog, the vault, the config file and the file from before.
  for (const expected of ['switchyard.db', 'switchyard.db-wal', 'switchyard.db-shm', 'config.json', 'notes.txt']) expect(names).toContain(expected);
  expect(names.some((name) => name.includes('catalog'))).toBe(true);
  expect(names.some((name) => name.includes('vault'))).toBe(true);

  const wrong = [...modes]
    .filter(([path, mode]) => mode !== (statSync(path).isDirectory() ? 0o700 : 0o600))
    .map(([path, mode]) => `${path.slice(dataDir.length) || '(data dir)'}: ${mode.toString(8)}`);
  expect(wrong).toEqual([]);
});
