/**
 * Settings, notifications, price sync, balances and the files the window exports and imports.
 */

export const themes = ['system', 'light', 'dark'] as const;
export type Theme = (typeof themes)[number];
export const languages = ['system', 'en', 'zh-CN'] as const;
export type LanguageSetting = (typeof languages)[number];

export interface Settings {
  language: LanguageSetting;
  theme: Theme;
  /** Percent, 80–150. */
  zoom: number;
  /** Request and response bodies kept (secrets redacted) in the request log; off by default. */
  logBodies: boolean;
  /** Days of request history kept; 0 keeps everything. */
  retentionDays: number;
  /** Days of logged bodies kept (shorter: they are large). */
  bodyRetentionDays: number;
  /** Percent of a budget or credit used at which a key turns amber and then red, and a notification is raised. */
  quotaThresholds: { warning: number; critical: number };
  /** `provider/key` → its own thresholds. */
  keyThresholds: Record<string, { warning: number; critical: number }>;
}

/** Read-only facts the Settings page shows. */
export interface Environment {
  version: string;
  host: string;
  port: number;
  /** The gateway's own origin, for the client snippets. */
  baseUrl: string;
  dataDir: string;
  /** The configuration file the window edits; `owned` when it is the app's own (no --config). */
  configPath: string;
  configOwned: boolean;
  /** `keychain`, or `vault` when no keychain answered (the window says so). */
  secretBackend: 'keychain' | 'vault' | 'memory';
  /** The price catalogue in use and when it was fetched. */
  prices: { source: 'bundled' | 'synced'; fetchedAt: string | null };
  /** True until the first provider is configured: the window opens on the welcome page. */
  firstRun: boolean;
}

export const notificationKinds = ['quota-warning', 'quota-critical', 'key-disabled', 'failover', 'prices-changed'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface Notification {
  id: string;
  kind: NotificationKind;
  /** ISO 8601, of the latest occurrence; repeats raise `count` instead of a new entry. */
  at: string;
  count: number;
  /** What it is about: `provider/key`, a provider id, or null. */
  subject: string | null;
  /** Values the window's catalog message needs (`percent`, `from`, `to`, `changed`…). */
  values: Record<string, string | number>;
  read: boolean;
}

export interface ExportedFile {
  fileName: string;
  mimeType: string;
  content: string;
}

export interface SettingsApi {
  environment(): Promise<Environment>;
  getSettings(): Promise<Settings>;
  updateSettings(input: Partial<Settings>): Promise<Settings>;
  listNotifications(): Promise<Notification[]>;
  markNotificationsRead(input: { ids?: string[] }): Promise<void>;
  syncPrices(): Promise<{ changed: number; fetchedAt: string }>;
  refreshBalances(): Promise<void>;
  /** The configuration file; with `includeSecrets`, keys come along encrypted with the passphrase. */
  exportConfiguration(input: { includeSecrets: boolean; passphrase?: string }): Promise<ExportedFile>;
  importConfiguration(input: { content: string; passphrase?: string }): Promise<{ providers: number; clients: number }>;
  exportUsage(input: { format: 'csv' | 'json'; from?: number; to?: number }): Promise<ExportedFile>;
  resetStatistics(): Promise<void>;
}
