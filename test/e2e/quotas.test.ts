import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WindowOptions } from './support/browser.js';
import { englishReadmeVariants, openSignedIn, screenshotVariant, useBrowser, type SignedInPage } from './support/browser-session.js';
import { createUsageFake } from './support/fake-data/usage.js';
import { startFakeControlServer } from './support/fake-control-server.js';

// Relative times ("runs out in 3 days") are measured from the browser's clock, so the data is too.
const fake = createUsageFake({ now: Date.now() });
const session = useBrowser(() => startFakeControlServer(fake.service));

async function openQuotas(options: WindowOptions = {}): Promise<SignedInPage> {
  const opened = await openSignedIn(session.browser, session.server.url, '#/quotas', options);
  await opened.page.locator('article.card').first().waitFor();
  return opened;
}

const card = (page: Page, name: string) => page.locator('article.card', { has: page.getByRole('heading', { name, exact: true }) });

describe('the quotas page', () => {
  it("shows each key's budget, credit, balance and pace in the vendor's own unit, the most urgent first", async () => {
    const { page, close, problems } = await openQuotas();
    const headings = await page.locator('article.card h2').allTextContents();
    expect(headings).toEqual(['openai/main', 'anthropic/team', 'anthropic/max-plan', 'deepseek/cn', 'ollama/local']);

    const openai = card(page, 'openai/main');
    expect(await openai.getAttribute('class')).toContain('level-critical');
    expect(await openai.textContent()).toContain('$48.90 of $50.00 used');
    expect(await openai.textContent()).toContain('$1.10 left');
    expect(await openai.textContent()).toContain('per day');
    expect(await openai.textContent()).toContain('runs out in 40 minutes at this rate');
    // Fetched two days ago, past two refresh intervals: marked stale.
    expect(await openai.locator('.badge', { hasText: 'stale' }).count()).toBe(1);
    expect(await openai.getByRole('meter').getAttribute('aria-valuetext')).toBe('97.8% used, Critical');

    const anthropic = card(page, 'anthropic/team');
    expect(await anthropic.getAttribute('class')).toContain('level-warning');
    expect(await anthropic.textContent()).toContain('runs out in 3 days at this rate');
    expect(await anthropic.textContent()).toContain('resets in 9 days');

    const deepseek = card(page, 'deepseek/cn');
    expect(await deepseek.textContent()).toContain('CN¥386.20 left of CN¥500.00');
    expect(await deepseek.textContent()).toContain('CN¥386.20');
    expect(await deepseek.textContent()).toContain('about $53.40');
    expect(await deepseek.locator('.badge', { hasText: 'stale' }).count()).toBe(0);

    const subscription = card(page, 'anthropic/max-plan').getByRole('region', { name: 'Subscription' });
    expect(await subscription.textContent()).toContain('Claude Max');
    expect(await subscription.textContent()).toContain('42% of this window used');
    expect(await card(page, 'ollama/local').textContent()).toContain('No budget, credit or vendor balance');
    expect(problems).toEqual([]);
    await close();
  });

  it('asks every vendor for its balance on request and shows the answers again', async () => {
    const { page, close } = await openQuotas();
    const before = fake.refreshBalanceCalls;
    await page.getByRole('button', { name: 'Refresh balances' }).click();
    await expect.poll(() => fake.refreshBalanceCalls).toBe(before + 1);
    await expect.poll(() => page.getByRole('button', { name: 'Refresh balances' }).isEnabled()).toBe(true);
    await close();
  });

  it.each(englishReadmeVariants)('looks right for the README ($suffix)', async (variant) => {
    const { page, close, problems } = await openQuotas(variant.options);
    await page.mouse.move(0, 0);
    await screenshotVariant(page, 'quotas', variant);
    expect(problems).toEqual([]);
    await close();
  });
});
