import type { ProviderKeyInput } from '../../../../src-shared/control/providers-api.js';
import type { ModelAlias } from '../../../../src-shared/config-schema.js';
import type { ProviderType } from '../../../../src-shared/provider-type.js';

/**
 * What a recogniser found, before ids are given and the result is checked against the configuration
 * schema (`finish-import.ts`). Every recogniser fills one of these; none of them writes anything.
 */

/** A key as found: a literal, `env:NAME`, or nothing (the other app had none written down). */
export interface KeyDraft extends Omit<ProviderKeyInput, 'id' | 'secret'> {
  /** Kept from a Switchyard block; otherwise `key-1`, `key-2`… */
  id?: string;
  secret: string | undefined;
}

export interface ProviderDraft {
  /** The other app's name for it, which the provider id is made from and warnings say. */
  name: string;
  /** An id to keep as it is (a Switchyard block's own), made unique within the import. */
  id?: string;
  preset?: string;
  type: ProviderType;
  baseUrl: string;
  models: string[];
  headers?: Record<string, string>;
  apiVersion?: string;
  keys: KeyDraft[];
}

export interface AliasDraft {
  /** The model name a client asks for (`claude-sonnet-4-5`). */
  name: string;
  target: ModelAlias;
  /** The provider that must serve the target; the alias is dropped when that provider is. */
  provider?: ProviderDraft;
}

export interface ImportDraft {
  providers: ProviderDraft[];
  aliases: AliasDraft[];
  warnings: string[];
  /** Every key read, those of providers left out before the schema check included, so no warning quotes one. */
  heldSecrets: string[];
}

/** The model names Claude Code asks for (README, "Claude Code"); imports point them at the user's models. */
export const claudeCodeModels = { sonnet: 'claude-sonnet-4-5', opus: 'claude-opus-4-1', haiku: 'claude-haiku-4-5' } as const;
