import { describe, expect, it } from 'vitest';
import { englishReadmeVariants, openOnOwnServer, screenshotVariant, useBrowser } from './support/browser-session.js';
import { createProvidersFake } from './support/fake-data/providers.js';

const session = useBrowser();

describe('the models page', () => {
  it('lists prices per provider, flags the unpriced, searches, and edits an alias', async () => {
    const fake = createProvidersFake();
    const { page, problems, close } = await openOnOwnServer(session.browser, fake.service, '#/models');
    await page.getByRole('rowheader', { name: 'deepseek-chat' }).waitFor();
    expect(await page.getByRole('row').filter({ hasText: 'my-finetune-v2' }).textContent()).toContain('unpriced');
    expect(await page.getByRole('row').filter({ hasText: 'siliconflow' }).textContent()).toContain('$0.28');

    await page.getByLabel('Search models').fill('claude');
    await expect.poll(() => page.getByRole('rowheader').count()).toBe(2);
    await page.getByLabel('Only unpriced').check();
    await expect.poll(() => page.getByText('No model matches.').isVisible()).toBe(true);

    await page.getByLabel('Model 1', { exact: true }).fill('gpt-4o-mini');
    await page.getByLabel('Strategy 3', { exact: true }).selectOption('cost');
    await page.getByRole('button', { name: 'Save aliases' }).click();
    await page.getByText('Aliases saved.').waitFor();
    expect(fake.calls).toContainEqual({
      method: 'setAliases',
      input: { aliases: { fast: 'gpt-4o-mini', smart: { model: 'claude-sonnet-4-5', strategy: 'latency' }, cheap: { model: 'deepseek-chat', strategy: 'cost' } } },
    });
    expect(problems).toEqual([]);
    await close();
  });

  it.each(englishReadmeVariants)('is captured in $suffix', async (variant) => {
    const { page, close } = await openOnOwnServer(session.browser, createProvidersFake().service, '#/models', variant.options);
    await page.getByRole('rowheader', { name: 'deepseek-chat' }).waitFor();
    await page.locator('.alias-table').waitFor();
    await screenshotVariant(page, 'models', variant);
    await close();
  });
});
