import { isRecord } from '../../../src-shared/json-record.js';
import type { ProviderInput, ProviderKeyInput } from '../../../src-shared/control/providers-api.js';
import { findVendorPreset } from '../../../src-shared/vendor-presets.js';
import { recordsOf, type ConfigDocument } from '../../config/config-document.js';
import type { SecretStaging } from '../../config/config-controller.js';
import { ContractError } from '../../conversion/contract-error.js';

/**
 * The window's provider edits, made on the raw configuration document: only the fields the input
 * names change, and every other field of the entry (unknown ones included) stays as written.
 */

type JsonObject = Record<string, unknown>;

export function findProviderIndex(document: ConfigDocument, id: string): number {
  return recordsOf(document, 'providers').findIndex((provider) => isRecord(provider) && provider.id === id);
}

/** Creates or updates (and renames, with `originalId`) one provider entry. */
export function saveProviderInDocument(document: ConfigDocument, input: ProviderInput, secrets: SecretStaging): void {
  const providers = recordsOf(document, 'providers');
  const lookupId = input.originalId ?? input.id;
  let index = findProviderIndex(document, lookupId);
  if (index === -1 && input.originalId !== undefined) {
    throw new ContractError('item_not_found', `No provider "${input.originalId}" to change; reload the list.`, { field: 'originalId' });
  }
  if (input.id !== lookupId && findProviderIndex(document, input.id) !== -1) {
    throw new ContractError('item_exists', `A provider "${input.id}" already exists; choose another id.`, { field: 'id' });
  }
  if (index === -1) {
    providers.push({ id: input.id });
    index = providers.length - 1;
  }
  writeProvider(providers[index]!, input, secrets, index);
}

/** A new provider from an import: its id made unique with `-2`, `-3`; answers the id it got. */
export function addProviderToDocument(document: ConfigDocument, input: ProviderInput, secrets: SecretStaging): string {
  let id = input.id;
  for (let suffix = 2; findProviderIndex(document, id) !== -1; suffix += 1) id = `${input.id}-${suffix}`;
  const providers = recordsOf(document, 'providers');
  providers.push({ id });
  writeProvider(providers[providers.length - 1]!, { ...input, id, originalId: undefined }, secrets, providers.length - 1);
  return id;
}

function writeProvider(entry: JsonObject, input: ProviderInput, secrets: SecretStaging, index: number): void {
  entry.id = input.id;
  if (input.preset !== undefined) setOrDelete(entry, 'preset', input.preset);
  if (input.type !== undefined) entry.type = input.type;
  if (input.baseUrl !== undefined) entry.baseUrl = input.baseUrl;
  // An empty list means "ask the provider", which is what leaving `models` out says.
  if (input.models !== undefined) setOrDelete(entry, 'models', input.models.length > 0 ? input.models : null);
  if (input.headers !== undefined) setOrDelete(entry, 'headers', Object.keys(input.headers).length > 0 ? input.headers : null);
  if (input.apiVersion !== undefined) setOrDelete(entry, 'apiVersion', input.apiVersion);
  const preset = typeof entry.preset === 'string' ? findVendorPreset(entry.preset) : undefined;
  if (input.keys !== undefined) {
    const previous = Array.isArray(entry.keys) ? entry.keys.filter(isRecord) : [];
    // A local server's preset brings its own stand-in key, so no key at all is a valid answer there.
    if (input.keys.length === 0 && preset?.placeholderKey !== undefined) delete entry.keys;
    else entry.keys = input.keys.map((key, keyIndex) => writeKey(previous, key, input.id, secrets, `providers[${index}].keys[${keyIndex}]`));
  }
  // What the preset fills in is left out, so the file keeps following the preset if it changes.
  if (preset) {
    if (entry.type === preset.type) delete entry.type;
    if (entry.baseUrl === preset.baseUrl) delete entry.baseUrl;
    if (entry.apiVersion !== undefined && entry.apiVersion === preset.apiVersion) delete entry.apiVersion;
  }
}

function writeKey(previous: JsonObject[], input: ProviderKeyInput, providerId: string, secrets: SecretStaging, path: string): JsonObject {
  const entry: JsonObject = { ...(previous.find((key) => key.id === input.id) ?? { id: input.id }) };
  entry.id = input.id;
  // A pasted key often brings a line end or a space with it, which would break the header.
  const secret = input.secret?.trim();
  if (secret === '') throw new ContractError('configuration_refused', `${path}.secret: paste the key itself, not only spaces`, { field: `${path}.secret` });
  if (secret !== undefined) entry.secret = secrets.stage(`${providerId}/${input.id}`, secret);
  else if (typeof entry.secret !== 'string') {
    throw new ContractError('configuration_refused', `${path}.secret: paste the key for the new key "${input.id}"`, { field: `${path}.secret` });
  }
  for (const field of ['priority', 'weight', 'budgetUsd', 'budgetPeriod', 'creditUsd'] as const) {
    if (input[field] !== undefined) setOrDelete(entry, field, input[field]);
  }
  if (input.disabled !== undefined) setOrDelete(entry, 'disabled', input.disabled ? true : null);
  return entry;
}

/** Sets `disabled: true` on a key, or takes the field away. */
export function setKeyDisabledInDocument(document: ConfigDocument, providerId: string, keyId: string, disabled: boolean): void {
  const index = findProviderIndex(document, providerId);
  if (index === -1) throw new ContractError('item_not_found', `No provider "${providerId}"; reload the list.`, { field: 'providerId' });
  const provider = recordsOf(document, 'providers')[index]!;
  let key = (Array.isArray(provider.keys) ? provider.keys.filter(isRecord) : []).find((entry) => entry.id === keyId);
  if (key === undefined) {
    // A local server's stand-in key is not written in the file until it needs a field of its own.
    const placeholder = typeof provider.preset === 'string' ? findVendorPreset(provider.preset)?.placeholderKey : undefined;
    if (placeholder === undefined || provider.keys !== undefined || keyId !== 'local') {
      throw new ContractError('item_not_found', `Provider "${providerId}" has no key "${keyId}"; reload the list.`, { field: 'keyId' });
    }
    key = { id: keyId, secret: placeholder };
    provider.keys = [key];
  }
  setOrDelete(key, 'disabled', disabled ? true : null);
}

export function removeProviderFromDocument(document: ConfigDocument, id: string): void {
  const index = findProviderIndex(document, id);
  if (index === -1) throw new ContractError('item_not_found', `No provider "${id}"; reload the list.`, { field: 'id' });
  recordsOf(document, 'providers').splice(index, 1);
}

function setOrDelete(entry: JsonObject, field: string, value: unknown): void {
  if (value === null || value === undefined) delete entry[field];
  else entry[field] = value;
}
