import { asRecord, isRecord } from '../../../../src-shared/json-record.js';
import {
  ccSwitchClaudeAliases,
  ccSwitchProviderDraft,
  isCcSwitchApp,
  readCcSwitchSettings,
  type CcSwitchApp,
} from './ccswitch-app-settings.js';
import type { ImportDraft } from './import-draft.js';

/**
 * cc-switch's `~/.cc-switch/config.json` (farion1231/cc-switch `src-tauri/src/app_config.rs`,
 * `MultiAppConfig`): version 2 keeps one provider manager per app at the top level, `{ "version": 2,
 * "claude": { "providers": { "<id>": { id, name, settingsConfig, … } }, "current": "<id>" }, "codex":
 * {…}, "gemini": {…}, "mcp": {…} }`; version 1 (before cc-switch 3.x) was Claude's manager alone,
 * `{ "providers": {…}, "current": "<id>" }`. cc-switch 3.7 and later keep the same providers in SQLite
 * and rename this file `config.json.migrated` once they have moved it (`src-tauri/src/lib.rs`); that
 * file reads the same, and their SQL export is read by `recognize-ccswitch-sql.ts`.
 *
 * Only the current Claude provider's model mapping becomes aliases: one Claude Code name can point at
 * one model, and the current provider is the one the user was using.
 */
export function recognizeCcSwitchConfig(value: unknown): ImportDraft | undefined {
  if (!isRecord(value)) return undefined;
  const managers = providerManagers(value);
  return managers === undefined ? undefined : draftFromManagers(managers);
}

/** Providers per app, `[app, { providers: { <id>: { name, settingsConfig } }, current }]`, as found in the file or the SQL export. */
export function draftFromManagers(managers: Array<[string, Record<string, unknown>]>): ImportDraft {
  const draft: ImportDraft = { providers: [], aliases: [], warnings: [], heldSecrets: [] };
  for (const [app, manager] of managers) {
    if (!isCcSwitchApp(app)) {
      if (Object.keys(asRecord(manager.providers) ?? {}).length > 0) {
        draft.warnings.push(`cc-switch's providers for ${app} were not imported; Switchyard imports those for Claude Code, Codex and Gemini CLI.`);
      }
      continue;
    }
    readManager(app, manager, draft);
  }
  return draft;
}

/** The per-app managers, `[app, { providers, current }]`; undefined when this is no cc-switch file. */
function providerManagers(config: Record<string, unknown>): Array<[string, Record<string, unknown>]> | undefined {
  if (isManager(config) && config.claude === undefined) return [['claude', config]];
  const managers = Object.entries(config).flatMap(([app, manager]) => (isManager(manager) ? [[app, manager] as [string, Record<string, unknown>]] : []));
  return managers.some(([app]) => isCcSwitchApp(app)) ? managers : undefined;
}

function isManager(value: unknown): value is Record<string, unknown> {
  const manager = asRecord(value);
  const providers = asRecord(manager?.providers);
  return providers !== undefined && Object.values(providers).every((provider) => isRecord(provider) && 'settingsConfig' in provider);
}

function readManager(app: CcSwitchApp, manager: Record<string, unknown>, draft: ImportDraft): void {
  const providers = asRecord(manager.providers) ?? {};
  for (const [key, entry] of Object.entries(providers)) {
    const provider = asRecord(entry) ?? {};
    const name = typeof provider.name === 'string' && provider.name.trim() !== '' ? provider.name.trim() : key;
    const settings = readCcSwitchSettings(app, provider.settingsConfig);
    const providerDraft = ccSwitchProviderDraft(app, name, settings, draft);
    if (providerDraft === undefined) continue;
    draft.providers.push(providerDraft);
    if (app === 'claude' && manager.current === key) draft.aliases.push(...ccSwitchClaudeAliases(settings, providerDraft));
  }
}
