/**
 * The few settings of a Codex `config.toml` an import needs, read without a TOML library: the active
 * `model_provider`, `model`, and each `[model_providers.<name>]` table's `base_url` and `wire_api`.
 * cc-switch writes these files itself (farion1231/cc-switch `src/config/codexProviderPresets.ts`,
 * `generateThirdPartyConfig`) as `key = "string"` lines under plain table headers, which is all this
 * reads; cc-switch's own reader prefers the active provider's `base_url` over a top-level one
 * (`src-tauri/src/codex_config.rs`, `extract_codex_base_url`), and so does this.
 */
export interface CodexSettings {
  model?: string;
  baseUrl?: string;
  wireApi?: string;
}

export function readCodexConfigToml(text: string): CodexSettings {
  const tables = new Map<string, Map<string, string>>([['', new Map()]]);
  let current = tables.get('') ?? new Map<string, string>();
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (header?.[1] !== undefined) {
      const name = header[1].replace(/\s*\.\s*/g, '.').replace(/"/g, '');
      current = tables.get(name) ?? new Map<string, string>();
      tables.set(name, current);
      continue;
    }
    const assignment = /^([A-Za-z0-9_-]+)\s*=\s*(.+)$/.exec(line);
    const value = assignment?.[2] === undefined ? undefined : tomlString(assignment[2]);
    if (assignment?.[1] !== undefined && value !== undefined) current.set(assignment[1], value);
  }
  const top = tables.get('') ?? new Map<string, string>();
  const activeName = top.get('model_provider');
  const active = activeName === undefined ? undefined : tables.get(`model_providers.${activeName}`);
  const settings: CodexSettings = {};
  const model = top.get('model');
  const baseUrl = active?.get('base_url') ?? top.get('base_url');
  const wireApi = active?.get('wire_api');
  if (model !== undefined) settings.model = model;
  if (baseUrl !== undefined) settings.baseUrl = baseUrl;
  if (wireApi !== undefined) settings.wireApi = wireApi;
  return settings;
}

/** A TOML basic (`"…"`, JSON's escapes) or literal (`'…'`) string, a comment after it allowed; undefined otherwise. */
function tomlString(value: string): string | undefined {
  const basic = /^("(?:[^"\\]|\\.)*")\s*(#.*)?$/.exec(value);
  if (basic?.[1] !== undefined) {
    try {
      return JSON.parse(basic[1]) as string;
    } catch {
      // TOML escapes JSON lacks (`\U0001F600`); such a value is not one this reads.
      return undefined;
    }
  }
  const literal = /^'([^']*)'\s*(#.*)?$/.exec(value);
  return literal?.[1];
}
