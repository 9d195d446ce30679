import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { ControlService } from '../../../src-shared/control/control-service.js';
import { launchBrowser, openWindow, screenshot, screenshotFolder, signIn, type WindowOptions } from './browser.js';
import { startFakeControlServer, type FakeControlServer } from './fake-control-server.js';
import { fixedNow } from './fake-data/admin.js';

interface Closable {
  close(): Promise<void>;
}

export interface BrowserSession<Server> {
  readonly browser: Browser;
  readonly server: Server;
}

/**
 * One Chromium for a test file and, when given, one server started after it. Both close after the
 * file's tests, the browser first: its open event streams would keep the server from closing.
 */
export function useBrowser<Server extends Closable = never>(startServer?: () => Promise<Server>): BrowserSession<Server> {
  let browser: Browser | undefined;
  let server: Server | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
    if (startServer) server = await startServer();
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('The browser starts in beforeAll: use it inside a test.');
      return browser;
    },
    get server() {
      if (!server) throw new Error('This file started no server: pass useBrowser a function that starts one.');
      return server;
    },
  };
}

export interface SignedInPage {
  page: Page;
  context: BrowserContext;
  problems: string[];
  close(): Promise<void>;
}

export interface SignedInOptions extends WindowOptions {
  /** Fixes the window's clock (timers still run), so relative times read the same on every run. */
  fixedTime?: number;
}

/** A fresh window signed in to `url` (any token: the servers here accept it) and on `route` ("#/log"). */
export async function openSignedIn(browser: Browser, url: string, route: string, options: SignedInOptions = {}): Promise<SignedInPage> {
  const { context, page, problems } = await openWindow(browser, options);
  if (options.fixedTime !== undefined) await context.clock.setFixedTime(new Date(options.fixedTime));
  await signIn(page, url, 'any-token');
  await page.goto(`${url}/${route}`);
  return { page, context, problems, close: () => context.close() };
}

/** A window on the admin fake's page, its clock a minute after the fake data's time. */
export async function openAdminPage(browser: Browser, url: string, route: string, options: WindowOptions = {}): Promise<SignedInPage> {
  const opened = await openSignedIn(browser, url, route, { ...options, fixedTime: fixedNow + 60_000 });
  await opened.page.getByRole('heading', { level: 1 }).waitFor();
  return opened;
}

type OpenPage = (browser: Browser, url: string, route: string, options?: WindowOptions) => Promise<SignedInPage>;

/** A fake control server of the test's own in front of a window `open` signs in; close ends both. */
export async function openOnOwnServer(
  browser: Browser,
  service: Partial<ControlService>,
  route: string,
  options: WindowOptions = {},
  open: OpenPage = openSignedIn,
): Promise<SignedInPage & { server: FakeControlServer }> {
  const server = await startFakeControlServer(service);
  const opened = await open(browser, server.url, route, options);
  return {
    ...opened,
    server,
    close: async () => {
      await opened.close();
      await server.close();
    },
  };
}

/** Logos and fonts are separate files: a screenshot waits until each has arrived. */
export async function waitForImages(page: Page): Promise<void> {
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  await page.evaluate(() => document.fonts.ready);
}

export interface ScreenshotVariant {
  suffix: string;
  options: WindowOptions;
  folder: string;
}

/** Shots the README does not show, kept for looking at while changing a page. */
export const lookingFolder = join(tmpdir(), 'switchyard-screenshots');

/** Every page in light and dark, English and Chinese, all kept beside the README. */
export const screenshotVariants: ScreenshotVariant[] = [
  { suffix: 'light', options: { locale: 'en-US', colorScheme: 'light' }, folder: screenshotFolder },
  { suffix: 'dark', options: { locale: 'en-US', colorScheme: 'dark' }, folder: screenshotFolder },
  { suffix: 'zh-CN-light', options: { locale: 'zh-CN', colorScheme: 'light' }, folder: screenshotFolder },
  { suffix: 'zh-CN-dark', options: { locale: 'zh-CN', colorScheme: 'dark' }, folder: screenshotFolder },
];

/** The same four, for pages whose README row shows only the English ones. */
export const englishReadmeVariants: ScreenshotVariant[] = screenshotVariants.map((variant) =>
  variant.options.locale === 'en-US' ? variant : { ...variant, folder: lookingFolder },
);

/** Saves the page as `<name>-<suffix>.png` in the variant's folder. */
export async function screenshotVariant(page: Page, name: string, variant: ScreenshotVariant): Promise<void> {
  await screenshot(page, `${name}-${variant.suffix}`, variant.folder);
}
