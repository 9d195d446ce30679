import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSwitchyard, type RunningSwitchyard } from '../../src-main/service/start-switchyard.js';
import { storedSecretAccount } from '../../src-main/store/secrets/secret-accounts.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { filesUnder, testSwitchyardOptions } from '../support/start-test-gateway.js';
import { launchBrowser, openWindow } from './support/browser.js';

/**
 * The "done when": a new user goes from a fresh start to a configured provider and a working
 * SDK call using only the window, and sees the call on the dashboard within seconds. The real
 * gateway (no --config: the app's own file, the vault), an OpenAI upstream mock, the `openai` SDK.
 */

const adminToken = 'e2e-admin-token-0123456789';
const providerKey = 'sk-e2e-provider-key-9f8e7d6c5b4a';

let browser: Browser;
let upstream: MockOpenAI;
let running: RunningSwitchyard;
let dataDir: string;
let page: Page;
/** Every answer of the admin API the window read, to prove none carries the key. */
const adminAnswers: string[] = [];
const problems: string[] = [];

beforeAll(async () => {
  browser = await launchBrowser();
  upstream = await startMockOpenAI({ keys: [providerKey] });
  dataDir = mkdtempSync(join(tmpdir(), 'switchyard-e2e-'));
  running = await startSwitchyard(testSwitchyardOptions(dataDir, null, adminToken));
  const window = await openWindow(browser);
  page = window.page;
  problems.push(...window.problems);
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('response', async (response) => {
    if (!response.url().includes('/api/control/')) return;
    adminAnswers.push(await response.text().catch(() => ''));
  });
});

afterAll(async () => {
  await browser?.close();
  await running?.close();
  await upstream?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Every file under the data dir but the encrypted vault, as bytes. */
function plainFiles(folder: string): Array<{ path: string; bytes: Buffer }> {
  return filesUnder(folder)
    .filter((path) => !path.endsWith('secrets.vault'))
    .map((path) => ({ path, bytes: readFileSync(path) }));
}

describe('a new user, with only the window', () => {
  let clientKey = '';

  it('signs in and lands on the welcome page of a fresh install', async () => {
    await page.goto(`${running.url}/`);
    await page.getByLabel('Admin token').fill(adminToken);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome to Switchyard' }).waitFor();
    expect(page.url()).toContain('#/welcome');
  });

  it('adds OpenAI from its preset with a key: the key is in the secret store and nowhere else', async () => {
    await page.getByRole('button', { name: 'Add OpenAI' }).click();
    await page.getByLabel('Base URL', { exact: true }).fill(upstream.baseUrl);
    await page.getByLabel('API key', { exact: true }).fill(providerKey);
    await page.getByRole('button', { name: 'Save provider' }).click();
    await page.getByRole('status').filter({ hasText: 'Your first provider is ready' }).waitFor();

    // The file holds a `stored:` reference, and the secret store holds the key under it.
    const configuration = readFileSync(running.configPath, 'utf8');
    const reference = /"secret": "stored:([^"]+)"/.exec(configuration);
    expect(reference).not.toBeNull();
    expect(await running.secretStore.get(storedSecretAccount(reference![1]!))).toBe(providerKey);
    // Not in any file (the config, SQLite and its journal), not in any answer the window read.
    for (const file of plainFiles(dataDir)) expect(file.bytes.includes(providerKey), file.path).toBe(false);
    expect(adminAnswers.length).toBeGreaterThan(0);
    for (const answer of adminAnswers) expect(answer).not.toContain(providerKey);
    expect(await page.content()).not.toContain(providerKey);
  });

  it('makes a client key on the Clients page, shown once', async () => {
    await page.goto(`${running.url}/#/clients`);
    await page.getByRole('button', { name: 'New client key' }).click();
    await page.getByLabel('Name', { exact: true }).fill('my-script');
    await page.getByRole('button', { name: 'Create key' }).click();
    clientKey = (await page.getByTestId('new-client-key').textContent()) ?? '';
    expect(clientKey).toMatch(/^sk-sy-/);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    expect(await page.content()).not.toContain(clientKey);
  });

  it('sends a call with the openai SDK and sees it on the dashboard without a reload', async () => {
    await page.goto(`${running.url}/#/dashboard`);
    await page.getByRole('group', { name: 'Requests' }).waitFor();
    // A reload would drop this mark.
    await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));

    const client = new OpenAI({ baseURL: `${running.url}/v1`, apiKey: clientKey, maxRetries: 0 });
    const answer = await client.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello from the e2e test' }] });
    expect(answer.choices[0]?.message.content).toBeTruthy();
    expect(upstream.requests.at(-1)?.apiKey).toBe(providerKey);

    await expect.poll(() => page.getByRole('group', { name: 'Requests' }).locator('.value').textContent(), { timeout: 10_000 }).toBe('1');
    expect(await page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded)).toBe(true);
  });

  it('finds the call in the request log by its client', async () => {
    await page.goto(`${running.url}/#/log`);
    await page.getByLabel('Client', { exact: true }).fill('my-script');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url()).toContain('client=my-script');
    const rows = page.getByRole('table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('gpt-4o-mini');
  });

  it('switches to 中文 and back, live', async () => {
    await page.getByLabel('Language').first().selectOption('zh-CN');
    await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: '仪表盘' }).count()).toBe(1);
    await page.getByLabel('语言').first().selectOption('en');
    await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).count()).toBe(1);
  });

  it('imports a claude-code-router configuration in one step', async () => {
    await page.goto(`${running.url}/#/providers`);
    await page.getByRole('button', { name: 'Import…' }).click();
    const routerConfig = {
      Providers: [{ name: 'relay', api_base_url: `${upstream.baseUrl}/chat/completions`, api_key: providerKey, models: ['gpt-4.1-mini'] }],
      Router: { default: 'relay,gpt-4.1-mini' },
    };
    await page.getByLabel('Text to import').fill(JSON.stringify(routerConfig, null, 2));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Recognised as a claude-code-router configuration').waitFor();
    await page.getByRole('button', { name: 'Add these providers' }).click();
    await page.getByRole('status').filter({ hasText: 'Added: relay' }).waitFor();
    expect(readFileSync(running.configPath, 'utf8')).toContain('"id": "relay"');
    expect(readFileSync(running.configPath, 'utf8')).not.toContain(providerKey);
  });

  it('shows a refused edit at its field and changes nothing', async () => {
    const before = readFileSync(running.configPath);
    await page.goto(`${running.url}/#/routing`);
    const retries = page.getByLabel('Retries', { exact: true });
    await retries.fill('50');
    await page.getByRole('button', { name: 'Save routing' }).click();
    const message = page.getByRole('alert').filter({ hasText: 'retries' });
    await message.waitFor();
    expect(await retries.getAttribute('aria-invalid')).toBe('true');
    expect(readFileSync(running.configPath).equals(before)).toBe(true);
    expect(problems.filter((problem) => !/status of (400|401|404)/.test(problem))).toEqual([]);
  });
});
