import type { ControlService } from '../../src-shared/control/control-service.js';
import type { ProvidersApi } from '../../src-shared/control/providers-api.js';
import type { Environment, SettingsApi } from '../../src-shared/control/settings-api.js';
import { ContractError } from '../../src-main/conversion/contract-error.js';
import { combineControlService } from '../../src-main/control/create-control-service.js';
import { createUsageControl } from '../../src-main/control/usage/usage-control.js';
import { notYet } from '../../src-main/control/not-yet.js';

export const fakeEnvironment: Environment = {
  version: '0.0.0-test',
  host: '127.0.0.1',
  port: 4780,
  baseUrl: 'http://127.0.0.1:4780',
  dataDir: '/data',
  configPath: '/data/config.json',
  configOwned: true,
  secretBackend: 'memory',
  prices: { source: 'bundled', fetchedAt: null },
  firstRun: true,
};

const providerMethods = [
  'listProviders', 'saveProvider', 'removeProvider', 'setKeyEnabled', 'testKey', 'previewImport',
  'applyImport', 'listModels', 'getAliases', 'setAliases', 'getRouting', 'setRouting',
] as const satisfies ReadonlyArray<keyof ProvidersApi>;

/** The providers part as 501s: the transport tests need no configuration behind it. */
export const providersNotBuilt = Object.fromEntries(providerMethods.map((method) => [method, notYet(method)])) as unknown as ProvidersApi;

/**
 * A control service whose methods answer from the arguments of `overrides`; the rest are the
 * not-yet-built 501s. For the transport tests, which are about carrying calls, not about what they do.
 */
export function fakeControlService(overrides: Partial<ControlService> = {}): ControlService {
  const base = combineControlService({
    providers: providersNotBuilt,
    usage: createUsageControl(),
    settings: {
      ...notYetSettings,
      environment: async () => fakeEnvironment,
    },
  });
  return { ...base, ...overrides };
}

export const refusingRemoveProvider: Partial<ControlService> = {
  removeProvider: async ({ id }) => {
    throw new ContractError('item_not_found', `No provider "${id}".`, { field: 'id' });
  },
};

const settingsMethods = [
  'getSettings',
  'updateSettings',
  'listNotifications',
  'markNotificationsRead',
  'syncPrices',
  'refreshBalances',
  'exportConfiguration',
  'importConfiguration',
  'exportUsage',
  'resetStatistics',
] as const;

/** The settings concern as unbuilt 501s: these tests are about carrying calls, not what they do. */
export const notYetSettings = Object.fromEntries(settingsMethods.map((method) => [method, notYet(method)])) as unknown as Omit<SettingsApi, 'environment'>;

/** The settings concern with only `environment` answering (the fake one). */
export const environmentOnlySettings: SettingsApi = { ...notYetSettings, environment: async () => fakeEnvironment };
