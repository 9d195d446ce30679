import type { ImportPreview } from '../../../../src-shared/control/providers-api.js';
import { ContractError } from '../../../conversion/contract-error.js';

/**
 * What a pasted text or file is, turned into providers, keys and aliases before anything is written:
 * a `ccswitch://` link, a cc-switch or claude-code-router configuration, a Switchyard block, or a
 * base URL and a key. Refuses what it does not recognise with `import_not_recognized`.
 */
export function recognizeImport(_text: string): ImportPreview {
  throw new ContractError('import_not_recognized', 'Importing configurations is not available in this build yet.');
}
