import type { Environment, SettingsApi } from '../../../src-shared/control/settings-api.js';
import { notYet } from '../not-yet.js';

export interface SettingsControlDependencies {
  /** Facts about the running gateway, read when asked (the config may have changed since start). */
  environment(): Environment;
}

export function createSettingsControl(dependencies: SettingsControlDependencies): SettingsApi {
  return {
    environment: async () => dependencies.environment(),
    getSettings: notYet('getSettings'),
    updateSettings: notYet('updateSettings'),
    listNotifications: notYet('listNotifications'),
    markNotificationsRead: notYet('markNotificationsRead'),
    syncPrices: notYet('syncPrices'),
    refreshBalances: notYet('refreshBalances'),
    exportConfiguration: notYet('exportConfiguration'),
    importConfiguration: notYet('importConfiguration'),
    exportUsage: notYet('exportUsage'),
    resetStatistics: notYet('resetStatistics'),
  };
}
