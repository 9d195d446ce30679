import type { Environment, SettingsApi } from '../../../src-shared/control/settings-api.js';
import { ContractError } from '../../conversion/contract-error.js';
import type { UsageHistory } from '../../store/usage-history.js';
import type { NotificationCenter } from '../../usage/notification-center.js';
import { PriceSyncError, type PriceSyncSummary } from '../../usage/price-sync.js';
import type { ControlEvents } from '../control-events.js';
import { createConfigurationTransfer, type ConfigurationTransferOptions } from './configuration-transfer.js';
import type { SettingsStore } from './settings-store.js';
import { exportUsageFile } from './usage-export.js';

export interface SettingsControlDependencies {
  /** Facts about the running gateway, read when asked (the config may have changed since start). */
  environment(): Environment;
  settings: SettingsStore;
  events: Pick<ControlEvents, 'emit'>;
  notifications: Pick<NotificationCenter, 'list' | 'markRead'>;
  /** The running catalog sync (`POST /api/prices/sync` too); throws PriceSyncError. */
  syncPrices(): Promise<PriceSyncSummary>;
  refreshBalances(): Promise<unknown>;
  configuration: ConfigurationTransferOptions;
  usage: {
    /** Resolves once every recorded event is in SQLite, so an export or a reset misses none. */
    flushed(): Promise<void>;
    history: Pick<UsageHistory, 'rows' | 'clear'>;
    /** Tables derived from usage_events (rollups), cleared with it. */
    derived: ReadonlyArray<{ clear(): void }>;
    /** Told after a reset, so figures kept in memory (spend, credit) are read again. */
    afterReset(): void;
  };
  now?: () => number;
}

export function createSettingsControl(dependencies: SettingsControlDependencies): SettingsApi {
  const now = dependencies.now ?? Date.now;
  const transfer = createConfigurationTransfer(dependencies.configuration);
  const { usage } = dependencies;
  return {
    environment: async () => dependencies.environment(),
    getSettings: async () => dependencies.settings.currentSettings(),
    async updateSettings(input) {
      const settings = dependencies.settings.update(input);
      dependencies.events.emit({ type: 'settings-changed' });
      return settings;
    },
    listNotifications: async () => dependencies.notifications.list(),
    markNotificationsRead: async ({ ids }) => dependencies.notifications.markRead(ids),
    async syncPrices() {
      try {
        const summary = await dependencies.syncPrices();
        return { changed: summary.changed, fetchedAt: summary.fetchedAt };
      } catch (error) {
        // Its own codes (prices_unreachable…) already say what went wrong; the window shows them by code.
        if (error instanceof PriceSyncError) throw new ContractError(error.code, error.message, { cause: error });
        throw error;
      }
    },
    async refreshBalances() {
      await dependencies.refreshBalances();
      dependencies.events.emit({ type: 'keys-changed' });
    },
    exportConfiguration: (input) => transfer.exportConfiguration(input),
    importConfiguration: (input) => transfer.importConfiguration(input),
    async exportUsage({ format, from, to }) {
      await usage.flushed();
      return exportUsageFile(usage.history.rows(from, to), format, now());
    },
    async resetStatistics() {
      // Written first, or queued requests would land after the clear and survive it.
      await usage.flushed();
      usage.history.clear();
      for (const table of usage.derived) table.clear();
      usage.afterReset();
    },
  };
}
