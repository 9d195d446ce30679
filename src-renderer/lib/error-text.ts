import type { ControlCallError } from '../../src-shared/control/rpc.js';
import { t } from '../state/i18n.svelte.js';
import { resources } from '../i18n/resources.js';

/**
 * What to tell the user about a failed call: the server's message names the field and the fix, so
 * it is shown as it is; the catalogue's summary in the window's language goes first when the
 * language is not English (server messages are English).
 */
export function errorText(error: ControlCallError): string {
  const known = Object.hasOwn(resources.en.common.errors, error.code);
  const summary = known ? t(`errors.${error.code}` as 'errors.internal_error') : '';
  if (summary === '' || summary === error.message) return error.message;
  return `${summary} ${error.message}`;
}
