import { z } from 'zod';
import { balanceSettings, defaultCnyPerUsd } from './balance-sources.js';
import { isRecord } from './json-record.js';
import { providerTypes } from './provider-type.js';
import { findVendorPreset, vendorPresets } from './vendor-presets.js';

/**
 * The declarative config file. User-facing, so strict: an unknown field is a typo the
 * user wants to hear about, not something to ignore.
 */

const identifier = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9._-]+$/, 'use letters, digits, ".", "_" or "-" only');

/** A literal key, or `env:NAME` to read it from the environment at load time. */
const secretReference = z.string().min(1, 'must not be empty');

const price = z.strictObject({
  inputPerMTok: z.number().nonnegative(),
  outputPerMTok: z.number().nonnegative(),
  cachedInputPerMTok: z.number().nonnegative().optional(),
  cacheWritePerMTok: z.number().nonnegative().optional(),
});

export const budgetPeriods = ['total', 'monthly', 'daily'] as const;
export type BudgetPeriod = (typeof budgetPeriods)[number];

const providerKey = z.strictObject({
  id: identifier,
  secret: secretReference,
  priority: z.number().int().optional(),
  weight: z.number().positive().optional(),
  budgetUsd: z.number().nonnegative().optional(),
  /** What `budgetUsd` caps: spend over all time (the default), this calendar month, or today (local time). */
  budgetPeriod: z.enum(budgetPeriods).optional(),
  creditUsd: z.number().optional(),
  disabled: z.boolean().optional(),
});

/**
 * A provider may name a vendor preset instead of spelling out its type and base URL:
 * `{ "id": "ds", "preset": "deepseek", "keys": [...] }`. The preset fills what the entry leaves out
 * (type, base URL, headers, a stand-in key for local servers that need none); the entry wins.
 */
function applyVendorPreset(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const entry = value;
  const preset = typeof entry.preset === 'string' ? findVendorPreset(entry.preset) : undefined;
  if (!preset) return value;
  return {
    type: preset.type,
    baseUrl: preset.baseUrl,
    ...(preset.apiVersion !== undefined ? { apiVersion: preset.apiVersion } : {}),
    ...(preset.placeholderKey !== undefined ? { keys: [{ id: 'local', secret: preset.placeholderKey }] } : {}),
    ...entry,
    ...(preset.headers || entry.headers ? { headers: { ...preset.headers, ...(entry.headers as Record<string, string> | undefined) } } : {}),
  };
}

const presetIds = vendorPresets.map((preset) => preset.id) as [string, ...string[]];

const providerObject = z
  .strictObject({
    preset: z.enum(presetIds).optional(),
    id: identifier,
    type: z.enum(providerTypes),
    baseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    keys: z.array(providerKey).min(1, 'needs at least one key'),
    models: z.array(z.string().min(1)).optional(),
    apiVersion: z.string().min(1).optional(),
    deployments: z.record(z.string(), z.string().min(1)).optional(),
    /** Extra headers sent upstream with every request (relays that want a referer, say). */
    headers: z.record(z.string(), z.string()).optional(),
    /** Whose balance API tells this provider's remaining credit; inferred from the preset or host when absent. */
    balance: z.enum(balanceSettings).optional(),
  })
  .superRefine((value, context) => {
    const seen = new Set<string>();
    value.keys.forEach((key, index) => {
      if (seen.has(key.id)) {
        context.addIssue({ code: 'custom', path: ['keys', index, 'id'], message: `duplicate key id "${key.id}"` });
      }
      seen.add(key.id);
    });
    const preset = value.preset === undefined ? undefined : findVendorPreset(value.preset);
    if (preset?.baseUrlPlaceholder !== undefined && value.baseUrl.includes(preset.baseUrlPlaceholder)) {
      context.addIssue({ code: 'custom', path: ['baseUrl'], message: `replace "${preset.baseUrlPlaceholder}" with your own ${preset.name} endpoint` });
    }
  });

const provider = z.preprocess(applyVendorPreset, providerObject);

export const routingStrategies = ['priority', 'cost', 'quota', 'latency', 'round-robin'] as const;

/**
 * An alias is a model name, or the model with a strategy of its own:
 * `{ "model": "gpt-4o-mini", "strategy": "latency" }` routes that alias by latency whatever
 * `routing.strategy` says.
 */
const modelAlias = z.union([
  z.string().min(1),
  z.strictObject({ model: z.string().min(1), strategy: z.enum(routingStrategies).optional() }),
]);

export const configSchema = z
  .strictObject({
    clients: z.array(z.strictObject({ name: identifier, key: secretReference })).default([]),
    providers: z.array(provider).default([]),
    modelAliases: z.record(z.string().min(1), modelAlias).default({}),
    routing: z
      .strictObject({
        strategy: z.enum(routingStrategies).default('priority'),
        retries: z.number().int().min(0).max(10).default(2),
        /** How long to wait for an upstream's response headers before trying the next candidate. */
        timeoutMs: z.number().int().positive().default(120_000),
        /** Retryable failures in a row (connection error, timeout, 429, 5xx) after which a key cools down. */
        failureThreshold: z.number().int().min(1).max(100).default(3),
        /** A key's first cooldown; each failed probe after it doubles it, up to 5 minutes. */
        cooldownMs: z.number().int().positive().default(30_000),
      })
      .prefault({}),
    prices: z.record(z.string().min(1), price).default({}),
    /** How vendor balances in yuan become USD credit. */
    currency: z.strictObject({ cnyPerUsd: z.number().positive().default(defaultCnyPerUsd) }).prefault({}),
  })
  .superRefine((value, context) => {
    const providerIds = new Set<string>();
    value.providers.forEach((entry, index) => {
      if (providerIds.has(entry.id)) {
        context.addIssue({ code: 'custom', path: ['providers', index, 'id'], message: `duplicate provider id "${entry.id}"` });
      }
      providerIds.add(entry.id);
    });
    const clientNames = new Set<string>();
    value.clients.forEach((entry, index) => {
      if (clientNames.has(entry.name)) {
        context.addIssue({ code: 'custom', path: ['clients', index, 'name'], message: `duplicate client name "${entry.name}"` });
      }
      clientNames.add(entry.name);
    });
  });

type ProviderObjectInput = z.input<typeof providerObject>;
/** A provider entry as written: with a `preset`, type, base URL and (for local servers) keys may be left out. */
export type ProviderConfigInput = Omit<ProviderObjectInput, 'type' | 'baseUrl' | 'keys'> & Partial<Pick<ProviderObjectInput, 'type' | 'baseUrl' | 'keys'>>;
export type SwitchyardConfigInput = Omit<z.input<typeof configSchema>, 'providers'> & { providers?: ProviderConfigInput[] };
export type SwitchyardConfig = z.output<typeof configSchema>;
export type ProviderConfig = SwitchyardConfig['providers'][number];
export type ProviderKeyConfig = ProviderConfig['keys'][number];
export type RoutingStrategy = (typeof routingStrategies)[number];
export type ModelAlias = SwitchyardConfig['modelAliases'][string];

/** `providers[0].keys[1].secret`: the path a user can find in their file. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? String(segment) : `.${String(segment)}`;
  }
  return text === '' ? '(root)' : text;
}
