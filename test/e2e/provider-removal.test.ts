import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openWindow, signIn } from './support/browser.js';
import { startFakeControlServer } from './support/fake-control-server.js';
import { createProvidersFake } from './support/fake-data/providers.js';

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('removing a provider', () => {
  it("asks in the window's own dialog, does nothing on cancel, and removes on confirm", async () => {
    const fake = createProvidersFake();
    const server = await startFakeControlServer(fake.service);
    const { page, context, problems } = await openWindow(browser);
    await signIn(page, server.url, 'any-token');
    await page.goto(`${server.url}/#/providers`);

    await page.getByRole('button', { name: 'Remove deepseek' }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove deepseek' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(fake.calls.filter((call) => call.method === 'removeProvider')).toEqual([]);

    await page.getByRole('button', { name: 'Remove deepseek' }).click();
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByRole('heading', { name: 'deepseek', exact: true }).waitFor({ state: 'detached' });
    expect(fake.calls.filter((call) => call.method === 'removeProvider')).toEqual([{ method: 'removeProvider', input: { id: 'deepseek' } }]);
    expect(problems).toEqual([]);
    await context.close();
    await server.close();
  });
});
