import type { Browser } from 'playwright-core';
import { openWindow, screenshot, signIn, type WindowOptions } from './browser.js';
import { fixedNow } from './fake-data/admin.js';

/**
 * A signed-in window on one page of the fake server, its clock fixed to the fake data's time so
 * "2 minutes ago" reads the same on every run (timers still run).
 */
export async function openAdminPage(browser: Browser, url: string, route: string, options: WindowOptions = {}) {
  const opened = await openWindow(browser, options);
  await opened.context.clock.setFixedTime(new Date(fixedNow + 60_000));
  await signIn(opened.page, url, 'any-token');
  await opened.page.evaluate((hash) => (window.location.hash = hash), route);
  await opened.page.getByRole('heading', { level: 1 }).waitFor();
  return opened;
}

export const screenshotVariants: Array<{ suffix: string; options: WindowOptions }> = [
  { suffix: 'light', options: { locale: 'en-US', colorScheme: 'light' } },
  { suffix: 'dark', options: { locale: 'en-US', colorScheme: 'dark' } },
  { suffix: 'zh-CN-light', options: { locale: 'zh-CN', colorScheme: 'light' } },
  { suffix: 'zh-CN-dark', options: { locale: 'zh-CN', colorScheme: 'dark' } },
];

export { screenshot };
