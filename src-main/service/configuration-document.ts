import { readFile } from 'node:fs/promises';
import type { ConfigController } from '../config/config-controller.js';
import type { ConfigurationDocument } from '../control/settings/configuration-transfer.js';

/**
 * The configuration file as export and import see it: read as written, and replaced through the
 * controller's edit, so an import is checked by the schema, written atomically and applied like any
 * window edit, and its keys go to the secret store (under the `stored:` names the edit gives them).
 */
export function configurationDocumentOf(controller: ConfigController, path: string): ConfigurationDocument {
  return {
    readText: () => readFile(path, 'utf8'),
    replace: (document, secrets) =>
      controller.edit((current, staging) => {
        const references = new Map<string, string>();
        for (const [name, secret] of secrets) references.set(`stored:${name}`, staging.stage(name, secret));
        for (const field of Object.keys(current)) delete current[field];
        Object.assign(current, withReferences(document, references));
      }),
  };
}

/** A copy of `value` with each `stored:` reference renamed as staging named it (`-2` when taken). */
function withReferences(value: unknown, references: ReadonlyMap<string, string>): unknown {
  if (typeof value === 'string') return references.get(value) ?? value;
  if (Array.isArray(value)) return value.map((item) => withReferences(item, references));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([field, item]) => [field, withReferences(item, references)]));
  }
  return value;
}
