import type { BudgetPeriod } from '../../src-shared/config-schema.js';
import type { ProviderInput, ProviderKeyInput, ProviderKeyView, ProviderView } from '../../src-shared/control/providers-api.js';
import type { ProviderType } from '../../src-shared/provider-type.js';
import type { VendorPreset } from '../../src-shared/vendor-presets.js';

/**
 * A provider as its form holds it: text the user types, turned into a ProviderInput only on save.
 * Numbers stay strings until then so a half-typed value is never lost or coerced; a key's `secret`
 * is empty unless the user typed a new one, and only then travels.
 */

export interface KeyForm {
  id: string;
  /** `sk-…abcd` of the stored key; null for a key not saved yet. */
  hint: string | null;
  secret: string;
  priority: string;
  weight: string;
  budgetUsd: string;
  budgetPeriod: BudgetPeriod | '';
  creditUsd: string;
  disabled: boolean;
}

export interface ProviderForm {
  /** The saved id, when editing; null for a new provider. */
  originalId: string | null;
  id: string;
  preset: string | null;
  type: ProviderType;
  baseUrl: string;
  /** One model per line (commas work too). */
  models: string;
  /** `Name: value`, one per line. */
  headers: string;
  apiVersion: string;
  keys: KeyForm[];
}

export function emptyKeyForm(id: string, secret = ''): KeyForm {
  return { id, hint: null, secret, priority: '', weight: '', budgetUsd: '', budgetPeriod: '', creditUsd: '', disabled: false };
}

/** The next `key-N` id not taken in the form. */
export function nextKeyId(keys: readonly KeyForm[]): string {
  const taken = new Set(keys.map((key) => key.id));
  let number = keys.length + 1;
  while (taken.has(`key-${number}`)) number += 1;
  return `key-${number}`;
}

/** A provider id from the preset's, made unique among the configured ones (`deepseek-2`). */
export function uniqueProviderId(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  let number = 2;
  while (taken.includes(`${base}-${number}`)) number += 1;
  return `${base}-${number}`;
}

export function formFromPreset(preset: VendorPreset, takenIds: readonly string[] = []): ProviderForm {
  return {
    originalId: null,
    id: uniqueProviderId(preset.id, takenIds),
    preset: preset.id,
    type: preset.type,
    baseUrl: preset.baseUrl,
    models: preset.defaultModels.join('\n'),
    headers: headersToText(preset.headers ?? {}),
    apiVersion: preset.apiVersion ?? '',
    keys: [emptyKeyForm('key-1', preset.placeholderKey ?? '')],
  };
}

/** A provider typed in by hand: an OpenAI-compatible base URL and a key. */
export function blankForm(takenIds: readonly string[] = []): ProviderForm {
  return {
    originalId: null,
    id: uniqueProviderId('custom', takenIds),
    preset: null,
    type: 'openai-compatible',
    baseUrl: '',
    models: '',
    headers: '',
    apiVersion: '',
    keys: [emptyKeyForm('key-1')],
  };
}

export function formFromView(view: ProviderView): ProviderForm {
  return {
    originalId: view.id,
    id: view.id,
    preset: view.preset,
    type: view.type,
    baseUrl: view.baseUrl,
    models: view.models.join('\n'),
    headers: headersToText(view.headers),
    apiVersion: view.apiVersion ?? '',
    keys: view.keys.map(keyFormFromView),
  };
}

function keyFormFromView(key: ProviderKeyView): KeyForm {
  return {
    id: key.id,
    hint: key.hint,
    secret: '',
    priority: numberText(key.priority),
    weight: numberText(key.weight),
    budgetUsd: numberText(key.budgetUsd),
    budgetPeriod: key.budgetPeriod ?? '',
    creditUsd: numberText(key.creditUsd),
    disabled: key.disabledInConfig,
  };
}

export function formToInput(form: ProviderForm): ProviderInput {
  const input: ProviderInput = {
    id: form.id.trim(),
    preset: form.preset,
    type: form.type,
    baseUrl: form.baseUrl.trim(),
    models: splitList(form.models),
    headers: textToHeaders(form.headers),
    apiVersion: form.apiVersion.trim() === '' ? null : form.apiVersion.trim(),
    keys: form.keys.map(keyFormToInput),
  };
  if (form.originalId !== null) input.originalId = form.originalId;
  return input;
}

function keyFormToInput(key: KeyForm): ProviderKeyInput {
  const input: ProviderKeyInput = {
    id: key.id.trim(),
    priority: parseNumber(key.priority),
    weight: parseNumber(key.weight),
    budgetUsd: parseNumber(key.budgetUsd),
    budgetPeriod: key.budgetPeriod === '' ? null : key.budgetPeriod,
    creditUsd: parseNumber(key.creditUsd),
    disabled: key.disabled,
  };
  // Left out, the stored key stays; sent, it replaces it. Only what the user typed is ever sent.
  if (key.secret.trim() !== '') input.secret = key.secret.trim();
  return input;
}

/**
 * A refused save names the config path (`providers[2].keys[1].budgetUsd`) or the input's
 * (`keys[1].budgetUsd`, `baseUrl`); the form shows it at `keys.1.budgetUsd`. Null: no field of the form.
 */
export function formFieldOfError(field: string | undefined): string | null {
  if (field === undefined || field === '') return null;
  const path = field.replace(/^providers\[\d+\]\.?/, '');
  const key = /^keys\[(\d+)\]\.(\w+)/.exec(path);
  if (key) return `keys.${key[1]}.${key[2]}`;
  const top = /^(id|baseUrl|models|headers|apiVersion|type|preset|keys)\b/.exec(path);
  return top ? top[1]! : null;
}

export function splitList(text: string): string[] {
  return [...new Set(text.split(/[\n,]/).map((item) => item.trim()).filter((item) => item !== ''))];
}

export function headersToText(headers: Readonly<Record<string, string>>): string {
  return Object.entries(headers).map(([name, value]) => `${name}: ${value}`).join('\n');
}

export function textToHeaders(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

function numberText(value: number | null): string {
  return value === null ? '' : String(value);
}

/** Empty is "not set"; a range (a negative budget, say) is the server's schema to judge and name. */
function parseNumber(text: string): number | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : Number(trimmed);
}

const numberFields = ['priority', 'weight', 'budgetUsd', 'creditUsd'] as const;

/** The form's fields (`keys.0.weight`) holding text that is no number: JSON could not carry them. */
export function nonNumericFields(form: ProviderForm): string[] {
  const fields: string[] = [];
  form.keys.forEach((key, index) => {
    for (const name of numberFields) {
      const text = key[name].trim();
      if (text !== '' && !Number.isFinite(Number(text))) fields.push(`keys.${index}.${name}`);
    }
  });
  return fields;
}
