import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwitchyard, type RunningSwitchyard } from '../../src-main/service/start-switchyard.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { filesUnder, testSwitchyardOptions } from '../support/start-test-gateway.js';

// Started without --config: the app keeps its own config.json, the window adds a provider and a key
// over the control API, and the key ends up in the secret store only, never in a file, the
// database or an answer, while requests through the new provider carry it upstream.

const typedKey = 'sk-window-typed-9f8e7d6c5b4a3210';
const adminToken = 'window-config-admin-token';
const admin = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };

let upstream: MockOpenAI;
let dataDir: string;
let running: RunningSwitchyard;
let stopped = false;
const answers: string[] = [];

async function control(method: string, input: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${running.url}/api/control/${method}`, { method: 'POST', headers: admin, body: JSON.stringify(input) });
  const text = await response.text();
  answers.push(text);
  return { status: response.status, body: JSON.parse(text) as unknown };
}

beforeAll(async () => {
  upstream = await startMockOpenAI({ keys: [typedKey] });
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-window-config-'));
  running = await startSwitchyard(testSwitchyardOptions(dataDir, null, adminToken));
});

afterAll(async () => {
  if (!stopped) await running?.close();
  await upstream?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a configuration the window owns', () => {
  it('is the data dir config.json, made on the first start', () => {
    expect(running.configPath).toBe(join(dataDir, 'config.json'));
    expect(readFileSync(running.configPath, 'utf8')).toBe('{\n  "providers": []\n}\n');
  });

  it('takes a provider and key from the window: the key only in the secret store, requests carry it upstream', async () => {
    const saved = await control('saveProvider', { id: 'mock', type: 'openai', baseUrl: upstream.baseUrl, models: ['gpt-4o'], keys: [{ id: 'main', secret: typedKey }] });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ id: 'mock', keys: [{ id: 'main', secretSource: 'stored', hint: 'sk-...3210', status: 'active' }] });

    expect(JSON.parse(readFileSync(running.configPath, 'utf8'))).toEqual({
      providers: [{ id: 'mock', type: 'openai', baseUrl: upstream.baseUrl, models: ['gpt-4o'], keys: [{ id: 'main', secret: 'stored:mock/main' }] }],
    });
    expect(await running.secretStore.get('stored/mock/main')).toBe(typedKey);
    // Kept once, under its stored name, so deleting that name deletes the key.
    expect(await running.secretStore.get('provider/mock/main')).toBeNull();

    const listed = await control('listProviders', {});
    expect(listed.body).toMatchObject([{ id: 'mock', keys: [{ hint: 'sk-...3210' }] }]);

    const openai = new OpenAI({ apiKey: running.generatedClientKey!, baseURL: `${running.url}/v1`, maxRetries: 0 });
    const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
    expect(completion.choices[0]?.message.content).toBeTruthy();
    expect(upstream.requests.at(-1)?.headers.authorization).toBe(`Bearer ${typedKey}`);

    // Usage is written every 20 ms; the database and its -wal are scanned with the row in them.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(filesHoldingTheKey()).toEqual([]);
    expect(filesUnder(dataDir).map((path) => path.slice(dataDir.length + 1))).toEqual(expect.arrayContaining(['config.json', 'switchyard.db', 'secrets.vault']));
    for (const answer of answers) expect(answer).not.toContain(typedKey);
  });

  it('answers a refused edit with 400 configuration_refused and its field, the file unchanged', async () => {
    const before = readFileSync(running.configPath);
    const refused = await control('saveProvider', { originalId: 'mock', id: 'mock', baseUrl: 'not a url' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: { code: 'configuration_refused', field: 'providers[0].baseUrl' } });
    expect(readFileSync(running.configPath).equals(before)).toBe(true);
  });

  it('tells the window of a hand edit, applied from the file as it is watched', async () => {
    const changed = new Promise<void>((resolve) => {
      const unsubscribe = running.control.subscribe((event) => {
        if (event.type !== 'configuration-changed') return;
        unsubscribe();
        resolve();
      });
    });
    const document = JSON.parse(readFileSync(running.configPath, 'utf8')) as Record<string, unknown>;
    writeFileSync(running.configPath, JSON.stringify({ ...document, modelAliases: { fast: 'gpt-4o' } }));
    await changed;
    expect((await control('getAliases', {})).body).toEqual({ fast: 'gpt-4o' });
  });

  it('leaves the key in no file but the encrypted vault once stopped', async () => {
    await running.close();
    stopped = true;
    expect(filesHoldingTheKey()).toEqual([]);
  });
});

/** Every file under the data dir whose bytes hold the key, the vault (encrypted) aside. */
function filesHoldingTheKey(): string[] {
  const needle = Buffer.from(typedKey);
  return filesUnder(dataDir).filter((path) => !path.endsWith('secrets.vault') && readFileSync(path).includes(needle));
}
