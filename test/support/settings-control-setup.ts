import type { ControlEvent } from '../../src-shared/control/control-service.js';
import { createControlClient, createMemoryTransport, type ControlClient } from '../../src-shared/control/rpc.js';
import { createControlEndpoint } from '../../src-main/control/control-endpoint.js';
import { createControlEvents } from '../../src-main/control/control-events.js';
import { combineControlService } from '../../src-main/control/create-control-service.js';
import type { ConfigurationDocument } from '../../src-main/control/settings/configuration-transfer.js';
import { createSettingsControl, type SettingsControlDependencies } from '../../src-main/control/settings/settings-control.js';
import { createSettingsStore } from '../../src-main/control/settings/settings-store.js';
import { fakeEnvironment, providersNotBuilt } from './control-fakes.js';
import { createUsageControl } from '../../src-main/control/usage/usage-control.js';
import { openDatabase, type Database } from '../../src-main/store/database.js';
import { createNotificationsRepository } from '../../src-main/store/notifications-repository.js';
import { createSettingsRepository } from '../../src-main/store/settings-repository.js';
import { createUsageHistory } from '../../src-main/store/usage-history.js';
import { NotificationCenter } from '../../src-main/usage/notification-center.js';

/** A configuration file in memory: what an import wrote, and the secrets it handed over. */
export class FakeConfigurationDocument implements ConfigurationDocument {
  replaced: Array<{ document: unknown; secrets: Map<string, string> }> = [];
  constructor(public text: string) {}
  async readText(): Promise<string> {
    return this.text;
  }
  async replace(document: unknown, secrets: Map<string, string>): Promise<void> {
    this.replaced.push({ document, secrets });
    this.text = JSON.stringify(document, null, 2);
  }
}

export interface SettingsControlSetup {
  client: ControlClient;
  database: Database;
  document: FakeConfigurationDocument;
  notifications: NotificationCenter;
  storedSecrets: Map<string, string>;
  events: ControlEvent[];
  resets: string[];
}

/**
 * The settings concern built on a real in-memory SQLite database and reached through the in-memory
 * transport pair, so every answer goes through JSON as it would over HTTP or IPC.
 */
export function setUpSettingsControl(overrides: Partial<SettingsControlDependencies> & { database?: Database; configText?: string; env?: NodeJS.ProcessEnv } = {}): SettingsControlSetup {
  const database = overrides.database ?? openDatabase(':memory:');
  const document = new FakeConfigurationDocument(overrides.configText ?? '{}');
  const storedSecrets = new Map<string, string>();
  const hub = createControlEvents();
  const events: ControlEvent[] = [];
  hub.subscribe((event) => events.push(event));
  const notifications = new NotificationCenter({ repository: createNotificationsRepository(database), now: () => Date.parse('2025-03-07T10:00:00Z') });
  const resets: string[] = [];
  const history = createUsageHistory(database);
  const settings = createSettingsControl({
    environment: () => fakeEnvironment,
    settings: createSettingsStore(createSettingsRepository(database)),
    events: hub,
    notifications,
    syncPrices: async () => {
      throw new Error('no price sync in this test');
    },
    refreshBalances: async () => ({ keys: [] }),
    configuration: { document, readStoredSecret: async (name) => storedSecrets.get(name) ?? null, env: overrides.env ?? {} },
    usage: {
      flushed: async () => void resets.push('flushed'),
      history,
      derived: [{ clear: () => void resets.push('derived cleared') }],
      afterReset: () => void resets.push('after reset'),
    },
    now: () => Date.parse('2025-03-07T10:00:00Z'),
    ...overrides,
  });
  const service = combineControlService({ providers: providersNotBuilt, usage: createUsageControl(), settings });
  const endpoint = createControlEndpoint({ service, events: hub, logError: () => {} });
  return { client: createControlClient(createMemoryTransport(endpoint)), database, document, notifications, storedSecrets, events, resets };
}
