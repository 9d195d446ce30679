import type { ProvidersApi } from '../../../src-shared/control/providers-api.js';
import { notYet } from '../not-yet.js';

export function createProvidersControl(): ProvidersApi {
  return {
    listProviders: notYet('listProviders'),
    saveProvider: notYet('saveProvider'),
    removeProvider: notYet('removeProvider'),
    setKeyEnabled: notYet('setKeyEnabled'),
    testKey: notYet('testKey'),
    previewImport: notYet('previewImport'),
    applyImport: notYet('applyImport'),
    listModels: notYet('listModels'),
    getAliases: notYet('getAliases'),
    setAliases: notYet('setAliases'),
    getRouting: notYet('getRouting'),
    setRouting: notYet('setRouting'),
  };
}
