import { configSchema, type ProviderConfig, type ProviderKeyConfig } from '../../../src-shared/config-schema.js';
import { findVendorPreset, vendorPresets } from '../../../src-shared/vendor-presets.js';

export interface PresetKeyInput {
  /** Defaults to `<provider id>-<n>`. */
  id?: string;
  /** A literal key or `env:NAME`. */
  secret: string;
  priority?: number;
  weight?: number;
  budgetUsd?: number;
  creditUsd?: number;
}

export interface PresetConfigOptions {
  /** The provider id; the preset's id unless told. */
  id?: string;
  /** Pasted keys (a bare string is a secret). May be empty only for presets that need no key. */
  keys: ReadonlyArray<string | PresetKeyInput>;
  /** Replaces the preset's base URL (Azure's resource URL, a relay, a local server on another port). */
  baseUrl?: string;
  /** Replaces the preset's default models; an empty list means "fetch the vendor's list". */
  models?: readonly string[];
  /** Azure only: model name → deployment name. */
  deployments?: Readonly<Record<string, string>>;
  apiVersion?: string;
}

/**
 * A provider entry for the config file from a preset and the user's keys, checked against the
 * config schema, so a preset can never produce a config that is refused later.
 */
export function presetToProviderConfig(presetId: string, options: PresetConfigOptions): ProviderConfig {
  const preset = findVendorPreset(presetId);
  if (!preset) throw new Error(`Unknown vendor preset "${presetId}". Known presets: ${vendorPresets.map((entry) => entry.id).join(', ')}.`);
  const id = options.id ?? preset.id;
  const keys = options.keys.map((key, index): ProviderKeyConfig => {
    const input = typeof key === 'string' ? { secret: key } : key;
    return { ...input, id: input.id ?? `${id}-${index + 1}`, secret: input.secret.trim() };
  });
  if (keys.length === 0 && preset.placeholderKey !== undefined) keys.push({ id: `${id}-local`, secret: preset.placeholderKey });
  if (keys.length === 0) throw new Error(`${preset.name} needs an API key.`);

  const baseUrl = options.baseUrl ?? preset.baseUrl;
  if (preset.baseUrlPlaceholder !== undefined && baseUrl.includes(preset.baseUrlPlaceholder)) {
    throw new Error(`${preset.name} needs your own endpoint: replace "${preset.baseUrlPlaceholder}" in ${preset.baseUrl}.`);
  }
  const models = options.models ?? preset.defaultModels;
  const apiVersion = options.apiVersion ?? preset.apiVersion;
  const candidate = {
    id,
    type: preset.type,
    baseUrl,
    keys,
    ...(models.length > 0 ? { models: [...models] } : {}),
    ...(apiVersion !== undefined ? { apiVersion } : {}),
    ...(options.deployments !== undefined ? { deployments: { ...options.deployments } } : {}),
    ...(preset.headers !== undefined ? { headers: { ...preset.headers } } : {}),
  };
  // The whole-config schema is the one authority on what a provider entry may hold.
  return configSchema.parse({ providers: [candidate] }).providers[0]!;
}
