import { asRecord, isRecord } from '../../../../src-shared/json-record.js';
import type { ProviderType } from '../../../../src-shared/provider-type.js';
import { claudeCodeModels, type AliasDraft, type ImportDraft, type ProviderDraft } from './import-draft.js';
import { normalizeBaseUrl, presetForBaseUrl } from './imported-base-url.js';

/**
 * claude-code-router's `~/.claude-code-router/config.json` (musistudio/claude-code-router README,
 * "Configuration", v1.x; the desktop 3.x keeps it in SQLite and reads this file once to migrate):
 * - `Providers` (`providers` in some versions): `{ name, api_base_url, api_key, models, transformer }`,
 *   `api_base_url` usually the full endpoint (`…/v1/chat/completions`, Gemini's `…/v1beta/models/`);
 * - `api_key` may be `$VAR` or `${VAR}`, filled from the environment when CCR loads the file
 *   (`src/utils/index.ts`, `interpolateEnvVars`); such a key becomes Switchyard's `env:VAR`;
 * - `transformer`: `{ use: [name | [name, options]], "<model>": { use: […] } }`; `anthropic` and
 *   `gemini` say which API the provider speaks, the others adjust requests;
 * - `Router`: `default`, `background`, `think`, `longContext`, `webSearch`, `image` as `"provider,model"`.
 *   CCR sends Claude Code's haiku requests to `background` (`src/utils/router.ts`) and everything
 *   else without a task of its own to `default`; the same becomes aliases of Claude Code's names.
 */

/** Transformers whose work Switchyard's own adapters and presets already do. */
const coveredTransformers = new Set(['anthropic', 'gemini', 'openai', 'openrouter', 'deepseek', 'groq', 'reasoning']);
/** Transformers that need a sign-in Switchyard cannot make (Google service accounts, CLI logins). */
const unreachableTransformers = new Set(['vertex-gemini', 'vertex-claude', 'gemini-cli', 'qwen-cli', 'rovo-cli']);
/** Router tasks Switchyard has no counterpart for: it routes by model name, not by what a request is for. */
const taskRoutes = ['think', 'longContext', 'webSearch', 'image'] as const;

export function recognizeCcrConfig(value: unknown): ImportDraft | undefined {
  if (!isRecord(value)) return undefined;
  const entries = Array.isArray(value.Providers) ? value.Providers : value.providers;
  if (!Array.isArray(entries)) return undefined;
  const isCcr = entries.some((entry) => isRecord(entry) && 'api_base_url' in entry) || (entries.length === 0 && isRecord(value.Router));
  if (!isCcr) return undefined;
  const draft: ImportDraft = { providers: [], aliases: [], warnings: [], heldSecrets: [] };
  const byName = new Map<string, ProviderDraft>();
  for (const entry of entries) {
    const provider = providerDraft(asRecord(entry) ?? {}, draft);
    if (provider === undefined) continue;
    draft.providers.push(provider);
    byName.set(provider.name, provider);
  }
  draft.aliases.push(...routerAliases(asRecord(value.Router) ?? {}, byName, draft.warnings));
  if (typeof value.CUSTOM_ROUTER_PATH === 'string' && value.CUSTOM_ROUTER_PATH !== '') {
    draft.warnings.push('The custom router script (CUSTOM_ROUTER_PATH) was not imported; Switchyard routes by model name and aliases.');
  }
  if (Array.isArray(value.transformers) && value.transformers.length > 0) {
    draft.warnings.push('Custom transformer plugins (transformers) were not imported; Switchyard does not load plugins.');
  }
  if (typeof value.APIKEY === 'string' && value.APIKEY !== '') {
    draft.warnings.push("claude-code-router's own access key (APIKEY) was not imported; give your tools a client key from the Clients page instead.");
  }
  return draft;
}

function providerDraft(entry: Record<string, unknown>, { warnings, heldSecrets }: ImportDraft): ProviderDraft | undefined {
  const name = typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name.trim() : 'provider';
  const keys = keyDrafts(entry.api_key);
  heldSecrets.push(...keys.flatMap((key) => (key.secret === undefined ? [] : [key.secret])));
  const transformers = transformerNames(entry.transformer);
  const unreachable = transformers.filter((transformer) => unreachableTransformers.has(transformer));
  if (unreachable.length > 0) {
    warnings.push(`"${name}" was left out: it signs in through the ${unreachable.join(', ')} transformer, which Switchyard does not have.`);
    return undefined;
  }
  const normalized = typeof entry.api_base_url === 'string' ? normalizeBaseUrl(entry.api_base_url) : undefined;
  if (normalized === undefined) {
    warnings.push(`"${name}" was left out: its api_base_url is not an http(s) URL.`);
    return undefined;
  }
  const declaredType = typeFromTransformers(transformers);
  const preset = presetForBaseUrl(normalized, declaredType ?? 'openai-compatible');
  const type = declaredType ?? preset?.type ?? 'openai-compatible';
  const extra = [...new Set(transformers.filter((transformer) => !coveredTransformers.has(transformer)))];
  if (extra.length > 0) {
    warnings.push(`"${name}" used the ${extra.join(', ')} transformer${extra.length > 1 ? 's' : ''}, which Switchyard does not have; its requests go to the vendor as the client sent them.`);
  }
  const models = Array.isArray(entry.models) ? entry.models.filter((model): model is string => typeof model === 'string' && model.trim() !== '') : [];
  const draft: ProviderDraft = { name, type, baseUrl: preset?.baseUrl ?? normalized, models, keys };
  if (preset !== undefined) draft.preset = preset.id;
  // A local server needs no key, but every provider has one: the preset's stand-in, as a preset entry gets.
  if (draft.keys.every((key) => key.secret === undefined) && preset?.placeholderKey !== undefined) draft.keys = [{ secret: preset.placeholderKey }];
  return draft;
}

/** CCR speaks OpenAI's format upstream unless the `anthropic` or `gemini` transformer says otherwise. */
function typeFromTransformers(transformers: string[]): ProviderType | undefined {
  if (transformers.includes('anthropic')) return 'anthropic';
  if (transformers.includes('gemini')) return 'gemini';
  return undefined;
}

/** `"sk-…"`, `"$VAR"`, `"${VAR}"`, or (in some setups) a list of them. */
function keyDrafts(apiKey: unknown): ProviderDraft['keys'] {
  const values = (Array.isArray(apiKey) ? apiKey : [apiKey]).filter((value): value is string => typeof value === 'string' && value.trim() !== '');
  if (values.length === 0) return [{ secret: undefined }];
  return values.map((value) => ({ secret: secretReference(value.trim()) }));
}

/** A whole-value `$VAR` / `${VAR}` names an environment variable; Switchyard spells that `env:VAR`. */
function secretReference(value: string): string {
  const reference = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$|^\$([A-Za-z_][A-Za-z0-9_]*)$/.exec(value);
  const variable = reference?.[1] ?? reference?.[2];
  return variable === undefined ? value : `env:${variable}`;
}

/** Every transformer a provider uses, for all its models or one, by name (options dropped). */
function transformerNames(transformer: unknown): string[] {
  const config = asRecord(transformer);
  if (config === undefined) return [];
  const lists = [config.use, ...Object.entries(config).filter(([key]) => key !== 'use').map(([, value]) => asRecord(value)?.use)];
  return lists.flatMap((list) =>
    Array.isArray(list) ? list.flatMap((item: unknown) => {
      const name: unknown = Array.isArray(item) ? item[0] : item;
      return typeof name === 'string' ? [name.toLowerCase()] : [];
    }) : [],
  );
}

function routerAliases(router: Record<string, unknown>, providers: Map<string, ProviderDraft>, warnings: string[]): AliasDraft[] {
  const route = (task: string): { provider: ProviderDraft; model: string } | undefined => {
    const value = router[task];
    if (typeof value !== 'string' || !value.includes(',')) return undefined;
    const comma = value.indexOf(',');
    const providerName = value.slice(0, comma).trim();
    const model = value.slice(comma + 1).trim();
    const provider = providers.get(providerName);
    if (provider === undefined || model === '') {
      warnings.push(`Router.${task} names the provider "${providerName}", which was not imported.`);
      return undefined;
    }
    return { provider, model };
  };
  const aliases: AliasDraft[] = [];
  const fallback = route('default');
  const background = route('background') ?? fallback;
  for (const [name, target] of [
    [claudeCodeModels.sonnet, fallback],
    [claudeCodeModels.opus, fallback],
    [claudeCodeModels.haiku, background],
  ] as const) {
    if (target !== undefined) aliases.push({ name, target: target.model, provider: target.provider });
  }
  for (const task of taskRoutes) {
    if (typeof router[task] === 'string' && router[task] !== '') {
      warnings.push(`Router.${task} was not imported: Switchyard picks a model by the name a client asks for, not by the kind of request.`);
    }
  }
  return aliases;
}
