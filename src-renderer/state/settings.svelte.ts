import type { ControlCallError } from '../../src-shared/control/rpc.js';
import type { Settings } from '../../src-shared/control/settings-api.js';
import { api } from '../lib/api.js';
import { changedFields, fieldOfError, type Problem, type SettingsField } from '../lib/settings-validation.js';
import { applyPreferences } from './preferences.svelte.js';
import { Resource, asControlError } from './resource.svelte.js';

/** The app's settings as stored by the service; saved a field (or a small group) at a time. */
export const settings = new Resource<Settings>(() => api.getSettings());

export const settingsStatus = $state({
  /** Fields being saved now, and the ones saved last (for a "Saved" note). */
  saving: [] as SettingsField[],
  saved: [] as SettingsField[],
  /** Local checks and refusals, each at its field. */
  problems: {} as Partial<Record<SettingsField, Problem>>,
  serverProblems: {} as Partial<Record<SettingsField, ControlCallError>>,
  /** A refusal that names no field of the form. */
  error: null as ControlCallError | null,
});

/** Shows local problems for `fields` (clearing theirs first); true when there are none. */
export function reportProblems(fields: readonly SettingsField[], problems: Partial<Record<SettingsField, Problem>>): boolean {
  for (const field of fields) {
    delete settingsStatus.problems[field];
    delete settingsStatus.serverProblems[field];
  }
  Object.assign(settingsStatus.problems, problems);
  return Object.keys(problems).length === 0;
}

/**
 * Saves a change. Theme, language and zoom are applied to the window before the call answers, so
 * the change is seen at once; a refusal is put at the field it names.
 */
export async function saveSettings(change: Partial<Settings>): Promise<boolean> {
  const fields = changedFields(change);
  const { theme, language, zoom } = change;
  const preferenceChange = Object.fromEntries(Object.entries({ theme, language, zoom }).filter(([, value]) => value !== undefined));
  if (Object.keys(preferenceChange).length > 0) applyPreferences(preferenceChange);
  for (const field of fields) delete settingsStatus.serverProblems[field];
  settingsStatus.error = null;
  settingsStatus.saving = fields;
  try {
    settings.data = await api.updateSettings(change);
    settingsStatus.saved = fields;
    return true;
  } catch (error) {
    const refusal = asControlError(error);
    const field = fieldOfError(refusal.field, fields);
    if (field === null) settingsStatus.error = refusal;
    else settingsStatus.serverProblems[field] = refusal;
    settingsStatus.saved = [];
    return false;
  } finally {
    settingsStatus.saving = [];
  }
}
