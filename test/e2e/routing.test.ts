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

describe('the routing page', () => {
  it('shows a refused value at its field, keeps it, then saves a good one with a clear success', async () => {
    const fake = createProvidersFake();
    const server = await startFakeControlServer(fake.service);
    const { page, context, problems } = await openWindow(browser);
    await signIn(page, server.url, 'any-token');
    await page.goto(`${server.url}/#/routing`);
    const retries = page.getByLabel('Retries');
    await expect.poll(() => retries.inputValue()).toBe('2');
    expect(await page.getByText('How many other keys a failed request is tried on').isVisible()).toBe(true);

    await retries.fill('50');
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.locator('#routing-retries-error').waitFor();
    expect(await page.locator('#routing-retries-error').textContent()).toContain('at most 10 retries');
    expect(await retries.inputValue()).toBe('50');
    expect(await page.getByText('Routing saved').count()).toBe(0);

    await retries.fill('4');
    await page.getByLabel('Strategy').selectOption('latency');
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.getByText('Routing saved; new requests use it now.').waitFor();
    expect(fake.calls.filter((call) => call.method === 'setRouting').at(-1)!.input).toEqual({
      strategy: 'latency', retries: 4, timeoutMs: 120000, failureThreshold: 3, cooldownMs: 30000,
    });
    expect(await page.locator('#routing-retries-error').count()).toBe(0);
    expect(problems.filter((problem) => !problem.includes('400'))).toEqual([]);
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
    await page.goto(`${server.url}/#/routing`);
    await expect.poll(() => page.locator('#routing-retries').inputValue()).toBe('2');
    if (locale === 'en-US') await screenshot(page, `routing-${colorScheme}`);
    else await page.screenshot({ path: `/tmp/switchyard-shots/routing-${colorScheme}-zh.png` });
    await context.close();
    await server.close();
  });
});
