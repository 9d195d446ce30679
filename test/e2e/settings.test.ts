import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openAdminPage, openOnOwnServer, screenshotVariant, screenshotVariants, useBrowser } from './support/browser-session.js';
import { adminService } from './support/fake-data/admin.js';
import { startFakeControlServer } from './support/fake-control-server.js';

const fake = adminService();
const { calls } = fake;
const session = useBrowser(() => startFakeControlServer(fake.service));

describe('the Settings page', () => {
  it('applies theme, zoom and language at once and saves each with updateSettings', async () => {
    const { page, context, problems } = await openAdminPage(session.browser, session.server.url, '#/settings');
    await page.getByLabel('Theme', { exact: true }).first().waitFor();
    await page.locator('#setting-theme').selectOption('dark');
    await expect.poll(() => page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
    await page.locator('#setting-zoom').fill('120');
    await expect.poll(() => page.evaluate(() => document.documentElement.style.getPropertyValue('zoom'))).toBe('1.2');
    await page.locator('#setting-language').selectOption('zh-CN');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('设置');
    await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: '请求日志' }).count()).toBe(1);
    expect(calls.updateSettings).toEqual([{ theme: 'dark' }, { zoom: 120 }, { language: 'zh-CN' }]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the listen address, the vault note, and snippets for this gateway with a placeholder key', async () => {
    const { page, context } = await openAdminPage(session.browser, session.server.url, '#/settings');
    await expect.poll(() => page.getByTestId('listen-address').textContent()).toBe('127.0.0.1:4780');
    expect(await page.getByText('No system keychain answered').count()).toBe(1);
    await page.getByRole('tab', { name: 'Claude Code' }).click();
    const code = await page.getByTestId('snippet-code').textContent();
    expect(code).toContain('ANTHROPIC_BASE_URL="http://127.0.0.1:4780"');
    expect(code).toContain('<your client key>');
    await page.keyboard.press('ArrowRight');
    expect(await page.getByTestId('snippet-code').textContent()).toContain('wire_api = "chat"');
    await context.close();
  });

  it('checks thresholds at the field before saving', async () => {
    const { page, context } = await openAdminPage(session.browser, session.server.url, '#/settings');
    const before = calls.updateSettings.length;
    await page.getByLabel('Warning at').fill('96');
    await page.locator('#thresholds').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('#threshold-critical-error').textContent()).toBe('The critical level must be higher than the warning level.');
    expect(await page.getByLabel('Critical at').getAttribute('aria-invalid')).toBe('true');
    expect(calls.updateSettings.length).toBe(before);
    await page.getByLabel('Warning at').fill('70');
    await page.locator('#thresholds').getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => calls.updateSettings.at(-1)).toEqual({ quotaThresholds: { warning: 70, critical: 95 } });
    await context.close();
  });

  it('downloads the configuration, and asks for a passphrase typed twice when keys are included', async () => {
    const { page, context } = await openAdminPage(session.browser, session.server.url, '#/settings');
    const plain = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export configuration' }).click();
    const download = await plain;
    expect(download.suggestedFilename()).toBe('switchyard-config.json');
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual({ providers: [], encrypted: false });
    expect(calls.exportConfiguration.at(-1)).toEqual({ includeSecrets: false });

    await page.getByLabel('Include the keys').check();
    await page.locator('#export-passphrase').fill('short');
    await page.getByRole('button', { name: 'Export configuration' }).click();
    await expect.poll(() => page.getByText('Use at least 8 characters.').count()).toBe(1);
    await page.locator('#export-passphrase').fill('correct horse');
    await page.getByLabel('Passphrase again').fill('correct horsE');
    await page.getByRole('button', { name: 'Export configuration' }).click();
    await expect.poll(() => page.getByText('The two passphrases differ.').count()).toBe(1);
    expect(calls.exportConfiguration).toHaveLength(1);
    await page.getByLabel('Passphrase again').fill('correct horse');
    const secret = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export configuration' }).click();
    expect((await secret).suggestedFilename()).toBe('switchyard-config-with-keys.json');
    expect(calls.exportConfiguration.at(-1)).toEqual({ includeSecrets: true, passphrase: 'correct horse' });
    await context.close();
  });

  it('resets the statistics only after a confirmation naming what goes and what stays', async () => {
    const { page, context } = await openAdminPage(session.browser, session.server.url, '#/settings');
    await page.getByRole('button', { name: 'Reset statistics…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reset the statistics?' });
    await expect.poll(() => dialog.textContent()).toContain('deletes every recorded request');
    expect(await dialog.textContent()).toContain('Providers, keys, their budgets and balances, clients, routing and these settings are kept.');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(calls.resetStatistics).toBe(0);
    await page.getByRole('button', { name: 'Reset statistics…' }).click();
    await dialog.getByRole('button', { name: 'Delete the statistics' }).click();
    await expect.poll(() => page.getByText('The statistics were reset.').count()).toBe(1);
    expect(calls.resetStatistics).toBe(1);
    await context.close();
  });
});

describe('the Settings page data actions', () => {
  it('downloads usage as CSV and syncs prices with a result', async () => {
    const { page, context } = await openAdminPage(session.browser, session.server.url, '#/settings');
    const csv = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    expect((await csv).suggestedFilename()).toBe('switchyard-usage.csv');
    await page.getByRole('button', { name: 'Sync now' }).click();
    await expect.poll(() => page.getByText('Synced: 7 prices changed.').count()).toBe(1);
    await context.close();
  });
});

describe('the Settings page screenshots', () => {
  it.each(screenshotVariants)('settings-$suffix', async (variant) => {
    const { page, close } = await openOnOwnServer(session.browser, adminService().service, '#/settings', variant.options, openAdminPage);
    await page.getByTestId('snippet-code').waitFor();
    await screenshotVariant(page, 'settings', variant);
    await page.locator('#snippets').scrollIntoViewIfNeeded();
    await screenshotVariant(page, 'settings-snippets', variant);
    await close();
  });
});
