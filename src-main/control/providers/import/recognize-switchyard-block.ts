import type { ModelAlias } from '../../../../src-shared/config-schema.js';
import { asRecord, isRecord } from '../../../../src-shared/json-record.js';
import { providerTypes, type ProviderType } from '../../../../src-shared/provider-type.js';
import { findVendorPreset } from '../../../../src-shared/vendor-presets.js';
import type { ImportDraft, KeyDraft, ProviderDraft } from './import-draft.js';

/**
 * Switchyard's own configuration (README, "Config file"): a whole file `{ "providers": [...], … }`,
 * or one provider object `{ "id", "type" | "preset", "baseUrl", "keys", … }` copied out of one.
 * Providers and model aliases come over; client keys, routing and prices belong to the installation
 * the block came from and stay there. A key held in that installation's secret store (`stored:…`)
 * cannot travel with the text, so that key reads an environment variable until the user types it.
 */
const providerFields = new Set(['id', 'preset', 'type', 'baseUrl', 'keys', 'models', 'apiVersion', 'deployments', 'headers', 'balance']);

export function recognizeSwitchyardBlock(value: unknown): ImportDraft | undefined {
  if (!isRecord(value)) return undefined;
  if (isProviderEntry(value)) return { providers: [providerDraft(value, [])], aliases: [], warnings: [], heldSecrets: [] };
  const entries: unknown[] | undefined = Array.isArray(value.providers) ? value.providers : undefined;
  if (entries === undefined || !entries.every(isProviderEntry)) return undefined;
  const draft: ImportDraft = { providers: [], aliases: [], warnings: [], heldSecrets: [] };
  for (const entry of entries) draft.providers.push(providerDraft(asRecord(entry) ?? {}, draft.warnings));
  for (const [name, target] of Object.entries(asRecord(value.modelAliases) ?? {})) {
    if (isModelAlias(target)) draft.aliases.push({ name, target });
  }
  const leftBehind = ['clients', 'routing', 'prices', 'currency'].filter((field) => value[field] !== undefined);
  if (leftBehind.length > 0) {
    draft.warnings.push(`The block's ${leftBehind.join(', ')} settings were not imported; only providers and model aliases are. Set the rest in Settings.`);
  }
  return draft;
}

/** A provider of Switchyard's: an id and an address or preset, and no field the config file does not know. */
function isProviderEntry(value: unknown): boolean {
  if (!isRecord(value) || typeof value.id !== 'string') return false;
  if (typeof value.baseUrl !== 'string' && typeof value.preset !== 'string') return false;
  return Object.keys(value).every((field) => providerFields.has(field));
}

function providerDraft(entry: Record<string, unknown>, warnings: string[]): ProviderDraft {
  const id = String(entry.id);
  const preset = typeof entry.preset === 'string' ? findVendorPreset(entry.preset) : undefined;
  const type = providerTypes.find((known) => known === entry.type) ?? preset?.type;
  const draft: ProviderDraft = {
    name: id,
    id,
    // An unknown type or a missing address is kept as found, for the schema check to refuse by name.
    type: type ?? (String(entry.type) as ProviderType),
    baseUrl: typeof entry.baseUrl === 'string' ? entry.baseUrl.replace(/\/+$/, '') : preset?.baseUrl ?? '',
    models: Array.isArray(entry.models) ? entry.models.filter((model): model is string => typeof model === 'string') : [],
    keys: keyDrafts(id, entry.keys, preset?.placeholderKey, warnings),
  };
  if (typeof entry.preset === 'string') draft.preset = entry.preset;
  if (isStringRecord(entry.headers)) draft.headers = entry.headers;
  if (typeof entry.apiVersion === 'string') draft.apiVersion = entry.apiVersion;
  else if (preset?.apiVersion !== undefined) draft.apiVersion = preset.apiVersion;
  if (entry.deployments !== undefined) {
    warnings.push(`The deployments of "${id}" were not imported; add them to its entry in the configuration file.`);
  }
  return draft;
}

function keyDrafts(providerId: string, keys: unknown, placeholderKey: string | undefined, warnings: string[]): KeyDraft[] {
  if (!Array.isArray(keys) || keys.length === 0) return [{ secret: placeholderKey }];
  return keys.map((entry: unknown) => {
    const key = asRecord(entry) ?? {};
    const secret = typeof key.secret === 'string' ? key.secret : undefined;
    const draft: KeyDraft = { secret: secret?.startsWith('stored:') ? undefined : secret };
    if (typeof key.id === 'string') draft.id = key.id;
    if (secret?.startsWith('stored:')) {
      warnings.push(`A key of "${providerId}" was in the other installation's secret store and could not come with the text.`);
    }
    if (typeof key.priority === 'number') draft.priority = key.priority;
    if (typeof key.weight === 'number') draft.weight = key.weight;
    if (typeof key.budgetUsd === 'number') draft.budgetUsd = key.budgetUsd;
    if (key.budgetPeriod === 'total' || key.budgetPeriod === 'monthly' || key.budgetPeriod === 'daily') draft.budgetPeriod = key.budgetPeriod;
    if (typeof key.creditUsd === 'number') draft.creditUsd = key.creditUsd;
    if (typeof key.disabled === 'boolean') draft.disabled = key.disabled;
    return draft;
  });
}

function isModelAlias(value: unknown): value is ModelAlias {
  if (typeof value === 'string') return value !== '';
  const alias = asRecord(value);
  return typeof alias?.model === 'string' && alias.model !== '';
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return isRecord(value) && Object.values(value).every((field) => typeof field === 'string');
}
