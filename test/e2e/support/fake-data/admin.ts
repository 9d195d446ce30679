import type { ControlService } from '../../../../src-shared/control/control-service.js';
import type { Environment, Notification, Settings } from '../../../../src-shared/control/settings-api.js';
import { defaultSettings } from '../../../../src-main/control/settings/settings-store.js';
import type { ClientView, RequestDetail, RequestLogQuery, RequestLogRow } from '../../../../src-shared/control/usage-api.js';

/**
 * Fixed data for the Clients, Request log, Notifications and Settings pages' browser tests and
 * screenshots, and a fake service over it that records what the window asked for.
 */

export const fixedNow = Date.UTC(2026, 2, 12, 9, 30);

export const adminEnvironment: Environment = {
  version: '0.1.0',
  host: '127.0.0.1',
  port: 4780,
  baseUrl: 'http://127.0.0.1:4780',
  dataDir: '/home/ada/.local/share/switchyard',
  configPath: '/home/ada/.config/switchyard/config.json',
  configOwned: true,
  secretBackend: 'vault',
  prices: { source: 'synced', fetchedAt: new Date(fixedNow - 3 * 86_400_000).toISOString() },
  firstRun: false,
};

export const adminClients: ClientView[] = [
  { name: 'my-editor', hint: 'sk-…3f9a', source: 'config', createdAt: new Date(fixedNow - 40 * 86_400_000).toISOString(), requests: 1842, costUsd: 12.4831, lastUsedAt: new Date(fixedNow - 120_000).toISOString() },
  { name: 'claude-code', hint: 'sk-…81c2', source: 'generated', createdAt: new Date(fixedNow - 12 * 86_400_000).toISOString(), requests: 6310, costUsd: 48.207, lastUsedAt: new Date(fixedNow - 30_000).toISOString() },
  { name: 'nightly-batch', hint: 'sk-…0b7e', source: 'generated', createdAt: new Date(fixedNow - 3 * 86_400_000).toISOString(), requests: 0, costUsd: 0, lastUsedAt: null },
];

const models: Array<[string, string, string, string]> = [
  ['claude-sonnet-4-5', 'claude-sonnet-4-5', 'anthropic', 'an-1'],
  ['gpt-4', 'gpt-4o', 'openai-main', 'oa-1'],
  ['deepseek-chat', 'deepseek-chat', 'deepseek', 'ds-1'],
  ['gpt-4o-mini', 'gpt-4o-mini', 'openai-main', 'oa-2'],
];

/** 60 requests, newest first, ids 60…1, one a minute; every seventh fails, every fifth is unpriced. */
export const adminRows: RequestLogRow[] = Array.from({ length: 60 }, (_, index) => {
  const id = 60 - index;
  const [modelRequested, modelUsed, provider, key] = models[id % models.length]!;
  const failed = id % 7 === 0;
  return {
    id,
    time: fixedNow - index * 60_000,
    client: id % 3 === 0 ? 'my-editor' : 'claude-code',
    modelRequested,
    modelUsed,
    provider,
    key,
    status: failed ? 429 : 200,
    latencyMs: 600 + ((id * 137) % 2400),
    firstByteMs: failed ? null : 180 + ((id * 53) % 500),
    inputTokens: failed ? 0 : 1200 + id * 31,
    outputTokens: failed ? 0 : 200 + id * 7,
    cacheReadTokens: 0,
    cacheWriteTokens: 0,
    costUsd: failed ? 0 : id % 5 === 0 ? null : Number((0.0004 * id).toFixed(6)),
    stream: id % 2 === 0,
    endpoint: provider === 'anthropic' ? '/v1/messages' : '/v1/chat/completions',
    error: failed ? 'Rate limited by the upstream (429); tried the next key.' : null,
  };
});

export function adminDetail(id: number, withBodies: boolean): RequestDetail {
  const row = adminRows.find((entry) => entry.id === id) ?? adminRows[0]!;
  return {
    ...row,
    reasoningTokens: 0,
    requestBody: withBodies ? JSON.stringify({ model: row.modelRequested, messages: [{ role: 'user', content: 'Summarise the release notes.' }] }, null, 2) : null,
    responseBody: withBodies ? JSON.stringify({ id: 'chatcmpl-1', choices: [{ message: { role: 'assistant', content: 'Three fixes and one feature.' } }] }, null, 2) : null,
  };
}

export const adminNotifications: Notification[] = [
  { id: 'n1', kind: 'quota-warning', at: new Date(fixedNow - 20 * 60_000).toISOString(), count: 3, subject: 'openai-main/oa-1', values: { percent: 84 }, read: false },
  { id: 'n2', kind: 'failover', at: new Date(fixedNow - 2 * 3_600_000).toISOString(), count: 1, subject: 'anthropic', values: { from: 'anthropic/an-1', to: 'anthropic/an-2' }, read: false },
  { id: 'n3', kind: 'key-disabled', at: new Date(fixedNow - 26 * 3_600_000).toISOString(), count: 1, subject: 'deepseek/ds-2', values: {}, read: true },
  { id: 'n4', kind: 'prices-changed', at: new Date(fixedNow - 3 * 86_400_000).toISOString(), count: 1, subject: null, values: { changed: 12 }, read: true },
];

export interface AdminCalls {
  requestLog: RequestLogQuery[];
  updateSettings: Array<Partial<Settings>>;
  markNotificationsRead: Array<{ ids?: string[] }>;
  exportConfiguration: Array<{ includeSecrets: boolean; passphrase?: string }>;
  resetStatistics: number;
  revokeClient: string[];
}

/** A service over the fixed data: it filters and pages the log as the real one does, and remembers the calls. */
export function adminService(options: { logBodies?: boolean } = {}): { service: Partial<ControlService>; calls: AdminCalls } {
  const calls: AdminCalls = { requestLog: [], updateSettings: [], markNotificationsRead: [], exportConfiguration: [], resetStatistics: 0, revokeClient: [] };
  let clients = [...adminClients];
  let notifications = adminNotifications.map((notification) => ({ ...notification }));
  let settings: Settings = { ...defaultSettings };
  const service: Partial<ControlService> = {
    environment: async () => adminEnvironment,
    getSettings: async () => settings,
    updateSettings: async (change) => {
      calls.updateSettings.push(change);
      settings = { ...settings, ...change };
      return settings;
    },
    listClients: async () => clients,
    createClient: async ({ name }) => {
      const client: ClientView = { name, hint: 'sk-…9d41', source: 'generated', createdAt: new Date().toISOString(), requests: 0, costUsd: 0, lastUsedAt: null };
      clients = [...clients, client];
      return { client, key: 'sk-sy-once-7c0e2b9d41a84f55b6e3d2c1' };
    },
    revokeClient: async ({ name }) => {
      calls.revokeClient.push(name);
      clients = clients.filter((client) => client.name !== name);
    },
    requestLog: async (query) => {
      calls.requestLog.push(query);
      const matching = adminRows.filter(
        (row) =>
          (query.client === undefined || row.client === query.client) &&
          (query.provider === undefined || row.provider === query.provider) &&
          (query.model === undefined || row.modelRequested === query.model || row.modelUsed === query.model) &&
          (query.outcome === undefined || (query.outcome === 'ok') === (row.status < 300)) &&
          (query.search === undefined || JSON.stringify(row).includes(query.search)),
      );
      const older = matching.filter((row) => query.before === undefined || row.id < query.before);
      const rows = older.slice(0, query.limit ?? 50);
      const last = rows.at(-1);
      return { rows, total: matching.length, nextBefore: rows.length < older.length && last ? last.id : null };
    },
    requestDetail: async ({ id }) => adminDetail(id, options.logBodies ?? true),
    listNotifications: async () => notifications,
    markNotificationsRead: async (input) => {
      calls.markNotificationsRead.push(input);
      notifications = notifications.map((notification) => (input.ids === undefined || input.ids.includes(notification.id) ? { ...notification, read: true } : notification));
    },
    exportConfiguration: async (input) => {
      calls.exportConfiguration.push(input);
      return { fileName: input.includeSecrets ? 'switchyard-config-with-keys.json' : 'switchyard-config.json', mimeType: 'application/json', content: JSON.stringify({ providers: [], encrypted: input.includeSecrets }) };
    },
    exportUsage: async ({ format }) => ({ fileName: `switchyard-usage.${format}`, mimeType: format === 'csv' ? 'text/csv' : 'application/json', content: 'id,time\n1,0\n' }),
    resetStatistics: async () => {
      calls.resetStatistics += 1;
    },
    syncPrices: async () => ({ changed: 7, fetchedAt: new Date(fixedNow).toISOString() }),
  };
  return { service, calls };
}
