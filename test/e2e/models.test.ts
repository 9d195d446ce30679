import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openWindow, screenshot, signIn } from './support/browser.js';
import { startFakeControlServer } from './support/fake-control-server.js';
import { createProvidersFake } from './support/fake-data/providers.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the models page', () => {
  it('lists prices per provider, flags the unpriced, searches, and edits an alias', async () => {
    const fake = createProvidersFake();
    const server = await startFakeControlServer(fake.service);
    const { page, context, problems } = await openWindow(browser);
    await signIn(page, server.url, 'any-token');
    await page.goto(`${server.url}/#/models`);
    await page.getByRole('rowheader', { name: 'deepseek-chat' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'my-finetune-v2' }).textContent()).toContain('unpriced');
    expect(await page.getByRole('row').filter({ hasText: 'siliconflow' }).textContent()).toContain('$0.28');

    await page.getByLabel('Search models').fill('claude');
    await expect.poll(() => page.getByRole('rowheader').count()).toBe(2);
    await page.getByLabel('Only unpriced').check();
    await expect.poll(() => page.getByText('No model matches.').isVisible()).toBe(true);

    await page.getByLabel('Model 1', { exact: true }).fill('gpt-4o-mini');
    await page.getByLabel('Strategy 3', { exact: true }).selectOption('cost');
    await page.getByRole('button', { name: 'Save aliases' }).click();
    await page.getByText('Aliases saved.').waitFor();
    expect(fake.calls).toContainEqual({
      method: 'setAliases',
      input: { aliases: { fast: 'gpt-4o-mini', smart: { model: 'claude-sonnet-4-5', strategy: 'latency' }, cheap: { model: 'deepseek-chat', strategy: 'cost' } } },
    });
    expect(problems).toEqual([]);
    await context.close();
    await server.close();
  });

  it.each([
    ['light', 'en-US'],
    ['dark', 'en-US'],
    ['light', 'zh-CN'],
    ['dark', 'zh-CN'],
  ] as const)('is captured in %s (%s)', async (colorScheme, locale) => {
    const server = await startFakeControlServer(createProvidersFake().service);
    const { page, context } = await openWindow(browser, { colorScheme, locale });
    await signIn(page, server.url, 'any-token');
    await page.goto(`${server.url}/#/models`);
    await page.getByRole('rowheader', { name: 'deepseek-chat' }).waitFor();
    await page.locator('.alias-table').waitFor();
    if (locale === 'en-US') await screenshot(page, `models-${colorScheme}`);
    else await page.screenshot({ path: `/tmp/switchyard-shots/models-${colorScheme}-zh.png` });
    await context.close();
    await server.close();
  });
});
