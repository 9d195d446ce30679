import { isRecord } from '../../src-shared/json-record.js';
import { storedSecretName, storedSecretPrefix } from './load-config.js';

/**
 * The configuration file as the user wrote it: the raw JSON object, not the parsed and defaulted
 * configuration. The window edits this, so key order, `preset`, `env:` references and fields the
 * window knows nothing of are written back as they were.
 */
export type ConfigDocument = Record<string, unknown>;

/** The file's text as a document; a file that is no JSON object was refused by its schema first. */
export function parseConfigDocument(text: string): ConfigDocument {
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const value: unknown = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  return isRecord(value) ? value : {};
}

/** Pretty-printed with two spaces and a final newline, as a person would write it. */
export function serializeConfigDocument(document: ConfigDocument): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** What a new, empty configuration file holds. */
export const emptyConfigDocumentText = serializeConfigDocument({ providers: [] });

/** The records of an array field (`providers`, a provider's `keys`), made an array if it was not one. */
export function recordsOf(parent: Record<string, unknown>, field: string): Array<Record<string, unknown>> {
  const value = parent[field];
  if (Array.isArray(value)) return value as Array<Record<string, unknown>>;
  const created: Array<Record<string, unknown>> = [];
  parent[field] = created;
  return created;
}

/** The names of every `stored:` reference in the document: provider keys' `secret` and clients' `key`. */
export function storedReferenceNames(document: ConfigDocument): Set<string> {
  const names = new Set<string>();
  const note = (value: unknown) => {
    if (typeof value !== 'string' || !value.startsWith(storedSecretPrefix)) return;
    const stored = storedSecretName(value);
    if (stored?.ok) names.add(stored.name);
  };
  for (const provider of arrayOf(document.providers)) {
    if (!isRecord(provider)) continue;
    for (const key of arrayOf(provider.keys)) if (isRecord(key)) note(key.secret);
  }
  for (const client of arrayOf(document.clients)) if (isRecord(client)) note(client.key);
  return names;
}

function arrayOf(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
