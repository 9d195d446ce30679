import { z } from 'zod';
import { configSchema, formatIssuePath } from '../../../src-shared/config-schema.js';
import type { ExportedFile } from '../../../src-shared/control/settings-api.js';
import { ContractError } from '../../conversion/contract-error.js';
import { fileDate } from './file-date.js';
import { openSecrets, sealedSecretsSchema, sealSecrets } from './secret-envelope.js';
import { isRecord, parseSecretReference, secretFields, storedReference } from './secret-references.js';

/**
 * The configuration file as the window edits it: its text, and a replacement of the whole document
 * whose `stored:NAME` references come with their secrets (`NAME` → key) for the secret store.
 * Built by the configuration writer; the transfer never writes the file itself.
 */
export interface ConfigurationDocument {
  readText(): Promise<string>;
  replace(document: unknown, secrets: Map<string, string>): Promise<void>;
}

export interface ConfigurationTransferOptions {
  document: ConfigurationDocument;
  /** A `stored:NAME` reference's secret from the secret store, or null when it has none. */
  readStoredSecret(name: string): Promise<string | null>;
  env: NodeJS.ProcessEnv;
  now?: () => number;
}

/** The name an export with keys is recognised by; `version` changes only with an incompatible layout. */
export const exportFormat = 'switchyard-configuration-export';
export const exportVersion = 1;

const envelopeSchema = z.object({
  format: z.literal(exportFormat),
  version: z.literal(exportVersion),
  exportedAt: z.string().optional(),
  configuration: z.record(z.string(), z.unknown()),
  secrets: sealedSecretsSchema,
});

export function createConfigurationTransfer(options: ConfigurationTransferOptions) {
  const now = options.now ?? Date.now;

  async function exportConfiguration(input: { includeSecrets: boolean; passphrase?: string }): Promise<ExportedFile> {
    const text = await options.document.readText();
    const document = parseDocument(text, 'configuration_refused', 'The configuration file is not valid JSON: fix it (the log names the line) before exporting.');
    const fileName = `switchyard-config-${fileDate(now())}.json`;
    if (!input.includeSecrets) {
      // A key written in the file becomes a reference to where this machine keeps it: the export
      // names which keys it needs, and holds none of them.
      const literals = secretFields(document).filter((field) => parseSecretReference(field.reference).kind === 'literal');
      if (literals.length === 0) return { fileName, mimeType: 'application/json', content: text };
      for (const field of literals) field.replace(storedReference(field.account));
      return { fileName, mimeType: 'application/json', content: `${JSON.stringify(document, null, 2)}\n` };
    }
    if (input.passphrase === undefined || input.passphrase === '') {
      throw new ContractError('invalid_control_input', 'exportConfiguration: passphrase: type a passphrase to encrypt the keys with.', { field: 'passphrase' });
    }
    const secrets = await collectSecrets(document);
    const envelope = {
      format: exportFormat,
      version: exportVersion,
      exportedAt: new Date(now()).toISOString(),
      configuration: document,
      secrets: await sealSecrets(secrets, input.passphrase),
    };
    return { fileName, mimeType: 'application/json', content: `${JSON.stringify(envelope, null, 2)}\n` };
  }

  /**
   * Every key the document references, by the `stored:` name it has in the export; the document's
   * fields are rewritten to those references. An `env:` variable that is not set stays a reference.
   */
  async function collectSecrets(document: unknown): Promise<Record<string, string>> {
    const secrets: Record<string, string> = {};
    for (const field of secretFields(document)) {
      const reference = parseSecretReference(field.reference);
      switch (reference.kind) {
        case 'literal':
          secrets[field.account] = reference.secret;
          field.replace(storedReference(field.account));
          break;
        case 'env': {
          const value = options.env[reference.variable]?.trim();
          if (value === undefined || value === '') break;
          secrets[field.account] = value;
          field.replace(storedReference(field.account));
          break;
        }
        case 'stored': {
          const value = await options.readStoredSecret(reference.name);
          if (value !== null) secrets[reference.name] = value;
          break;
        }
        default: {
          const _exhaustive: never = reference;
          return _exhaustive;
        }
      }
    }
    return secrets;
  }

  async function importConfiguration(input: { content: string; passphrase?: string }): Promise<{ providers: number; clients: number }> {
    const parsed = parseDocument(input.content, 'import_not_recognized', 'The file is not JSON: choose a Switchyard configuration file or an export made by Switchyard.');
    let document: Record<string, unknown>;
    const secrets = new Map<string, string>();
    if (parsed.format === exportFormat) {
      const envelope = envelopeSchema.safeParse(parsed);
      if (!envelope.success) {
        throw new ContractError('import_not_recognized', 'This export is damaged or from a newer Switchyard: export it again with this version.');
      }
      if (input.passphrase === undefined || input.passphrase === '') {
        throw new ContractError('wrong_passphrase', "This file's keys are encrypted: type the passphrase it was exported with.", { field: 'passphrase' });
      }
      // Decrypted before anything is written: a wrong passphrase changes nothing.
      for (const [name, secret] of Object.entries(await openSecrets(envelope.data.secrets, input.passphrase))) secrets.set(name, secret);
      document = envelope.data.configuration;
    } else {
      document = parsed;
    }
    // Keys written in the file (a plain configuration) go to the secret store too: the
    // configuration keeps only references.
    for (const field of secretFields(document)) {
      const reference = parseSecretReference(field.reference);
      if (reference.kind !== 'literal') continue;
      secrets.set(field.account, reference.secret);
      field.replace(storedReference(field.account));
    }
    const validated = configSchema.safeParse(document);
    if (!validated.success) {
      const issue = validated.error.issues[0]!;
      const field = formatIssuePath(issue.path);
      throw new ContractError('configuration_refused', `${field}: ${issue.message}`, { field });
    }
    await options.document.replace(document, secrets);
    return { providers: validated.data.providers.length, clients: validated.data.clients.length };
  }

  return { exportConfiguration, importConfiguration };
}

function parseDocument(text: string, code: 'configuration_refused' | 'import_not_recognized', problem: string): Record<string, unknown> {
  // Editors on Windows may save a byte-order mark, which JSON.parse refuses.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    // The parser's message may quote the text, and the text may hold a key: it is not repeated.
    throw new ContractError(code, problem);
  }
  if (!isRecord(value)) throw new ContractError(code, problem);
  return value;
}
