import { describe, expect, it } from 'vitest';
import { createUsageRepository } from '../../../../src-main/store/usage-repository.js';
import { PriceSyncError } from '../../../../src-main/usage/price-sync.js';
import { setUpSettingsControl } from '../../../support/settings-control-setup.js';
import { usageEvent } from '../../../support/usage-event.js';

describe('settings through the control service', () => {
  it('answers the defaults before anything is stored', async () => {
    const { client } = setUpSettingsControl();
    expect(await client.getSettings()).toEqual({
      language: 'system',
      theme: 'system',
      zoom: 100,
      logBodies: false,
      retentionDays: 0,
      bodyRetentionDays: 7,
      quotaThresholds: { warning: 80, critical: 95 },
      keyThresholds: {},
    });
  });

  it('keeps a change in SQLite, answers the whole settings and tells the windows', async () => {
    const first = setUpSettingsControl();
    const answered = await first.client.updateSettings({ theme: 'dark', zoom: 125, keyThresholds: { 'openai/k1': { warning: 50, critical: 70 } } });
    expect(answered).toMatchObject({ theme: 'dark', zoom: 125, language: 'system', keyThresholds: { 'openai/k1': { warning: 50, critical: 70 } } });
    expect(first.events).toEqual([{ type: 'settings-changed' }]);
    // A new service on the same database (a restart) reads them back.
    const second = setUpSettingsControl({ database: first.database });
    expect(await second.client.getSettings()).toMatchObject({ theme: 'dark', zoom: 125, logBodies: false });
  });

  it('refuses a zoom out of range and a warning not below critical, by field, storing nothing', async () => {
    const { client, events } = setUpSettingsControl();
    await expect(client.updateSettings({ zoom: 200 })).rejects.toMatchObject({ code: 'invalid_control_input', field: 'zoom' });
    await expect(client.updateSettings({ quotaThresholds: { warning: 95, critical: 80 } })).rejects.toMatchObject({
      code: 'invalid_control_input',
      field: 'quotaThresholds.critical',
    });
    await expect(client.updateSettings({ keyThresholds: { 'openai/k1': { warning: 90, critical: 90 } } })).rejects.toMatchObject({
      code: 'invalid_control_input',
      field: 'keyThresholds.openai/k1.critical',
    });
    expect(await client.getSettings()).toMatchObject({ zoom: 100, quotaThresholds: { warning: 80, critical: 95 } });
    expect(events).toEqual([]);
  });

  it('ignores a stored value this build cannot read and keeps its default', async () => {
    const first = setUpSettingsControl();
    first.database.prepare("INSERT INTO settings (name, value) VALUES ('window.zoom', '\"huge\"'), ('window.theme', 'not json')").run();
    const { client } = setUpSettingsControl({ database: first.database });
    expect(await client.getSettings()).toMatchObject({ zoom: 100, theme: 'system' });
  });
});

describe('notifications through the control service', () => {
  it('lists them newest first and marks some or all read', async () => {
    const { client, notifications } = setUpSettingsControl();
    notifications.raise('key-disabled', 'openai/k1', { reason: '401' });
    notifications.raise('prices-changed', null, { changed: 3 });
    const listed = await client.listNotifications();
    expect(listed.map((notification) => notification.kind)).toEqual(['prices-changed', 'key-disabled']);
    expect(listed[0]).toMatchObject({ count: 1, read: false, subject: null, values: { changed: 3 }, at: '2025-03-07T10:00:00.000Z' });
    await client.markNotificationsRead({ ids: [listed[1]!.id] });
    expect((await client.listNotifications()).map((notification) => notification.read)).toEqual([false, true]);
    await client.markNotificationsRead({});
    expect((await client.listNotifications()).every((notification) => notification.read)).toBe(true);
  });
});

describe('prices and balances', () => {
  it('answers what a price sync changed', async () => {
    const { client } = setUpSettingsControl({
      syncPrices: async () => ({ url: 'https://x', fetchedAt: '2025-03-07T10:00:00.000Z', path: '/p', vendors: 1, problems: [], models: 9, added: 1, removed: 0, changed: 4 }),
    });
    expect(await client.syncPrices()).toEqual({ changed: 4, fetchedAt: '2025-03-07T10:00:00.000Z' });
  });

  it('keeps a failed sync’s own code', async () => {
    const { client } = setUpSettingsControl({
      syncPrices: async () => {
        throw new PriceSyncError('prices_unreachable', 'price sync from https://x failed: timeout; the prices in use stay as they were');
      },
    });
    await expect(client.syncPrices()).rejects.toMatchObject({ code: 'prices_unreachable' });
  });

  it('refreshes balances and tells the windows the keys changed', async () => {
    let refreshed = 0;
    const { client, events } = setUpSettingsControl({ refreshBalances: async () => void refreshed++ });
    await client.refreshBalances();
    expect(refreshed).toBe(1);
    expect(events).toEqual([{ type: 'keys-changed' }]);
  });
});

describe('usage export and reset', () => {
  it('exports the stored requests in a range as CSV with a dated name, unpriced cost empty', async () => {
    const setup = setUpSettingsControl();
    createUsageRepository(setup.database).insertUsageEvents([
      usageEvent({ time: Date.parse('2025-03-01T00:00:00Z'), costUsd: 0.25 }),
      usageEvent({ time: Date.parse('2025-03-02T00:00:00Z'), costUsd: null, modelUsed: '通义千问', error: 'upstream said "no", try later' }),
      usageEvent({ time: Date.parse('2025-03-09T00:00:00Z') }),
    ]);
    const file = await setup.client.exportUsage({ format: 'csv', from: Date.parse('2025-03-01T00:00:00Z'), to: Date.parse('2025-03-05T00:00:00Z') });
    expect(file.fileName).toMatch(/^switchyard-usage-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(file.mimeType).toBe('text/csv');
    const lines = file.content.replace(/^\uFEFF/, '').trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe(
      'time,client,modelRequested,modelUsed,provider,keyId,status,latencyMs,firstByteMs,inputTokens,outputTokens,cachedInputTokens,cacheWriteTokens,reasoningTokens,costUsd,stream,endpoint,final,error',
    );
    expect(lines[1]).toBe('2025-03-01T00:00:00.000Z,my-editor,gpt-4,gpt-4o,openai-main,oa-1,200,420,180,100,20,40,5,8,0.25,true,chat,true,');
    expect(lines[2]).toBe('2025-03-02T00:00:00.000Z,my-editor,gpt-4,通义千问,openai-main,oa-1,200,420,180,100,20,40,5,8,,true,chat,true,"upstream said ""no"", try later"');
    expect(setup.resets).toEqual(['flushed']);
  });

  it('exports JSON with cost null for an unpriced request', async () => {
    const setup = setUpSettingsControl();
    createUsageRepository(setup.database).insertUsageEvents([usageEvent({ time: 5_000, costUsd: null })]);
    const file = await setup.client.exportUsage({ format: 'json' });
    expect(file.fileName).toMatch(/\.json$/);
    expect(JSON.parse(file.content)).toEqual([expect.objectContaining({ time: '1970-01-01T00:00:05.000Z', costUsd: null, cacheWriteTokens: 5 })]);
  });

  it('clears the history and its derived tables after writing what is queued, keeping settings', async () => {
    const setup = setUpSettingsControl();
    await setup.client.updateSettings({ theme: 'dark' });
    createUsageRepository(setup.database).insertUsageEvents([usageEvent(), usageEvent()]);
    await setup.client.resetStatistics();
    expect(setup.database.prepare('SELECT COUNT(*) AS count FROM usage_events').get()).toEqual({ count: 0 });
    expect(setup.resets).toEqual(['flushed', 'derived cleared', 'after reset']);
    expect(await setup.client.getSettings()).toMatchObject({ theme: 'dark' });
    expect(setup.events).toEqual([{ type: 'settings-changed' }]);
  });
});
