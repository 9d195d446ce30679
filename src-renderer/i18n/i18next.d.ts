import 'i18next';
import type { resources } from './resources.js';

// Typed keys: `t('dashboard:title')` is checked against the English catalogs at build time.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: (typeof resources)['en'];
  }
}
