import { ContractError } from '../../../conversion/contract-error.js';
import {
  ccSwitchClaudeAliases,
  ccSwitchProviderDraft,
  isCcSwitchApp,
  readCcSwitchSettings,
  type CcSwitchApp,
  type CcSwitchSettings,
} from './ccswitch-app-settings.js';
import type { ImportDraft } from './import-draft.js';
import { parseLenientJson } from './lenient-json.js';

/**
 * cc-switch's "import provider" link (farion1231/cc-switch `src-tauri/src/deeplink/parser.rs`,
 * `parse_provider_deeplink`): `ccswitch://v1/import?resource=provider&app=claude|codex|gemini&name=…`
 * with `endpoint` (several, comma-separated; the first is the one used), `apiKey`, `model`, and for
 * Claude `haikuModel`, `sonnetModel`, `opusModel`. Since cc-switch 3.8 a link may instead carry the
 * app's whole configuration as base64 in `config` (`configFormat` json or toml), and the link's own
 * parameters win over it (`src-tauri/src/deeplink/provider.rs`, `parse_and_merge_config`).
 * Other resources (prompts, MCP servers, skills) and apps are cc-switch's own and not imported.
 */
export function recognizeCcSwitchLink(text: string): ImportDraft | undefined {
  const trimmed = text.trim();
  if (!/^ccswitch:\/\//i.test(trimmed) || /\s/.test(trimmed) || !URL.canParse(trimmed)) return undefined;
  const url = new URL(trimmed);
  const parameters = url.searchParams;
  const resource = parameters.get('resource');
  if (url.host !== 'v1' || url.pathname !== '/import') {
    throw new ContractError('import_not_recognized', 'This cc-switch link is not an import link (ccswitch://v1/import?…). Copy the provider link again from cc-switch or the page that offered it.');
  }
  if (resource !== 'provider') {
    throw new ContractError('import_not_recognized', 'This cc-switch link imports something other than a provider (a prompt, MCP server or skill); only provider links can be imported.');
  }
  const app = parameters.get('app');
  if (!isCcSwitchApp(app)) {
    throw new ContractError('import_not_recognized', 'This cc-switch link is for an app other than Claude Code, Codex or Gemini CLI; only those providers can be imported.');
  }
  const draft: ImportDraft = { providers: [], aliases: [], warnings: [], heldSecrets: [] };
  const settings = { ...inlineConfig(app, parameters, draft.warnings), ...linkSettings(parameters) };
  const endpoints = (parameters.get('endpoint') ?? '').split(',').map((endpoint) => endpoint.trim()).filter((endpoint) => endpoint !== '');
  if (endpoints.length > 1) {
    draft.warnings.push(`The link offers ${endpoints.length} addresses; Switchyard uses the first. Add the others as providers of their own if you want them as fallbacks.`);
  }
  if (parameters.has('usageScript')) draft.warnings.push("The link's usage script was not imported; Switchyard reads balances itself where the vendor has an API for them.");
  const givenName = parameters.get('name')?.trim();
  const name = givenName === undefined || givenName === '' ? app : givenName;
  const provider = ccSwitchProviderDraft(app, name, settings, draft);
  if (provider !== undefined) {
    draft.providers.push(provider);
    if (app === 'claude') draft.aliases.push(...ccSwitchClaudeAliases(settings, provider));
  }
  return draft;
}

function linkSettings(parameters: URLSearchParams): CcSwitchSettings {
  const settings: CcSwitchSettings = {};
  const fields = { secret: 'apiKey', model: 'model', haikuModel: 'haikuModel', sonnetModel: 'sonnetModel', opusModel: 'opusModel' } as const;
  for (const [field, parameter] of Object.entries(fields) as Array<[keyof typeof fields, string]>) {
    const value = parameters.get(parameter)?.trim();
    if (value !== undefined && value !== '') settings[field] = value;
  }
  const firstEndpoint = parameters.get('endpoint')?.split(',')[0]?.trim();
  if (firstEndpoint !== undefined && firstEndpoint !== '') settings.baseUrl = firstEndpoint;
  return settings;
}

/** The `config` parameter's settings, or none (with a warning) when it cannot be read. */
function inlineConfig(app: CcSwitchApp, parameters: URLSearchParams, warnings: string[]): CcSwitchSettings {
  if (parameters.has('configUrl') && !parameters.has('config')) {
    warnings.push("The link points at a configuration elsewhere (configUrl); Switchyard does not fetch it, so only the link's own fields were imported.");
  }
  const encoded = parameters.get('config');
  if (encoded === null || encoded.trim() === '') return {};
  const decoded = decodeBase64(encoded);
  const format = parameters.get('configFormat') ?? 'json';
  if (decoded !== undefined && format === 'toml' && app === 'codex') return readCcSwitchSettings(app, { config: decoded });
  const value = decoded === undefined || format !== 'json' ? undefined : parseLenientJson(decoded);
  if (value === undefined) {
    warnings.push("The link's inline configuration could not be read, so only the link's own fields were imported.");
    return {};
  }
  return readCcSwitchSettings(app, value);
}

/**
 * Base64 as links carry it: a `+` that became a space on the way, missing padding, or the URL-safe
 * alphabet (cc-switch `src-tauri/src/deeplink/utils.rs`, `decode_base64_param`, accepts all three).
 */
function decodeBase64(value: string): string | undefined {
  const standard = value.trim().replace(/ /g, '+').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
  const padded = standard.padEnd(Math.ceil(standard.length / 4) * 4, '=');
  const text = Buffer.from(padded, 'base64').toString('utf8');
  return text.includes('\uFFFD') ? undefined : text;
}
