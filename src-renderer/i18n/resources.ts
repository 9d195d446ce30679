import en_common from './en/common.json' with { type: 'json' };
import zh_common from './zh-CN/common.json' with { type: 'json' };
import en_login from './en/login.json' with { type: 'json' };
import zh_login from './zh-CN/login.json' with { type: 'json' };
import en_dashboard from './en/dashboard.json' with { type: 'json' };
import zh_dashboard from './zh-CN/dashboard.json' with { type: 'json' };
import en_quotas from './en/quotas.json' with { type: 'json' };
import zh_quotas from './zh-CN/quotas.json' with { type: 'json' };
import en_providers from './en/providers.json' with { type: 'json' };
import zh_providers from './zh-CN/providers.json' with { type: 'json' };
import en_models from './en/models.json' with { type: 'json' };
import zh_models from './zh-CN/models.json' with { type: 'json' };
import en_routing from './en/routing.json' with { type: 'json' };
import zh_routing from './zh-CN/routing.json' with { type: 'json' };
import en_clients from './en/clients.json' with { type: 'json' };
import zh_clients from './zh-CN/clients.json' with { type: 'json' };
import en_log from './en/log.json' with { type: 'json' };
import zh_log from './zh-CN/log.json' with { type: 'json' };
import en_notifications from './en/notifications.json' with { type: 'json' };
import zh_notifications from './zh-CN/notifications.json' with { type: 'json' };
import en_settings from './en/settings.json' with { type: 'json' };
import zh_settings from './zh-CN/settings.json' with { type: 'json' };
import en_welcome from './en/welcome.json' with { type: 'json' };
import zh_welcome from './zh-CN/welcome.json' with { type: 'json' };

/**
 * Every string of the window, one namespace per page, English and Simplified Chinese. English is the
 * source: its shape types the keys (i18next.d.ts), and a test checks that Chinese has every key.
 */
export const resources = {
  en: { common: en_common, login: en_login, dashboard: en_dashboard, quotas: en_quotas, providers: en_providers, models: en_models, routing: en_routing, clients: en_clients, log: en_log, notifications: en_notifications, settings: en_settings, welcome: en_welcome },
  'zh-CN': { common: zh_common, login: zh_login, dashboard: zh_dashboard, quotas: zh_quotas, providers: zh_providers, models: zh_models, routing: zh_routing, clients: zh_clients, log: zh_log, notifications: zh_notifications, settings: zh_settings, welcome: zh_welcome },
} as const;

export type Locale = keyof typeof resources;
export type Namespace = keyof (typeof resources)['en'];
