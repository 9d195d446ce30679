import type { ProviderType } from '../../../../src-shared/provider-type.js';
import type { VendorPreset } from '../../../../src-shared/vendor-presets.js';
import type { ImportDraft, ProviderDraft } from './import-draft.js';
import { normalizeBaseUrl, presetForBaseUrl, presetForKey } from './imported-base-url.js';
import { hostName } from './provider-ids.js';

/**
 * A base URL and a key pasted together, as vendors' pages and READMEs show them: on one line or two,
 * in any order, bare or as `export NAME=value`, `NAME=value`, `NAME: value` or `"NAME": "value"`
 * (the Claude Code one-liner `ANTHROPIC_BASE_URL=… ANTHROPIC_AUTH_TOKEN=… claude` included).
 *
 * Strict on purpose, since this is the last form tried: every bare word must be the URL, a key or
 * the CLI's name, else the text is prose and not recognised. Variable names say which API is meant
 * (ANTHROPIC_… , GEMINI_…); the host says which vendor (src-shared/vendor-presets.ts), and failing
 * that a key's own prefix (`sk-ant-`, `AIza`); anything else is OpenAI-compatible.
 */
const cliNames = new Set(['claude', 'codex', 'gemini']);

interface Found {
  urls: Set<string>;
  secrets: string[];
  models: string[];
  hintedType: ProviderType | undefined;
}

export function recognizeUrlAndKey(text: string): ImportDraft | undefined {
  const found = scan(text);
  if (found === undefined || found.urls.size > 1 || found.secrets.length === 0) return undefined;
  const [url] = [...found.urls];
  const keyPreset = presetForKey(found.secrets[0] ?? '');
  const hostPreset = url === undefined ? undefined : presetForBaseUrl(url, found.hintedType);
  // A key alone is enough when its prefix names the vendor; otherwise the address is needed.
  const preset: VendorPreset | undefined = hostPreset ?? (url === undefined ? keyPreset : undefined);
  const baseUrl = preset?.baseUrl ?? url;
  if (baseUrl === undefined) return undefined;
  const warnings: string[] = [];
  if (hostPreset !== undefined && keyPreset !== undefined && keyPreset.keyPrefix !== hostPreset.keyPrefix) {
    warnings.push(`The key looks like one of ${keyPreset.name}'s, but the address is ${hostPreset.name}'s; check that they belong together.`);
  }
  const type = preset?.type ?? found.hintedType ?? keyPreset?.type ?? 'openai-compatible';
  const provider: ProviderDraft = {
    name: preset?.name ?? hostName(baseUrl) ?? 'provider',
    type,
    baseUrl,
    models: found.models,
    keys: found.secrets.map((secret) => ({ secret })),
  };
  if (preset !== undefined) provider.preset = preset.id;
  return { providers: [provider], aliases: [], warnings, heldSecrets: found.secrets };
}

/** Every word classified, or undefined when one is neither URL, key, assignment nor the CLI's name. */
function scan(text: string): Found | undefined {
  const found: Found = { urls: new Set(), secrets: [], models: [], hintedType: undefined };
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine
      .trim()
      .replace(/^(export|set)\s+/i, '')
      .replace(/^\$env:/i, '')
      .replace(/"([A-Za-z_][A-Za-z0-9_]*)"\s*:\s*/g, '$1=')
      .replace(/^([A-Za-z_][A-Za-z0-9_]*):\s+/, '$1=')
      .replace(/\b([A-Za-z_][A-Za-z0-9_]*)\s*=\s*/g, '$1=');
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    for (const rawWord of line.split(/\s+/)) {
      const word = unquoted(rawWord);
      if (word === '' || word === '{' || word === '}' || cliNames.has(word)) continue;
      if (!take(word, found)) return undefined;
    }
  }
  return found;
}

function take(word: string, found: Found): boolean {
  const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(word);
  if (assignment?.[1] === undefined || assignment[2] === undefined) return takeValue(word, '', found);
  const name = assignment[1].toUpperCase();
  const value = unquoted(assignment[2]);
  if (name.startsWith('ANTHROPIC_')) found.hintedType = 'anthropic';
  else if (name.startsWith('GEMINI_') || name.startsWith('GOOGLE_')) found.hintedType = 'gemini';
  if (/MODEL/.test(name)) {
    if (value !== '') found.models.push(value);
    return true;
  }
  // Other settings written as assignments (API_TIMEOUT_MS=600000) are not this import's business.
  takeValue(value, name, found);
  return true;
}

function takeValue(value: string, name: string, found: Found): boolean {
  if (/^https?:\/\//i.test(value)) {
    const url = normalizeBaseUrl(value);
    if (url === undefined) return false;
    found.urls.add(url);
    return true;
  }
  if (isKey(value, /KEY|TOKEN|SECRET/.test(name))) {
    if (!found.secrets.includes(value)) found.secrets.push(value);
    return true;
  }
  return false;
}

/** Keys are long runs of letters, digits and `-_.`; named as a key, a shorter one is believed. */
function isKey(value: string, named: boolean): boolean {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(value)) return false;
  if (named) return value.length >= 8;
  return value.length >= 20 && /[0-9]/.test(value) && /[A-Za-z]/.test(value);
}

/** Without surrounding quotes (and a trailing `,` or `;`); a loop, as a regex anchored at the end is quadratic on long runs. */
function unquoted(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && `"'\`\t `.includes(word.charAt(start))) start += 1;
  while (end > start && `"'\`\t ,;`.includes(word.charAt(end - 1))) end -= 1;
  return word.slice(start, end);
}
