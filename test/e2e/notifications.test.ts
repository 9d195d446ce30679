import { describe, expect, it } from 'vitest';
import { openAdminPage, openOnOwnServer, screenshotVariant, screenshotVariants, useBrowser } from './support/browser-session.js';
import { adminService } from './support/fake-data/admin.js';

const session = useBrowser();

describe('the Notifications page', () => {
  it('lists unread first with the catalog message and count, marks one and then all read, and the nav dot goes', async () => {
    const fake = adminService();
    const { page, problems, close } = await openOnOwnServer(session.browser, fake.service, '#/notifications', {}, openAdminPage);
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
    await close();
  });
});

describe('the Notifications page screenshots', () => {
  it.each(screenshotVariants)('notifications-$suffix', async (variant) => {
    const { page, close } = await openOnOwnServer(session.browser, adminService().service, '#/notifications', variant.options, openAdminPage);
    await page.locator('main li').nth(3).waitFor();
    await screenshotVariant(page, 'notifications', variant);
    await close();
  });
});
