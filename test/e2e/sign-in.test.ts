import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../support/start-test-gateway.js';
import { launchBrowser, openWindow, signIn } from './support/browser.js';

let browser: Browser;
let gateway: TestGateway;

beforeAll(async () => {
  browser = await launchBrowser();
  gateway = await startTestGateway({});
});

afterAll(async () => {
  await browser?.close();
  await gateway?.dispose();
});

describe('signing in to the headless window', () => {
  it('refuses a wrong token with its catalogue code, then lets the right one in and opens on the welcome page', async () => {
    const { page, context, problems } = await openWindow(browser);
    await page.goto(`${gateway.url}/`);
    await page.getByLabel('Admin token').fill('not-the-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('invalid_admin_token');
    await signIn(page, gateway.url, 'test-admin-token');
    // Nothing is configured yet, so the window opens on the welcome page.
    await expect.poll(() => page.url()).toContain('#/welcome');
    // The token is in this tab's sessionStorage, never in a cookie.
    expect(await context.cookies()).toEqual([]);
    expect(await page.evaluate(() => sessionStorage.getItem('switchyard.adminToken'))).toBe('test-admin-token');
    expect(problems.filter((problem) => !problem.includes('401'))).toEqual([]);
    await context.close();
  });

  it('opens in Chinese for a Chinese browser and switches language live', async () => {
    const { page, context } = await openWindow(browser, { locale: 'zh-CN' });
    await page.goto(`${gateway.url}/`);
    await expect.poll(() => page.getByRole('heading').first().textContent()).toBe('登录 Switchyard');
    await page.getByLabel('语言').selectOption('en');
    await expect.poll(() => page.getByRole('heading').first().textContent()).toBe('Sign in to Switchyard');
    await context.close();
  });
});
