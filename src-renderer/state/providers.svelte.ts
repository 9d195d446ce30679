import type { ImportPreview, KeyTestResult, ProviderView } from '../../src-shared/control/providers-api.js';
import type { ControlCallError } from '../../src-shared/control/rpc.js';
import { vendorPresets, type VendorPreset } from '../../src-shared/vendor-presets.js';
import { api } from '../lib/api.js';
import { t } from './i18n.svelte.js';
import { asControlError, Resource } from './resource.svelte.js';
import {
  blankForm,
  emptyKeyForm,
  formFieldOfError,
  formFromPreset,
  formFromView,
  formToInput,
  nextKeyId,
  nonNumericFields,
  type ProviderForm,
} from './provider-form.js';

/** The configured providers with their keys' health, reloaded on `configuration-changed` and `keys-changed`. */
export const providerList = new Resource<ProviderView[]>(() => api.listProviders());

/** Presets whose id, English or Chinese name contains every word of the query. */
export function filterPresets(presets: readonly VendorPreset[], query: string): VendorPreset[] {
  const words = query.toLowerCase().split(/\s+/).filter((word) => word !== '');
  return presets.filter((preset) => {
    const haystack = `${preset.id} ${preset.name} ${preset.nameZh}`.toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

export const gallery = $state({
  query: '',
  get presets(): VendorPreset[] {
    return filterPresets(vendorPresets, gallery.query);
  },
});

/**
 * The provider being added or edited. `errors` is keyed by the form's field (`baseUrl`,
 * `keys.1.budgetUsd`); a refusal fills it and leaves the form as the user typed it.
 */
export const editor = $state({
  open: false,
  form: null as ProviderForm | null,
  errors: {} as Record<string, string>,
  error: null as ControlCallError | null,
  busy: false,
});

function takenIds(): string[] {
  return (providerList.data ?? []).map((provider) => provider.id);
}

function openForm(form: ProviderForm): void {
  editor.form = form;
  editor.errors = {};
  editor.error = null;
  editor.open = true;
}

export const startFromPreset = (preset: VendorPreset): void => openForm(formFromPreset(preset, takenIds()));
export const startBlank = (): void => openForm(blankForm(takenIds()));
export const startEdit = (view: ProviderView): void => openForm(formFromView(view));

export function addKey(): void {
  if (editor.form) editor.form.keys.push(emptyKeyForm(nextKeyId(editor.form.keys)));
}

export function removeKey(index: number): void {
  editor.form?.keys.splice(index, 1);
}

/** Drops the form and every key typed into it. */
export function closeEditor(): void {
  editor.open = false;
  editor.form = null;
  editor.errors = {};
  editor.error = null;
}

/** Saves the form; on success the typed keys are forgotten (the list shows hints), on refusal the form stays. */
export async function saveEditor(): Promise<boolean> {
  const form = editor.form;
  if (!form || editor.busy) return false;
  const invalid = nonNumericFields(form);
  if (invalid.length > 0) {
    editor.errors = Object.fromEntries(invalid.map((field) => [field, t('providers:form.notANumber')]));
    return false;
  }
  editor.busy = true;
  editor.errors = {};
  editor.error = null;
  try {
    await api.saveProvider(formToInput(form));
    closeEditor();
    await providerList.load();
    return true;
  } catch (error) {
    const refusal = asControlError(error);
    const field = formFieldOfError(refusal.field);
    if (field !== null) editor.errors = { [field]: refusal.message };
    else editor.error = refusal;
    return false;
  } finally {
    editor.busy = false;
  }
}

/** The provider the user asked to remove, waiting for their confirmation in the dialog. */
export const removal = $state({ providerId: null as string | null, busy: false });

export function askToRemove(id: string): void {
  removal.providerId = id;
}

export async function removeProvider(id: string): Promise<void> {
  removal.busy = true;
  try {
    await api.removeProvider({ id });
    await providerList.load();
  } catch (error) {
    providerList.error = asControlError(error);
  } finally {
    removal.busy = false;
    removal.providerId = null;
  }
}

export interface KeyTestState {
  busy: boolean;
  result: KeyTestResult | null;
  error: ControlCallError | null;
}

/** Test answers per `providerId/keyId`, kept until the page is left. */
export const keyTests = $state<Record<string, KeyTestState>>({});

export const keyTestId = (providerId: string, keyId: string): string => `${providerId}/${keyId}`;

export async function testKey(providerId: string, keyId: string): Promise<void> {
  const id = keyTestId(providerId, keyId);
  keyTests[id] = { busy: true, result: keyTests[id]?.result ?? null, error: null };
  try {
    const result = await api.testKey({ providerId, keyId });
    keyTests[id] = { busy: false, result, error: null };
  } catch (error) {
    keyTests[id] = { busy: false, result: null, error: asControlError(error) };
  }
}

/** Errors of the re-enable and disable switches, per `providerId/keyId`. */
export const keySwitchErrors = $state<Record<string, ControlCallError>>({});

export async function setKeyEnabled(providerId: string, keyId: string, enabled: boolean): Promise<void> {
  const id = keyTestId(providerId, keyId);
  delete keySwitchErrors[id];
  try {
    await api.setKeyEnabled({ providerId, keyId, enabled });
    await providerList.load();
  } catch (error) {
    keySwitchErrors[id] = asControlError(error);
  }
}

/**
 * Importing: pasted text (a base URL and key, a JSON block, a `ccswitch://` link) or a file's
 * content (claude-code-router, cc-switch) is previewed first; only a confirmed preview is applied.
 */
export const importer = $state({
  open: false,
  text: '',
  preview: null as ImportPreview | null,
  error: null as ControlCallError | null,
  busy: false,
  added: [] as string[],
});

export function openImporter(): void {
  importer.open = true;
  importer.text = '';
  importer.preview = null;
  importer.error = null;
  importer.added = [];
}

export function closeImporter(): void {
  importer.open = false;
  // The pasted text may hold keys; it is not kept once the dialog closes.
  importer.text = '';
  importer.preview = null;
}

export async function previewImport(): Promise<void> {
  if (importer.text.trim() === '') return;
  importer.busy = true;
  importer.error = null;
  importer.preview = null;
  try {
    importer.preview = await api.previewImport({ text: importer.text });
  } catch (error) {
    importer.error = asControlError(error);
  } finally {
    importer.busy = false;
  }
}

export async function applyImport(): Promise<void> {
  if (!importer.preview) return;
  importer.busy = true;
  importer.error = null;
  try {
    const { added } = await api.applyImport({ text: importer.text });
    importer.added = added;
    importer.text = '';
    importer.preview = null;
    await providerList.load();
  } catch (error) {
    importer.error = asControlError(error);
  } finally {
    importer.busy = false;
  }
}
