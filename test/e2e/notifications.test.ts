import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser } from './support/browser.js';
import { openAdminPage, screenshot, screenshotVariants } from './support/admin-window.js';
import { adminService } from './support/fake-data/admin.js';
import { startFakeControlServer } from './support/fake-control-server.js';

let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

describe('the Notifications page', () => {
  it('lists unread first with the catalog message and count, marks one and then all read, and the nav dot goes', async () => {
    const fake = adminService();
    const server = await startFakeControlServer(fake.service);
    const { page, context, problems } = await openAdminPage(browser, server.url, '#/notifications');
    const items = page.locator('main li');
    await expect.poll(() => items.count()).toBe(4);
    expect(await items.first().textContent()).toContain('openai-main/oa-1 has used 84% of its budget or credit.');
    expect(await items.first().textContent()).toContain('×3');
    expect(await items.nth(1).textContent()).toContain('Requests failed over from anthropic/an-1 to anthropic/an-2.');
    expect(await page.getByText('2 unread').count()).toBe(1);
    const navigation = page.getByRole('navigation').getByRole('link', { name: /Notifications/ });
    expect(await navigation.locator('.dot').count()).toBe(1);

    await items.nth(1).getByRole('button', { name: /Mark read/ }).click();
    await expect.poll(() => page.getByText('1 unread').count()).toBe(1);
    expect(fake.calls.markNotificationsRead).toEqual([{ ids: ['n2'] }]);

    await page.getByRole('button', { name: 'Mark all read' }).click();
    await expect.poll(() => page.getByText('Everything is read.').count()).toBe(1);
    expect(fake.calls.markNotificationsRead.at(-1)).toEqual({});
    expect(await page.getByRole('button', { name: 'Mark all read' }).isDisabled()).toBe(true);
    // The navigation reads the same list, so its dot goes with the last unread one.
    await expect.poll(() => navigation.locator('.dot').count()).toBe(0);
    expect(problems).toEqual([]);
    await context.close();
    await server.close();
  });
});

describe('the Notifications page screenshots', () => {
  it.each(screenshotVariants)('notifications-$suffix', async ({ suffix, options }) => {
    const server = await startFakeControlServer(adminService().service);
    const { page, context } = await openAdminPage(browser, server.url, '#/notifications', options);
    await page.locator('main li').nth(3).waitFor();
    await screenshot(page, `notifications-${suffix}`);
    await context.close();
    await server.close();
  });
});
