import type { ControlService } from '../../src-shared/control/control-service.js';
import type { ProvidersApi } from '../../src-shared/control/providers-api.js';
import type { SettingsApi } from '../../src-shared/control/settings-api.js';
import type { UsageApi } from '../../src-shared/control/usage-api.js';

/**
 * The one control service, put together from its concerns. Each part is a plain object of methods,
 * so the whole is too, and the transports can call any method by its name.
 */
export function combineControlService(parts: { providers: ProvidersApi; usage: UsageApi; settings: SettingsApi }): ControlService {
  return { ...parts.providers, ...parts.usage, ...parts.settings };
}
