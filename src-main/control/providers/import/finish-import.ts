import type { ImportPreview, ProviderInput, ProviderKeyInput } from '../../../../src-shared/control/providers-api.js';
import { configSchema, formatIssuePath, type ModelAlias } from '../../../../src-shared/config-schema.js';
import type { AliasDraft, ImportDraft, KeyDraft, ProviderDraft } from './import-draft.js';
import { hostName, identifierFromName, uniqueIdentifier } from './provider-ids.js';

type PreviewProvider = ImportPreview['providers'][number];

/**
 * Gives what a recogniser found its ids, and keeps only providers the configuration file would
 * accept: each is checked against the same schema the writer uses, so the preview never proposes a
 * provider that applying would then refuse. What is left out is said in a warning.
 */
export function finishImport(format: ImportPreview['format'], draft: ImportDraft): ImportPreview {
  const warnings = [...draft.warnings];
  const takenIds = new Set<string>();
  const kept = new Map<ProviderDraft, PreviewProvider>();
  for (const providerDraft of draft.providers) {
    const id = uniqueIdentifier(
      providerDraft.id ?? identifierFromName(providerDraft.name, [providerDraft.preset, hostName(providerDraft.baseUrl)]),
      takenIds,
    );
    const provider = toProviderInput(id, providerDraft, warnings);
    const refusal = schemaRefusal(provider);
    if (refusal === undefined) kept.set(providerDraft, provider);
    else {
      takenIds.delete(id);
      warnings.push(`"${providerDraft.name}" was left out: ${refusal}`);
    }
  }
  const aliases = keptAliases(draft.aliases, kept, warnings);
  const providers = [...kept.values()];
  const secrets = [...draft.heldSecrets, ...draft.providers.flatMap((provider) => provider.keys.map((key) => key.secret ?? ''))];
  return { format, providers, aliases, warnings: withoutSecrets(warnings, secrets) };
}

function toProviderInput(id: string, draft: ProviderDraft, warnings: string[]): PreviewProvider {
  const takenKeyIds = new Set<string>();
  let missing = 0;
  const keys = draft.keys.map((key, index) => {
    if (key.secret === undefined || key.secret.trim() === '') missing += 1;
    return toKeyInput(id, key, index, takenKeyIds, missing, draft.name, warnings);
  });
  const provider: PreviewProvider = { id, type: draft.type, baseUrl: draft.baseUrl, models: [...new Set(draft.models)], keys };
  if (draft.preset !== undefined) provider.preset = draft.preset;
  if (draft.headers !== undefined) provider.headers = draft.headers;
  if (draft.apiVersion !== undefined) provider.apiVersion = draft.apiVersion;
  return provider;
}

/** `missing` counts the keys without a secret so far, so two of them read two variables. */
function toKeyInput(providerId: string, key: KeyDraft, index: number, taken: Set<string>, missing: number, name: string, warnings: string[]): ProviderKeyInput {
  const { id, secret, ...settings } = key;
  let found = secret?.trim();
  if (found === undefined || found === '') {
    // Every provider needs a key (the schema says so). Rather than leave the provider out, it reads one
    // from a variable the user can set, or replace by typing the key in the window.
    const variable = `${providerId.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY${missing > 1 ? `_${missing}` : ''}`;
    found = `env:${variable}`;
    warnings.push(`"${name}" has no key written down; it reads the environment variable ${variable} until you set that or type the key on the Providers page.`);
  }
  return { ...settings, id: uniqueIdentifier(id ?? `key-${index + 1}`, taken), secret: found };
}

/** Why the configuration file would refuse this provider, in the schema's words; undefined when it would not. */
function schemaRefusal(provider: ProviderInput): string | undefined {
  const entry: Record<string, unknown> = {
    id: provider.id,
    type: provider.type,
    baseUrl: provider.baseUrl,
    keys: (provider.keys ?? []).map((key) => withoutNulls({ ...key })),
  };
  if (provider.preset !== undefined && provider.preset !== null) entry.preset = provider.preset;
  if (provider.models !== undefined && provider.models.length > 0) entry.models = provider.models;
  if (provider.headers !== undefined) entry.headers = provider.headers;
  if (provider.apiVersion !== undefined && provider.apiVersion !== null) entry.apiVersion = provider.apiVersion;
  const result = configSchema.safeParse({ providers: [entry] });
  if (result.success) return undefined;
  // The path inside the one-provider config starts with `providers[0]`; the user knows the provider by name.
  return result.error.issues.map((issue) => `${formatIssuePath(issue.path.slice(2))} ${issue.message}`).join('; ');
}

function withoutNulls(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null && value !== undefined));
}

function keptAliases(drafts: AliasDraft[], kept: Map<ProviderDraft, PreviewProvider>, warnings: string[]): Record<string, ModelAlias> {
  const aliases: Record<string, ModelAlias> = {};
  for (const alias of drafts) {
    if (Object.hasOwn(aliases, alias.name)) continue;
    const targetModel = typeof alias.target === 'string' ? alias.target : alias.target.model;
    // A name served as itself needs no alias (CCR's Router may name a Claude model directly).
    if (targetModel === alias.name) continue;
    if (alias.provider !== undefined) {
      const provider = kept.get(alias.provider);
      if (provider === undefined) {
        warnings.push(`The alias ${alias.name} → ${targetModel} was left out, since "${alias.provider.name}" was.`);
        continue;
      }
      // A provider with a model list serves only those; one without asks the vendor, which knows the model.
      if (provider.models !== undefined && provider.models.length > 0 && !provider.models.includes(targetModel)) {
        provider.models.push(targetModel);
      }
    }
    aliases[alias.name] = alias.target;
  }
  return aliases;
}

/**
 * Warnings are built from names and models, never from keys; this is the second line: a key that
 * slipped in anyway (a provider named after its key, say) is replaced before the warnings leave.
 */
function withoutSecrets(warnings: string[], secrets: string[]): string[] {
  const literals = secrets.map((secret) => secret.trim()).filter((secret) => secret.length >= 4 && !secret.startsWith('env:'));
  return warnings.map((warning) => literals.reduce((text, secret) => text.split(secret).join('(a key)'), warning));
}
