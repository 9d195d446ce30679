import { describe, expect, it } from 'vitest';
import { englishReadmeVariants, openOnOwnServer, screenshotVariant, useBrowser } from './support/browser-session.js';
import { createProvidersFake } from './support/fake-data/providers.js';

const session = useBrowser();

describe('the routing page', () => {
  it('shows a refused value at its field, keeps it, then saves a good one with a clear success', async () => {
    const fake = createProvidersFake();
    const { page, problems, close } = await openOnOwnServer(session.browser, fake.service, '#/routing');
    const retries = page.getByLabel('Retries');
    await expect.poll(() => retries.inputValue()).toBe('2');
    expect(await page.getByText('How many other keys a failed request is tried on').isVisible()).toBe(true);

    await retries.fill('50');
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.locator('#routing-retries-error').waitFor();
    expect(await page.locator('#routing-retries-error').textContent()).toContain('at most 10 retries');
    expect(await retries.inputValue()).toBe('50');
    expect(await page.getByText('Routing saved').count()).toBe(0);

    await retries.fill('4');
    await page.getByLabel('Strategy').selectOption('latency');
    await page.getByRole('button', { name: 'Save routing' }).click();
    await page.getByText('Routing saved; new requests use it now.').waitFor();
    expect(fake.calls.filter((call) => call.method === 'setRouting').at(-1)!.input).toEqual({
      strategy: 'latency', retries: 4, timeoutMs: 120000, failureThreshold: 3, cooldownMs: 30000,
    });
    expect(await page.locator('#routing-retries-error').count()).toBe(0);
    expect(problems.filter((problem) => !problem.includes('400'))).toEqual([]);
    await close();
  });

  it.each(englishReadmeVariants)('is captured in $suffix', async (variant) => {
    const { page, close } = await openOnOwnServer(session.browser, createProvidersFake().service, '#/routing', variant.options);
    await expect.poll(() => page.locator('#routing-retries').inputValue()).toBe('2');
    await screenshotVariant(page, 'routing', variant);
    await close();
  });
});
