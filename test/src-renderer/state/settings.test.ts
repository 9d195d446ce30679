import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ControlCallError } from '../../../src-shared/control/rpc.js';

const updateSettings = vi.fn();
const importConfiguration = vi.fn();
vi.mock('../../../src-renderer/lib/api.js', () => ({ api: { updateSettings, importConfiguration, getSettings: vi.fn(), environment: vi.fn() } }));

const { saveSettings, settingsStatus, settings } = await import('../../../src-renderer/state/settings.svelte.js');
const { preferences } = await import('../../../src-renderer/state/preferences.svelte.js');
const { importConfiguration: importFile, passphraseProblem, transfer } = await import('../../../src-renderer/state/settings-actions.svelte.js');

beforeEach(() => {
  updateSettings.mockReset();
  importConfiguration.mockReset();
  settingsStatus.serverProblems = {};
  settingsStatus.error = null;
});

describe('saving settings', () => {
  it('applies theme and zoom to the window before the service answers, then keeps its answer', async () => {
    let answer: (value: unknown) => void = () => {};
    updateSettings.mockReturnValue(new Promise((resolve) => (answer = resolve)));
    const saving = saveSettings({ theme: 'dark', zoom: 120 });
    expect(document.documentElement.dataset.theme).toBe('dark');
    expect(preferences.zoom).toBe(120);
    expect(updateSettings).toHaveBeenCalledWith({ theme: 'dark', zoom: 120 });
    answer({ theme: 'dark', zoom: 120 });
    expect(await saving).toBe(true);
    expect(settings.data).toMatchObject({ zoom: 120 });
  });

  it('puts a refusal at the field it names', async () => {
    updateSettings.mockRejectedValue(new ControlCallError({ code: 'invalid_control_input', message: 'updateSettings: quotaThresholds.warning: too small', field: 'quotaThresholds.warning' }));
    expect(await saveSettings({ quotaThresholds: { warning: 0, critical: 90 } })).toBe(false);
    expect(settingsStatus.serverProblems['quotaThresholds.warning']?.code).toBe('invalid_control_input');
    expect(settingsStatus.error).toBeNull();
  });

  it('shows a refusal that names no field of the change above the form', async () => {
    updateSettings.mockRejectedValue(new ControlCallError({ code: 'configuration_unwritable', message: 'read-only disk' }));
    expect(await saveSettings({ retentionDays: 30, bodyRetentionDays: 7 })).toBe(false);
    expect(settingsStatus.error?.code).toBe('configuration_unwritable');
  });
});

describe('configuration import and export', () => {
  it('wants a passphrase of 8 characters typed the same twice', () => {
    expect(passphraseProblem('short', 'short')).toBe('short');
    expect(passphraseProblem('long enough', 'long enougH')).toBe('mismatch');
    expect(passphraseProblem('long enough', 'long enough')).toBeNull();
  });

  it('asks for the passphrase when the file is encrypted, and sends it with the same content', async () => {
    importConfiguration.mockRejectedValueOnce(new ControlCallError({ code: 'wrong_passphrase', message: 'encrypted' }));
    importConfiguration.mockResolvedValueOnce({ providers: 2, clients: 1 });
    const file = { fileName: 'backup.json', content: '{"encrypted":true}' };
    expect(await importFile(file)).toBe(false);
    expect(transfer.needsPassphrase).toBe(true);
    expect(transfer.importError).toBeNull();
    expect(await importFile(file, 'correct horse')).toBe(true);
    expect(importConfiguration).toHaveBeenLastCalledWith({ content: file.content, passphrase: 'correct horse' });
    expect(transfer.needsPassphrase).toBe(false);
    expect(transfer.imported).toEqual({ providers: 2, clients: 1 });
  });
});
