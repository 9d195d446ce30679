import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { WindowOptions } from './support/browser.js';
import { englishReadmeVariants, openSignedIn, screenshotVariant, useBrowser, type SignedInPage } from './support/browser-session.js';
import { createUsageFake, dashboardFor, requestRow } from './support/fake-data/usage.js';
import { startFakeControlServer, type FakeControlServer } from './support/fake-control-server.js';

const now = Date.now();
const fake = createUsageFake({ now });
const session = useBrowser(() => startFakeControlServer(fake.service));

async function openDashboard(options: WindowOptions = {}, target: FakeControlServer = session.server): Promise<SignedInPage> {
  const opened = await openSignedIn(session.browser, target.url, '#/dashboard', options);
  await opened.page.getByRole('group', { name: /Spend|花费/ }).waitFor();
  return opened;
}

const tile = (page: Page, name: string) => page.getByRole('group', { name, exact: true });

describe('the dashboard', () => {
  it("shows today's figures exactly as the service gives them, formatted, with the unpriced requests beside the spend", async () => {
    const { page, close, problems } = await openDashboard();
    await expect.poll(() => tile(page, 'Spend').textContent()).toContain('$12.35');
    expect(await tile(page, 'Spend').textContent()).toContain('plus 37 unpriced requests');
    expect(await tile(page, 'Requests').textContent()).toContain('1,284');
    expect(await tile(page, 'Requests').textContent()).toContain('33 failed');
    expect(await tile(page, 'Tokens').textContent()).toContain('2.2M');
    expect(await tile(page, 'Tokens').textContent()).toContain('cache read 960K, write 58K');
    expect(await tile(page, 'Success rate').textContent()).toContain('97.4%');
    expect(await tile(page, 'p95 latency').textContent()).toContain('2.34 s');
    expect(await tile(page, 'Saved by routing').textContent()).toContain('$3.10');
    expect(fake.dashboardCalls[0]).toMatchObject({ range: 'today', breakdown: 'provider' });
    expect(typeof fake.dashboardCalls[0]?.utcOffsetMinutes).toBe('number');
    // The chart is drawn (uPlot loaded on demand) with one legend entry per series.
    await page.locator('#spend-body canvas').first().waitFor();
    expect(await page.locator('#spend-body .u-legend').textContent()).toContain('anthropic');
    // The local model has requests and no price: its spend is "unpriced", never $0.
    await page.locator('#spend-title + button').click();
    const local = dashboardFor(fake.dashboardCalls[0]!, now).series[4]!;
    const used = local.requests.findIndex((requests) => requests > 0);
    const spendRow = page.locator('#spend-body tbody tr').nth(used);
    expect((await spendRow.locator('td').allTextContents())[4]).toBe('unpriced');
    expect(problems).toEqual([]);
    await close();
  });

  it('lists the series values in the table view, switched from the keyboard', async () => {
    const { page, close } = await openDashboard();
    const toggle = page.locator('#requests-title + button');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const table = page.locator('#requests-body table');
    await table.waitFor();
    expect(await toggle.textContent()).toContain('Show chart');
    const headers = await table.locator('thead th').allTextContents();
    expect(headers).toEqual(['Time', 'anthropic', 'openai', 'deepseek', 'gemini', 'ollama', 'Total']);
    const expected = dashboardFor(fake.dashboardCalls.at(-1)!, now);
    const busiest = expected.buckets.map((_, bucket) => expected.series.reduce((sum, item) => sum + item.requests[bucket]!, 0)).indexOf(
      Math.max(...expected.buckets.map((_, bucket) => expected.series.reduce((sum, item) => sum + item.requests[bucket]!, 0))),
    );
    const cells = await table.locator('tbody tr').nth(busiest).locator('td').allTextContents();
    const values = expected.series.map((item) => item.requests[busiest]!);
    expect(cells).toEqual([...values, values.reduce((sum, value) => sum + value, 0)].map((value) => new Intl.NumberFormat('en-US').format(value)));
    await close();
  });

  it('asks the service again when the breakdown or the range changes, including a custom range', async () => {
    const { page, close } = await openDashboard();
    fake.dashboardCalls.length = 0;
    await page.getByLabel('Split by').selectOption('model');
    await expect.poll(() => fake.dashboardCalls.at(-1)?.breakdown).toBe('model');
    await expect.poll(() => page.locator('#spend-body .u-legend').textContent()).toContain('llama3.1:8b');

    await page.getByRole('button', { name: '7 days' }).click();
    await expect.poll(() => fake.dashboardCalls.at(-1)).toMatchObject({ range: '7d', breakdown: 'model' });
    await expect.poll(() => tile(page, 'Spend').textContent()).toContain('$79.01');
    expect(await page.getByRole('button', { name: '7 days' }).getAttribute('aria-pressed')).toBe('true');

    await page.getByRole('button', { name: 'Custom' }).click();
    await page.getByLabel('From', { exact: true }).fill('2025-03-03');
    await page.getByLabel('To', { exact: true }).fill('2025-03-09');
    await expect.poll(() => fake.dashboardCalls.at(-1)?.to).toBe(new Date(2025, 2, 10).getTime());
    expect(fake.dashboardCalls.at(-1)).toMatchObject({ range: 'custom', from: new Date(2025, 2, 3).getTime() });
    await close();
  });

  it('updates the numbers without a reload when a request is recorded', async () => {
    const { page, close } = await openDashboard();
    await expect.poll(() => tile(page, 'Requests').textContent()).toContain('1,284');
    fake.extraRequests = 5;
    session.server.events.emit({ type: 'request', row: requestRow(9001, Date.now()) });
    await expect.poll(() => tile(page, 'Requests').textContent()).toContain('1,289');
    fake.extraRequests = 0;
    await close();
  });

  it('colours the quota bars by level and says the level to screen readers', async () => {
    const { page, close } = await openDashboard();
    const critical = page.getByRole('meter', { name: 'openai/main' });
    expect(await critical.getAttribute('aria-valuetext')).toBe('97.8% used, Critical');
    expect(await critical.locator('xpath=..').getAttribute('class')).toContain('level-critical');
    const warning = page.getByRole('meter', { name: 'anthropic/team' });
    expect(await warning.getAttribute('aria-valuetext')).toBe('85.7% used, Warning');
    expect(await warning.locator('xpath=..').getAttribute('class')).toContain('level-warning');
    expect(await page.getByRole('meter', { name: 'ollama/local' }).getAttribute('aria-valuetext')).toBe('no limit set');
    // The one nearest its limit comes first.
    expect(await page.locator('.quota-list [role="meter"]').first().getAttribute('aria-label')).toBe('openai/main');
    await close();
  });

  it('tells a fresh install how to send the first request', async () => {
    const empty = createUsageFake({ now, empty: true });
    const emptyServer = await startFakeControlServer(empty.service);
    try {
      const { page, close } = await openDashboard({}, emptyServer);
      await page.getByRole('heading', { name: 'No requests in this range yet' }).waitFor();
      expect(await page.getByRole('link', { name: /snippets/ }).getAttribute('href')).toBe('#/settings');
      expect(await tile(page, 'Success rate').textContent()).toContain('No requests yet');
      await close();
    } finally {
      await emptyServer.close();
    }
  });

  it.each(englishReadmeVariants)('looks right for the README ($suffix)', async (variant) => {
    const { page, close, problems } = await openDashboard(variant.options);
    await page.getByRole('button', { name: variant.options.locale === 'zh-CN' ? '7 天' : '7 days' }).click();
    await expect.poll(() => fake.dashboardCalls.at(-1)?.range).toBe('7d');
    await page.locator('#spend-body canvas').first().waitFor();
    await page.locator('#requests-body canvas').first().waitFor();
    await page.mouse.move(0, 0);
    await screenshotVariant(page, 'dashboard', variant);
    expect(problems).toEqual([]);
    await close();
  });
});
