import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ControlCallError } from '../../../src-shared/control/rpc.js';
import { findVendorPreset, vendorPresets } from '../../../src-shared/vendor-presets.js';

const api = vi.hoisted(() => ({
  listProviders: vi.fn(async () => []),
  saveProvider: vi.fn(),
  setKeyEnabled: vi.fn(async () => undefined),
  testKey: vi.fn(),
  previewImport: vi.fn(),
  applyImport: vi.fn(),
}));
vi.mock('../../../src-renderer/lib/api.js', () => ({ api, insideTrayApp: false }));

const providers = await import('../../../src-renderer/state/providers.svelte.js');

beforeEach(() => {
  vi.clearAllMocks();
  providers.closeEditor();
});

describe('the preset gallery search', () => {
  it('matches ids, English and Chinese names, every word', () => {
    const ids = (query: string) => providers.filterPresets(vendorPresets, query).map((preset) => preset.id);
    expect(ids('deep')).toEqual(['deepseek']);
    expect(ids('硅基')).toEqual(['siliconflow-cn', 'siliconflow-com']);
    expect(ids('kimi china')).toEqual(['moonshot-cn']);
    expect(ids('')).toHaveLength(vendorPresets.length);
    expect(ids('no such vendor')).toEqual([]);
  });
});

describe('saving a provider', () => {
  it('sends the typed key once, then forgets it', async () => {
    api.saveProvider.mockResolvedValueOnce({});
    providers.startFromPreset(findVendorPreset('deepseek')!);
    providers.editor.form!.keys[0]!.secret = 'sk-secret-typed-1234';
    expect(await providers.saveEditor()).toBe(true);
    expect(api.saveProvider).toHaveBeenCalledTimes(1);
    expect(api.saveProvider.mock.calls[0]![0]).toMatchObject({ id: 'deepseek', preset: 'deepseek', keys: [{ id: 'key-1', secret: 'sk-secret-typed-1234' }] });
    expect(providers.editor.form).toBeNull();
    expect(providers.editor.open).toBe(false);
    expect(JSON.stringify(providers.editor)).not.toContain('sk-secret-typed-1234');
    expect(api.listProviders).toHaveBeenCalled();
  });

  it('shows a refusal at the field it names and keeps what the user typed', async () => {
    api.saveProvider.mockRejectedValueOnce(
      new ControlCallError({ code: 'configuration_refused', message: 'budgetUsd must be 0 or more.', field: 'providers[0].keys[0].budgetUsd' }),
    );
    providers.startFromPreset(findVendorPreset('openai')!);
    providers.editor.form!.keys[0]!.secret = 'sk-kept';
    providers.editor.form!.keys[0]!.budgetUsd = '-5';
    expect(await providers.saveEditor()).toBe(false);
    expect(providers.editor.errors).toEqual({ 'keys.0.budgetUsd': 'budgetUsd must be 0 or more.' });
    expect(providers.editor.error).toBeNull();
    expect(providers.editor.open).toBe(true);
    expect(providers.editor.form!.keys[0]!.budgetUsd).toBe('-5');
    expect(providers.editor.form!.keys[0]!.secret).toBe('sk-kept');
  });

  it('shows a refusal without a form field above the form', async () => {
    api.saveProvider.mockRejectedValueOnce(new ControlCallError({ code: 'configuration_unwritable', message: 'Disk full.' }));
    providers.startBlank();
    await providers.saveEditor();
    expect(providers.editor.error?.code).toBe('configuration_unwritable');
    expect(providers.editor.errors).toEqual({});
  });

  it('refuses text that is no number before calling', async () => {
    providers.startBlank();
    providers.editor.form!.keys[0]!.weight = 'lots';
    expect(await providers.saveEditor()).toBe(false);
    expect(api.saveProvider).not.toHaveBeenCalled();
    expect(Object.keys(providers.editor.errors)).toEqual(['keys.0.weight']);
  });
});

describe('keys and imports', () => {
  it('re-enables a key and reloads the list', async () => {
    await providers.setKeyEnabled('ds', 'main', true);
    expect(api.setKeyEnabled).toHaveBeenCalledWith({ providerId: 'ds', keyId: 'main', enabled: true });
    expect(api.listProviders).toHaveBeenCalled();
  });

  it('keeps a test\'s answer per key', async () => {
    api.testKey.mockResolvedValueOnce({ reachable: true, latencyMs: 120, status: 200, models: ['a'], balance: null, error: null });
    await providers.testKey('ds', 'main');
    expect(providers.keyTests['ds/main']).toMatchObject({ busy: false, result: { latencyMs: 120 } });
  });

  it('previews, then applies the same text, then forgets it', async () => {
    api.previewImport.mockResolvedValueOnce({ format: 'cc-switch', providers: [{ id: 'x', keys: [] }], aliases: {}, warnings: [] });
    api.applyImport.mockResolvedValueOnce({ added: ['x'] });
    providers.openImporter();
    providers.importer.text = '{"providers":{}}';
    await providers.previewImport();
    expect(providers.importer.preview?.format).toBe('cc-switch');
    await providers.applyImport();
    expect(api.applyImport).toHaveBeenCalledWith({ text: '{"providers":{}}' });
    expect(providers.importer.added).toEqual(['x']);
    expect(providers.importer.text).toBe('');
  });
});
