import i18next from 'i18next';
import { resources, type Locale } from '../i18n/resources.js';

/**
 * The window's language: English or Simplified Chinese, the browser's by default, switchable live.
 * Components call `t()`, which reads `locale.current`, so every string re-renders when it changes.
 */

export const locales: readonly Locale[] = ['en', 'zh-CN'];

/** The browser's (or the OS's, in the tray app) preferred language, if it is one we have. */
export function preferredLocale(languages: readonly string[] = navigator.languages): Locale {
  for (const language of languages) {
    if (/^zh\b/i.test(language)) return 'zh-CN';
    if (/^en\b/i.test(language)) return 'en';
  }
  return 'en';
}

export const locale = $state({ current: preferredLocale() as Locale });

// The catalogs are bundled, so this completes at once (initAsync: false), before the first render.
void i18next.init({
  initAsync: false,
  lng: locale.current,
  fallbackLng: 'en',
  defaultNS: 'common',
  ns: Object.keys(resources.en),
  resources,
  interpolation: { escapeValue: false },
});

export function setLocale(next: Locale): void {
  void i18next.changeLanguage(next);
  locale.current = next;
  document.documentElement.lang = next;
}

/** i18next's `t`, made reactive to the language (typed keys: see i18n/i18next.d.ts). */
const translate = (...args: unknown[]): string => (i18next.t as unknown as (...inner: unknown[]) => string).apply(i18next, args);
export const t = ((...args: unknown[]) => {
  void locale.current;
  return translate(...args);
}) as unknown as typeof i18next.t;
