import { asRecord } from '../../../../src-shared/json-record.js';
import type { ProviderType } from '../../../../src-shared/provider-type.js';
import { findVendorPreset } from '../../../../src-shared/vendor-presets.js';
import { readCodexConfigToml } from './codex-config-toml.js';
import { claudeCodeModels, type AliasDraft, type ImportDraft, type ProviderDraft } from './import-draft.js';
import { normalizeBaseUrl, presetForBaseUrl } from './imported-base-url.js';

/**
 * What one cc-switch provider holds, read from its `settingsConfig` (farion1231/cc-switch
 * `src-tauri/src/provider.rs`), which is the configuration cc-switch writes into the app it switches:
 * - claude: `{ env: { ANTHROPIC_BASE_URL, ANTHROPIC_AUTH_TOKEN | ANTHROPIC_API_KEY, ANTHROPIC_MODEL,
 *   ANTHROPIC_DEFAULT_HAIKU_MODEL, …_SONNET_MODEL, …_OPUS_MODEL } }` (older versions:
 *   ANTHROPIC_SMALL_FAST_MODEL for the small model) — `src/config/claudeProviderPresets.ts`;
 * - codex: `{ auth: { OPENAI_API_KEY }, config: "<config.toml>" }` — `src/config/codexProviderPresets.ts`;
 * - gemini: `{ env: { GEMINI_API_KEY, GOOGLE_GEMINI_BASE_URL, GEMINI_MODEL } }`; a deep link's inline
 *   config has the env fields flat (`src-tauri/src/deeplink/provider.rs`, `merge_gemini_config`).
 * A provider with no key and no address is the vendor's own sign-in (Claude or ChatGPT account,
 * Google login): Switchyard needs an API key, so those are left out with a warning.
 */
export const ccSwitchApps = ['claude', 'codex', 'gemini'] as const;
export type CcSwitchApp = (typeof ccSwitchApps)[number];

export function isCcSwitchApp(value: unknown): value is CcSwitchApp {
  return typeof value === 'string' && (ccSwitchApps as readonly string[]).includes(value);
}

export interface CcSwitchSettings {
  baseUrl?: string;
  secret?: string;
  model?: string;
  haikuModel?: string;
  sonnetModel?: string;
  opusModel?: string;
  wireApi?: string;
}

export function readCcSwitchSettings(app: CcSwitchApp, settingsConfig: unknown): CcSwitchSettings {
  const config = asRecord(settingsConfig) ?? {};
  if (app === 'codex') {
    const toml = typeof config.config === 'string' ? readCodexConfigToml(config.config) : {};
    return compact({ ...toml, secret: text(asRecord(config.auth)?.OPENAI_API_KEY) });
  }
  const env = asRecord(config.env) ?? config;
  if (app === 'gemini') {
    return compact({
      baseUrl: text(env.GOOGLE_GEMINI_BASE_URL) ?? text(env.GEMINI_BASE_URL),
      secret: text(env.GEMINI_API_KEY) ?? text(env.GOOGLE_API_KEY),
      model: text(env.GEMINI_MODEL),
    });
  }
  return compact({
    baseUrl: text(env.ANTHROPIC_BASE_URL),
    secret: text(env.ANTHROPIC_AUTH_TOKEN) ?? text(env.ANTHROPIC_API_KEY),
    model: text(env.ANTHROPIC_MODEL),
    haikuModel: text(env.ANTHROPIC_DEFAULT_HAIKU_MODEL) ?? text(env.ANTHROPIC_SMALL_FAST_MODEL),
    sonnetModel: text(env.ANTHROPIC_DEFAULT_SONNET_MODEL),
    opusModel: text(env.ANTHROPIC_DEFAULT_OPUS_MODEL),
  });
}

/** The API each app's providers speak, and the vendor it means when no address is given. */
const appApi: Record<CcSwitchApp, { type: ProviderType; officialPreset: string; label: string }> = {
  claude: { type: 'anthropic', officialPreset: 'anthropic', label: 'Claude Code' },
  codex: { type: 'openai-compatible', officialPreset: 'openai', label: 'Codex' },
  gemini: { type: 'gemini', officialPreset: 'gemini', label: 'Gemini CLI' },
};

export function ccSwitchProviderDraft(app: CcSwitchApp, name: string, settings: CcSwitchSettings, { warnings, heldSecrets }: ImportDraft): ProviderDraft | undefined {
  const api = appApi[app];
  if (settings.secret !== undefined) heldSecrets.push(settings.secret);
  if (settings.secret === undefined && settings.baseUrl === undefined) {
    warnings.push(`"${name}" (${api.label}) signs in with an account rather than an API key, so it was not imported.`);
    return undefined;
  }
  const official = findVendorPreset(api.officialPreset);
  const baseUrl = settings.baseUrl === undefined ? official?.baseUrl : normalizeBaseUrl(settings.baseUrl);
  if (baseUrl === undefined) {
    warnings.push(`"${name}" (${api.label}) has an address that is not an http(s) URL, so it was not imported.`);
    return undefined;
  }
  const preset = presetForBaseUrl(baseUrl, api.type);
  const type = preset?.type ?? api.type;
  const models = [settings.model, settings.sonnetModel, settings.opusModel, settings.haikuModel].filter((model) => model !== undefined);
  if (settings.wireApi === 'responses' && type !== 'openai') {
    warnings.push(`"${name}" was set up for the Responses API; Switchyard calls its Chat Completions API, which some relays do not serve.`);
  }
  const draft: ProviderDraft = { name, type, baseUrl: preset?.baseUrl ?? baseUrl, models, keys: [{ secret: settings.secret }] };
  if (preset !== undefined) draft.preset = preset.id;
  return draft;
}

/**
 * Claude Code asks for Claude's names; cc-switch points them at the provider's models through
 * ANTHROPIC_DEFAULT_*_MODEL (or ANTHROPIC_MODEL for all). The same mapping becomes aliases.
 */
export function ccSwitchClaudeAliases(settings: CcSwitchSettings, provider: ProviderDraft): AliasDraft[] {
  const targets = {
    [claudeCodeModels.sonnet]: settings.sonnetModel ?? settings.model,
    [claudeCodeModels.opus]: settings.opusModel ?? settings.model,
    [claudeCodeModels.haiku]: settings.haikuModel ?? settings.model,
  };
  return Object.entries(targets).flatMap(([name, model]) => (model === undefined || model === name ? [] : [{ name, target: model, provider }]));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Drops fields left undefined, so `??` merges and spreads see only what was found. */
function compact<Shape extends object>(value: Shape): Shape {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Shape;
}
