import { describe, expect, it } from 'vitest';
import { openAdminPage, screenshotVariant, screenshotVariants, useBrowser } from './support/browser-session.js';
import { adminRows, adminService, fixedNow } from './support/fake-data/admin.js';
import { startFakeControlServer, type FakeControlServer } from './support/fake-control-server.js';

const session = useBrowser();

async function withServer(options: { logBodies?: boolean }, run: (server: FakeControlServer, calls: ReturnType<typeof adminService>['calls']) => Promise<void>): Promise<void> {
  const fake = adminService(options);
  const server = await startFakeControlServer(fake.service);
  try {
    await run(server, fake.calls);
  } finally {
    await server.close();
  }
}

describe('the Request log page', () => {
  it('asks for the filtered page, keeps the filters in the URL across a reload, and pages on with the cursor', async () => {
    await withServer({}, async (server, calls) => {
      const { page, context, problems } = await openAdminPage(session.browser, server.url, '#/log');
      await expect.poll(() => page.getByText('Showing 50 of 60 requests').count()).toBe(1);
      await page.getByRole('button', { name: 'Load more' }).click();
      await expect.poll(() => page.getByText('Showing 60 of 60 requests').count()).toBe(1);
      expect(calls.requestLog.at(-1)).toEqual({ limit: 50, before: 11 });
      expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

      await page.getByLabel('Outcome').selectOption('error');
      await expect.poll(() => calls.requestLog.at(-1)).toEqual({ limit: 50, outcome: 'error' });
      await page.getByLabel('Client').fill('my-editor');
      await page.getByLabel('Client').press('Enter');
      await expect.poll(() => calls.requestLog.at(-1)).toEqual({ limit: 50, outcome: 'error', client: 'my-editor' });
      expect(page.url()).toContain('#/log?client=my-editor&outcome=error');

      await page.reload();
      await expect.poll(() => calls.requestLog.at(-1)).toEqual({ limit: 50, outcome: 'error', client: 'my-editor' });
      expect(await page.getByLabel('Client').inputValue()).toBe('my-editor');
      const expected = adminRows.filter((row) => row.status >= 300 && row.client === 'my-editor').length;
      await expect.poll(() => page.locator('tbody tr').count()).toBe(expected);
      expect(problems).toEqual([]);
      await context.close();
    });
  });

  it('opens a request in a drawer with Enter, shows its bodies, and gives focus back on Escape', async () => {
    await withServer({ logBodies: true }, async (server) => {
      const { page, context } = await openAdminPage(session.browser, server.url, '#/log');
      const opener = page.locator('tbody tr').first().getByRole('button');
      await opener.focus();
      await page.keyboard.press('Enter');
      const drawer = page.getByRole('dialog', { name: 'Request #60' });
      await expect.poll(() => drawer.getByText('Summarise the release notes.').count()).toBe(1);
      expect(await drawer.getByText('Three fixes and one feature.').count()).toBe(1);
      await page.keyboard.press('Escape');
      await expect.poll(() => drawer.isVisible()).toBe(false);
      expect(await opener.evaluate((element) => element === document.activeElement)).toBe(true);
      await context.close();
    });
  });

  it('says body logging was off, with a link to the setting, when a request has no bodies', async () => {
    await withServer({ logBodies: false }, async (server) => {
      const { page, context } = await openAdminPage(session.browser, server.url, '#/log');
      await page.locator('tbody tr').first().getByRole('button').click();
      const link = page.getByRole('dialog').getByRole('link', { name: 'Turn on body logging in Settings.' });
      await link.waitFor();
      expect(await link.getAttribute('href')).toBe('#/settings');
      await context.close();
    });
  });

  it('adds a pushed request at the top, live, and leaves it out when a filter excludes it', async () => {
    await withServer({}, async (server) => {
      const { page, context } = await openAdminPage(session.browser, server.url, '#/log');
      await expect.poll(() => page.getByText('Showing 50 of 60 requests').count()).toBe(1);
      const fresh = { ...adminRows[0]!, id: 61, time: fixedNow + 30_000, modelRequested: 'live-model', modelUsed: 'live-model' };
      server.events.emit({ type: 'request', row: fresh });
      await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('live-model');
      await expect.poll(() => page.getByText('Showing 51 of 61 requests').count()).toBe(1);

      await page.getByLabel('Outcome').selectOption('error');
      await expect.poll(() => page.locator('tbody tr').first().textContent()).not.toContain('live-model');
      server.events.emit({ type: 'request', row: { ...fresh, id: 62, modelRequested: 'second-live' } });
      // Events arrive in order: once a failed one that the filter lets through is shown, the other has been seen and left out.
      server.events.emit({ type: 'request', row: { ...fresh, id: 63, status: 500, modelRequested: 'failed-live' } });
      await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain('failed-live');
      expect(await page.getByText('second-live').count()).toBe(0);
      await context.close();
    });
  });
});

describe('the Request log page screenshots', () => {
  it.each(screenshotVariants)('log-$suffix', async (variant) => {
    await withServer({ logBodies: true }, async (server) => {
      const { page, context } = await openAdminPage(session.browser, server.url, '#/log', variant.options);
      await page.locator('tbody tr').nth(10).waitFor();
      await screenshotVariant(page, 'log', variant);
      await page.locator('tbody tr').nth(1).getByRole('button').click();
      await page.getByRole('dialog').locator('pre').first().waitFor();
      await screenshotVariant(page, 'log-drawer', variant);
      await context.close();
    });
  });
});
