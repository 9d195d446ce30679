import type { LanguageSetting, Settings, Theme } from '../../src-shared/control/settings-api.js';
import { preferredLocale, setLocale } from './i18n.svelte.js';

/**
 * Theme, language and zoom, applied to the page at once. They are settings of the app (saved by the
 * Settings page through the service), mirrored in localStorage so the login screen, shown before
 * the settings can be read, already looks the way the user left it.
 */
const storageKey = 'switchyard.preferences';

export const preferences = $state({
  theme: 'system' as Theme,
  language: 'system' as LanguageSetting,
  zoom: 100,
});

const darkQuery = window.matchMedia('(prefers-color-scheme: dark)');

export function applyPreferences(next: Partial<Pick<Settings, 'theme' | 'language' | 'zoom'>>): void {
  Object.assign(preferences, next);
  const root = document.documentElement;
  const dark = preferences.theme === 'dark' || (preferences.theme === 'system' && darkQuery.matches);
  root.dataset.theme = dark ? 'dark' : 'light';
  root.style.setProperty('zoom', String(preferences.zoom / 100));
  setLocale(preferences.language === 'system' ? preferredLocale() : preferences.language);
  try {
    localStorage.setItem(storageKey, JSON.stringify(preferences));
  } catch {
    // Storage may be refused; the settings in the service still hold.
  }
}

export function restorePreferences(): void {
  let stored: Partial<typeof preferences> = {};
  try {
    stored = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as Partial<typeof preferences>;
  } catch {
    stored = {};
  }
  applyPreferences(stored);
}

darkQuery.addEventListener('change', () => applyPreferences({}));
