import type { Settings } from '../../src-shared/control/settings-api.js';
import { api } from '../lib/api.js';

/** Saves a preference changed outside the Settings page (the sidebar's switches) as an app setting. */
export function savePreference(change: Partial<Settings>): void {
  // The change is already on screen; a failed save only means the next start uses the old value.
  void api.updateSettings(change).catch(() => {});
}
