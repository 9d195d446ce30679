import { describe, expect, it } from 'vitest';
import { openWindow, signIn } from './support/browser.js';
import { englishReadmeVariants, openOnOwnServer, screenshotVariant, useBrowser, waitForImages } from './support/browser-session.js';
import { startFakeControlServer } from './support/fake-control-server.js';
import { createProvidersFake } from './support/fake-data/providers.js';

const session = useBrowser();

describe('the providers page', () => {
  it('adds a provider from a preset: the key travels once, then only its hint is anywhere on the page', async () => {
    const fake = createProvidersFake();
    const { page, problems, close } = await openOnOwnServer(session.browser, fake.service, '#/providers');
    const secret = 'gsk_live_1234567890abcdefWXYZ';
    await page.getByLabel('Search vendors').fill('groq');
    await page.getByRole('button', { name: 'Add Groq' }).click();
    const keyField = page.getByLabel('API key', { exact: true });
    expect(await keyField.getAttribute('type')).toBe('password');
    expect(await keyField.getAttribute('autocomplete')).toBe('off');
    await keyField.fill(secret);
    await page.getByRole('button', { name: 'Save provider' }).click();
    await page.getByRole('heading', { name: 'groq', exact: true }).waitFor();

    const saves = fake.calls.filter((call) => call.method === 'saveProvider');
    expect(saves).toHaveLength(1);
    expect(saves[0]!.input).toMatchObject({ id: 'groq', preset: 'groq', baseUrl: 'https://api.groq.com/openai/v1', keys: [{ id: 'key-1', secret }] });
    expect(fake.calls.filter((call) => JSON.stringify(call.input).includes(secret))).toHaveLength(1);
    await expect.poll(() => page.getByText('gsk…WXYZ').count()).toBe(1);
    expect(await page.content()).not.toContain(secret);
    const inputValues = await page.locator('input, textarea').evaluateAll((fields) => fields.map((field) => (field as HTMLInputElement).value));
    expect(inputValues.join('\n')).not.toContain(secret);
    expect(problems).toEqual([]);
    await close();
  });

  it('tests a key and shows its latency, models and balance', async () => {
    const fake = createProvidersFake();
    const { page, close } = await openOnOwnServer(session.browser, fake.service, '#/providers');
    await page.getByRole('button', { name: 'Test key sk-…9d3e' }).click();
    await page.getByText('Reachable in 312 ms').waitFor();
    expect(await page.getByText('2 models').isVisible()).toBe(true);
    expect(await page.getByText('Balance CN¥61.20').isVisible()).toBe(true);
    expect(fake.calls).toContainEqual({ method: 'testKey', input: { providerId: 'deepseek', keyId: 'key-1' } });
    await close();
  });

  it('shows a refused edit at the field it names and keeps what was typed', async () => {
    const fake = createProvidersFake();
    const { page, close } = await openOnOwnServer(session.browser, fake.service, '#/providers');
    await page.getByRole('button', { name: 'Edit openai' }).click();
    const budget = page.locator('#key-0-budget');
    await budget.fill('-5');
    await page.getByRole('button', { name: 'Save provider' }).click();
    const message = page.locator('#key-0-budget-error');
    await message.waitFor();
    expect(await message.textContent()).toContain('a budget is 0 or more dollars');
    expect(await budget.inputValue()).toBe('-5');
    expect(await budget.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('dialog').isVisible()).toBe(true);
    // Nothing else changed: the list still has the saved budget.
    expect(fake.providers.find((provider) => provider.id === 'openai')!.keys[0]!.budgetUsd).toBe(50);
    await close();
  });

  it('re-enables a key disabled after a 401', async () => {
    const fake = createProvidersFake();
    const { page, close } = await openOnOwnServer(session.browser, fake.service, '#/providers');
    await page.getByText('Anthropic refused the key with 401').waitFor();
    await page.getByRole('button', { name: 'Re-enable key sk-ant-…Hh20' }).click();
    await page.getByRole('button', { name: 'Disable key sk-ant-…Hh20' }).waitFor();
    expect(fake.calls).toContainEqual({ method: 'setKeyEnabled', input: { providerId: 'anthropic', keyId: 'team', enabled: true } });
    await close();
  });

  it('previews an import with its warnings, then applies it', async () => {
    const fake = createProvidersFake();
    const { page, close } = await openOnOwnServer(session.browser, fake.service, '#/providers');
    await page.getByRole('button', { name: 'Import…' }).click();
    const text = '{"Providers":[{"name":"openrouter","api_base_url":"https://openrouter.ai/api/v1/chat/completions","api_key":"sk-or-v1-abc"}]}';
    await page.getByLabel('Text to import').fill(text);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByText('Recognised as a claude-code-router configuration').waitFor();
    expect(await page.getByText('has no Switchyard equivalent').isVisible()).toBe(true);
    expect(fake.calls.some((call) => call.method === 'applyImport')).toBe(false);
    await page.getByRole('button', { name: 'Add these providers' }).click();
    await page.getByText('Added: openrouter, siliconflow.').waitFor();
    expect(fake.calls).toContainEqual({ method: 'applyImport', input: { text } });
    await close();
  });

  it.each(englishReadmeVariants)('is captured in $suffix', async (variant) => {
    const { page, problems, close } = await openOnOwnServer(session.browser, createProvidersFake().service, '#/providers', variant.options);
    await page.locator('article.provider').first().waitFor();
    await waitForImages(page);
    await screenshotVariant(page, 'providers', variant);
    expect(problems).toEqual([]);
    await close();
  });
});

describe('the welcome page', () => {
  it('leads to the first provider, then says how to point a client at Switchyard', async () => {
    const fake = createProvidersFake({ empty: true });
    const server = await startFakeControlServer(fake.service);
    const { page, context, problems } = await openWindow(session.browser);
    await signIn(page, server.url, 'any-token');
    await expect.poll(() => page.url()).toContain('#/welcome');
    await page.getByRole('button', { name: 'Add DeepSeek' }).click();
    await page.getByLabel('API key', { exact: true }).fill('sk-deepseek-000011112222');
    await page.getByRole('button', { name: 'Save provider' }).click();
    await page.getByText('Your first provider is ready.').waitFor();
    expect(await page.getByRole('link', { name: 'Open the client snippets' }).getAttribute('href')).toBe('#/settings');
    expect(problems).toEqual([]);
    await context.close();
    await server.close();
  });

  it.each(englishReadmeVariants)('is captured in $suffix', async (variant) => {
    const { page, close } = await openOnOwnServer(session.browser, createProvidersFake({ empty: true }).service, '#/welcome', variant.options);
    await page.locator('.popular img, .popular .logo').first().waitFor();
    await waitForImages(page);
    await screenshotVariant(page, 'welcome', variant);
    await close();
  });
});
