import { clientKeyAccount, providerKeyAccount } from '../../store/secrets/secret-accounts.js';

/**
 * The secret fields of a configuration document as written (raw JSON, not the parsed config): each
 * provider key's `secret` and each client's `key`, with the secret store account it belongs to.
 * Only fields that are strings are listed; the schema reports anything else when the file is loaded.
 */
export interface SecretField {
  /** The secret store account the loader keeps this secret under. */
  account: string;
  /** The field's current text: a key, `env:NAME` or `stored:NAME`. */
  reference: string;
  /** Writes a new text into the document in place. */
  replace(reference: string): void;
}

export type SecretReference = { kind: 'literal'; secret: string } | { kind: 'env'; variable: string } | { kind: 'stored'; name: string };

const environmentPrefix = 'env:';
const storedPrefix = 'stored:';

export function parseSecretReference(reference: string): SecretReference {
  if (reference.startsWith(environmentPrefix)) return { kind: 'env', variable: reference.slice(environmentPrefix.length) };
  if (reference.startsWith(storedPrefix)) return { kind: 'stored', name: reference.slice(storedPrefix.length) };
  return { kind: 'literal', secret: reference };
}

export function storedReference(name: string): string {
  return `${storedPrefix}${name}`;
}

export function secretFields(document: unknown): SecretField[] {
  const fields: SecretField[] = [];
  if (!isRecord(document)) return fields;
  for (const provider of arrayOf(document.providers)) {
    if (!isRecord(provider) || typeof provider.id !== 'string') continue;
    for (const key of arrayOf(provider.keys)) {
      if (!isRecord(key) || typeof key.id !== 'string' || typeof key.secret !== 'string') continue;
      fields.push({ account: providerKeyAccount(provider.id, key.id), reference: key.secret, replace: (value) => void (key.secret = value) });
    }
  }
  for (const client of arrayOf(document.clients)) {
    if (!isRecord(client) || typeof client.name !== 'string' || typeof client.key !== 'string') continue;
    fields.push({ account: clientKeyAccount(client.name), reference: client.key, replace: (value) => void (client.key = value) });
  }
  return fields;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
