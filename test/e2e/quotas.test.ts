import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeEnvironment } from '../support/control-fakes.js';
import { createUsageFake, type UsageFake } from './support/fake-data/usage.js';
import { startFakeControlServer, type FakeControlServer } from './support/fake-control-server.js';
import { launchBrowser, openWindow, screenshot, signIn, type WindowOptions } from './support/browser.js';

let browser: Browser;
let server: FakeControlServer;
let fake: UsageFake;

beforeAll(async () => {
  browser = await launchBrowser();
  // Relative times ("runs out in 3 days") are measured from the browser's clock, so the data is too.
  fake = createUsageFake({ now: Date.now() });
  server = await startFakeControlServer({ ...fake.service, environment: async () => ({ ...fakeEnvironment, firstRun: false }) });
});

afterAll(async () => {
  // The browser first: its open event streams would keep the server from closing.
  await browser?.close();
  await server?.close();
});

async function openQuotas(options: WindowOptions = {}): Promise<{ page: Page; close: () => Promise<void>; problems: string[] }> {
  const { page, context, problems } = await openWindow(browser, options);
  await signIn(page, server.url, 'any-token');
  await page.goto(`${server.url}/#/quotas`);
  await page.locator('article.card').first().waitFor();
  return { page, close: () => context.close(), problems };
}

const card = (page: Page, name: string) => page.locator('article.card', { has: page.getByRole('heading', { name, exact: true }) });

describe('the quotas page', () => {
  it("shows each key's budget, credit, balance and pace in the vendor's own unit, the most urgent first", async () => {
    const { page, close, problems } = await openQuotas();
    const headings = await page.locator('article.card h2').allTextContents();
    expect(headings).toEqual(['openai/main', 'anthropic/team', 'anthropic/max-plan', 'deepseek/cn', 'ollama/local']);

    const openai = card(page, 'openai/main');
    expect(await openai.getAttribute('class')).toContain('level-critical');
    expect(await openai.textContent()).toContain('$48.90 of $50.00 used');
    expect(await openai.textContent()).toContain('$1.10 left');
    expect(await openai.textContent()).toContain('per day');
    expect(await openai.textContent()).toContain('runs out in 40 minutes at this rate');
    // Fetched two days ago, past two refresh intervals: marked stale.
    expect(await openai.locator('.badge', { hasText: 'stale' }).count()).toBe(1);
    expect(await openai.getByRole('meter').getAttribute('aria-valuetext')).toBe('97.8% used, Critical');

    const anthropic = card(page, 'anthropic/team');
    expect(await anthropic.getAttribute('class')).toContain('level-warning');
    expect(await anthropic.textContent()).toContain('runs out in 3 days at this rate');
    expect(await anthropic.textContent()).toContain('resets in 9 days');

    const deepseek = card(page, 'deepseek/cn');
    expect(await deepseek.textContent()).toContain('CN¥386.20 left of CN¥500.00');
    expect(await deepseek.textContent()).toContain('CN¥386.20');
    expect(await deepseek.textContent()).toContain('about $53.40');
    expect(await deepseek.locator('.badge', { hasText: 'stale' }).count()).toBe(0);

    const subscription = card(page, 'anthropic/max-plan').getByRole('region', { name: 'Subscription' });
    expect(await subscription.textContent()).toContain('Claude Max');
    expect(await subscription.textContent()).toContain('42% of this window used');
    expect(await card(page, 'ollama/local').textContent()).toContain('No budget, credit or vendor balance');
    expect(problems).toEqual([]);
    await close();
  });

  it('asks every vendor for its balance on request and shows the answers again', async () => {
    const { page, close } = await openQuotas();
    const before = fake.refreshBalanceCalls;
    await page.getByRole('button', { name: 'Refresh balances' }).click();
    await expect.poll(() => fake.refreshBalanceCalls).toBe(before + 1);
    await expect.poll(() => page.getByRole('button', { name: 'Refresh balances' }).isEnabled()).toBe(true);
    await close();
  });

  it.each([
    ['light', 'en-US'],
    ['dark', 'en-US'],
    ['light', 'zh-CN'],
    ['dark', 'zh-CN'],
  ] as const)('looks right for the README (%s, %s)', async (colorScheme, locale) => {
    const { page, close, problems } = await openQuotas({ colorScheme, locale });
    await page.mouse.move(0, 0);
    if (locale === 'en-US') await screenshot(page, `quotas-${colorScheme}`);
    else await page.screenshot({ path: join(tmpdir(), 'switchyard-screenshots', `quotas-${colorScheme}-zh.png`) });
    expect(problems).toEqual([]);
    await close();
  });
});
