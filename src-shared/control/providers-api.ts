import type { BudgetPeriod, ModelAlias, RoutingStrategy } from '../config-schema.js';
import type { ProviderType } from '../provider-type.js';
import type { KeyStatus } from '../stats.js';

/**
 * What the window reads and edits of providers, keys, models, aliases and routing. Every edit goes
 * through the configuration file (validated by its schema first); a key typed into the window goes to
 * the secret store and the file holds only a `stored:` reference to it. Nothing here carries a key
 * back out: keys are shown by their hint (`sk-…abcd`).
 */

export interface ProviderKeyView {
  id: string;
  /** `sk-…abcd`; the key itself never leaves the main process. */
  hint: string;
  /** `stored`: in the secret store (typed into the window); `env`: an environment variable; `literal`: written in the file. */
  secretSource: 'stored' | 'env' | 'literal';
  priority: number | null;
  weight: number | null;
  budgetUsd: number | null;
  budgetPeriod: BudgetPeriod | null;
  creditUsd: number | null;
  /** Disabled in the configuration (the user's own switch). */
  disabledInConfig: boolean;
  status: KeyStatus;
  /** Why the key is out of rotation: the config, a 401/403, an unset variable. */
  disabledReason: string | null;
  /** ISO 8601: when a cooling-down key is tried again. */
  coolingDownUntil: string | null;
  /** The last failure routing saw on this key (code and message, redacted). */
  lastError: { at: string; message: string } | null;
  spentUsd: number;
  remainingUsd: number | null;
  balance: { amount: number; currency: string; amountUsd: number; fetchedAt: string } | null;
}

export interface ProviderView {
  id: string;
  preset: string | null;
  type: ProviderType;
  baseUrl: string;
  models: string[];
  headers: Record<string, string>;
  apiVersion: string | null;
  keys: ProviderKeyView[];
}

/** A key as the window edits it. `secret` only when the user typed a new one; absent keeps the stored one. */
export interface ProviderKeyInput {
  id: string;
  secret?: string;
  priority?: number | null;
  weight?: number | null;
  budgetUsd?: number | null;
  budgetPeriod?: BudgetPeriod | null;
  creditUsd?: number | null;
  disabled?: boolean;
}

/** A provider as the window edits it; `originalId` renames an existing one. Fields left out stay as they are. */
export interface ProviderInput {
  originalId?: string;
  id: string;
  preset?: string | null;
  type?: ProviderType;
  baseUrl?: string;
  models?: string[];
  headers?: Record<string, string>;
  apiVersion?: string | null;
  keys?: ProviderKeyInput[];
}

export interface KeyTestResult {
  reachable: boolean;
  /** Time to the upstream's answer, ms. */
  latencyMs: number | null;
  /** HTTP status of the model-list call, when one was made. */
  status: number | null;
  models: string[];
  balance: { amount: number; currency: string; amountUsd: number } | null;
  /** Why the test failed, in the error catalogue's terms, never quoting the key. */
  error: { code: string; message: string } | null;
}

/** One pasted block or file, recognised and turned into providers before anything is written. */
export interface ImportPreview {
  format: 'switchyard' | 'claude-code-router' | 'cc-switch' | 'ccswitch-link' | 'base-url-and-key';
  providers: Array<ProviderInput & { keys: ProviderKeyInput[] }>;
  aliases: Record<string, ModelAlias>;
  /** What could not be brought over, said plainly (a transformer Switchyard does not have, say). */
  warnings: string[];
}

export interface ModelPrice {
  provider: string;
  inputPerMTok: number;
  outputPerMTok: number;
  cachedInputPerMTok: number | null;
  cacheWritePerMTok: number | null;
  /** Where the price came from: the config's own `prices`, or the models.dev catalogue. */
  source: 'config' | 'catalog';
}

export interface ModelView {
  id: string;
  /** Providers that serve it. */
  providers: string[];
  /** One entry per provider that has a price; empty means unpriced. */
  prices: ModelPrice[];
  unpriced: boolean;
}

export interface RoutingSettings {
  strategy: RoutingStrategy;
  retries: number;
  timeoutMs: number;
  failureThreshold: number;
  cooldownMs: number;
}

export interface ProvidersApi {
  listProviders(): Promise<ProviderView[]>;
  /** Creates or updates one provider in the configuration file; refused changes write nothing. */
  saveProvider(input: ProviderInput): Promise<ProviderView>;
  removeProvider(input: { id: string }): Promise<void>;
  /** Clears a run-time disable (401/403) and the config's `disabled`, or sets the latter. */
  setKeyEnabled(input: { providerId: string; keyId: string; enabled: boolean }): Promise<void>;
  testKey(input: { providerId: string; keyId: string }): Promise<KeyTestResult>;
  /** Recognises a cc-switch link, a claude-code-router or cc-switch config, a Switchyard block. */
  previewImport(input: { text: string }): Promise<ImportPreview>;
  /** Adds what `previewImport` found for the same text; providers whose id exists are renamed `-2`, `-3`. */
  applyImport(input: { text: string }): Promise<{ added: string[] }>;
  listModels(): Promise<ModelView[]>;
  getAliases(): Promise<Record<string, ModelAlias>>;
  setAliases(input: { aliases: Record<string, ModelAlias> }): Promise<Record<string, ModelAlias>>;
  getRouting(): Promise<RoutingSettings>;
  setRouting(input: Partial<RoutingSettings>): Promise<RoutingSettings>;
}
