import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/**
 * Debian's Chromium, driven by playwright-core: never a downloaded browser. `npm test` installs the
 * package when it runs as root; SWITCHYARD_CHROMIUM points elsewhere (macOS, another distribution).
 */
export const chromiumPath = process.env.SWITCHYARD_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath)) {
    throw new Error(`The window's tests need Chromium at ${chromiumPath}: apt-get install chromium, or set SWITCHYARD_CHROMIUM.`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

export interface WindowOptions {
  locale?: 'en-US' | 'zh-CN';
  colorScheme?: 'light' | 'dark';
}

/** A fresh browser profile (no stored token, no preferences), sized like the tray app's window. */
export async function openWindow(browser: Browser, options: WindowOptions = {}): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 820 },
    locale: options.locale ?? 'en-US',
    colorScheme: options.colorScheme ?? 'light',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  // Anything the page logs as an error or throws fails the test that reads `problems`.
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  // Which call failed, so a problem names it (the console only says a status).
  page.on('response', (response) => {
    if (response.status() >= 500) problems.push(`answer: ${response.status()} ${new URL(response.url()).pathname}`);
  });
  return { context, page, problems };
}

export async function signIn(page: Page, url: string, adminToken: string): Promise<void> {
  await page.goto(`${url}/`);
  await page.getByLabel(/Admin token|管理令牌/).fill(adminToken);
  await page.getByRole('button', { name: /Sign in|登录/ }).click();
  await page.getByRole('navigation').waitFor();
}

/** Where the e2e run leaves its screenshots for the README. */
export const screenshotFolder = join(import.meta.dirname, '..', '..', '..', 'docs', 'screenshots');

export async function screenshot(page: Page, name: string, folder = screenshotFolder): Promise<void> {
  mkdirSync(folder, { recursive: true });
  await page.screenshot({ path: join(folder, `${name}.png`), fullPage: false });
}
