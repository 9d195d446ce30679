import { describe, expect, it } from 'vitest';
import { openAdminPage, openOnOwnServer, screenshotVariant, screenshotVariants, useBrowser } from './support/browser-session.js';
import { adminService } from './support/fake-data/admin.js';
import { startFakeControlServer } from './support/fake-control-server.js';

const fake = adminService();
const { calls } = fake;
const session = useBrowser(() => startFakeControlServer(fake.service));

describe('the Clients page', () => {
  it('shows a new key once, with a copy button, and forgets it when the dialog closes', async () => {
    const { page, context, problems } = await openAdminPage(session.browser, session.server.url, '#/clients');
    await page.getByRole('cell', { name: 'my-editor' }).waitFor();
    await page.getByRole('button', { name: 'New client key' }).first().click();
    const name = page.getByLabel('Name');
    await name.fill('bad name!');
    await page.getByRole('button', { name: 'Create key' }).click();
    await expect.poll(() => page.getByText('Use letters, digits').isVisible()).toBe(true);
    await name.fill('laptop-cli');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = page.getByTestId('new-client-key');
    await expect.poll(() => key.textContent()).toBe('sk-sy-once-7c0e2b9d41a84f55b6e3d2c1');
    expect(await page.getByText('you will not see it again').isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Copy the new key' }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'I have copied it' }).click();
    await expect.poll(() => page.getByTestId('new-client-key').count()).toBe(0);
    expect(await page.content()).not.toContain('sk-sy-once-7c0e2b9d41a84f55b6e3d2c1');
    await page.getByRole('cell', { name: 'laptop-cli' }).waitFor();
    expect(problems).toEqual([]);
    await context.close();
  });

  it('revokes a generated key after confirmation, and sends config keys to the file instead', async () => {
    const { page, context } = await openAdminPage(session.browser, session.server.url, '#/clients');
    await page.getByRole('button', { name: 'Revoke the key of my-editor' }).click();
    await expect.poll(() => page.getByRole('dialog').textContent()).toContain('/home/ada/.config/switchyard/config.json');
    expect(await page.getByRole('button', { name: 'Revoke key' }).count()).toBe(0);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Revoke the key of nightly-batch' }).click();
    await page.getByRole('button', { name: 'Revoke key' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'nightly-batch' }).count()).toBe(0);
    expect(calls.revokeClient).toEqual(['nightly-batch']);
    await context.close();
  });
});

describe('the Clients page screenshots', () => {
  it.each(screenshotVariants)('clients-$suffix', async (variant) => {
    // A server of its own, untouched by the tests above.
    const { page, close } = await openOnOwnServer(session.browser, adminService().service, '#/clients', variant.options, openAdminPage);
    await page.getByRole('cell', { name: 'claude-code' }).waitFor();
    await screenshotVariant(page, 'clients', variant);
    await close();
  });
});
