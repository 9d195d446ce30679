import type { SettingsField } from './settings-validation.js';
import { errorText } from './error-text.js';
import { t } from '../state/i18n.svelte.js';
import { settingsStatus } from '../state/settings.svelte.js';

/** The sentence shown under a settings field: its local check first, else the service's refusal. */
export function problemText(field: SettingsField): string | null {
  const problem = settingsStatus.problems[field];
  if (problem) {
    if (problem.rule === 'range') return t('settings:validation.range', { min: problem.min, max: problem.max });
    return t(`settings:validation.${problem.rule}`);
  }
  const refusal = settingsStatus.serverProblems[field];
  return refusal ? errorText(refusal) : null;
}
