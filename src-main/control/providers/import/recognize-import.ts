import type { ImportPreview } from '../../../../src-shared/control/providers-api.js';
import { ContractError } from '../../../conversion/contract-error.js';
import { finishImport } from './finish-import.js';
import type { ImportDraft } from './import-draft.js';
import { parseLenientJson } from './lenient-json.js';
import { recognizeCcrConfig } from './recognize-ccr-config.js';
import { recognizeCcSwitchConfig } from './recognize-ccswitch-config.js';
import { recognizeCcSwitchLink } from './recognize-ccswitch-link.js';
import { recognizeCcSwitchSql } from './recognize-ccswitch-sql.js';
import { recognizeSwitchyardBlock } from './recognize-switchyard-block.js';
import { recognizeUrlAndKey } from './recognize-url-and-key.js';

/** Larger than any configuration file of these apps by far; a pasted log or binary is refused early. */
const maximumLength = 1_000_000;

/** The JSON forms, most particular first: a cc-switch file and a CCR file both have `providers`. */
const jsonRecognisers: ReadonlyArray<[ImportPreview['format'], (value: unknown) => ImportDraft | undefined]> = [
  ['cc-switch', recognizeCcSwitchConfig],
  ['claude-code-router', recognizeCcrConfig],
  ['switchyard', recognizeSwitchyardBlock],
];

/**
 * What a pasted text or file is, turned into providers, keys and aliases before anything is written:
 * a `ccswitch://` link, a cc-switch configuration or SQL export, a claude-code-router configuration, a Switchyard block, or a
 * base URL and a key. Refuses what it does not recognise with `import_not_recognized`. Keys found
 * are in the providers' keys only; no warning or error quotes one.
 */
export function recognizeImport(text: string): ImportPreview {
  if (text.length <= maximumLength) {
    const link = recognizeCcSwitchLink(text);
    if (link !== undefined) return withNote(finishImport('ccswitch-link', link));
    const json = parseLenientJson(text);
    if (json !== undefined) {
      for (const [format, recognise] of jsonRecognisers) {
        const draft = recognise(json);
        if (draft !== undefined) return withNote(finishImport(format, draft));
      }
    }
    const sqlExport = recognizeCcSwitchSql(text);
    if (sqlExport !== undefined) return withNote(finishImport('cc-switch', sqlExport));
    const pasted = recognizeUrlAndKey(text);
    if (pasted !== undefined) return withNote(finishImport('base-url-and-key', pasted));
  }
  throw new ContractError(
    'import_not_recognized',
    'Nothing to import was recognised. Paste a ccswitch:// link, a cc-switch config.json or SQL export, a claude-code-router config.json, a Switchyard configuration (or one provider from it), or a base URL with its API key.',
  );
}

/** A recognised file that held no provider says so, rather than showing an empty preview without a word. */
function withNote(preview: ImportPreview): ImportPreview {
  if (preview.providers.length > 0 || preview.warnings.length > 0) return preview;
  return { ...preview, warnings: ['The text was recognised but holds no providers to import.'] };
}
