import type { ProviderKeyConfig } from '../../src-shared/config-schema.js';
import type { KeyStatus } from '../../src-shared/stats.js';
import type { KeyBreaker } from './key-breaker.js';
import type { KeyHealth } from './key-health.js';

export interface KeyStatusFields {
  status: KeyStatus;
  disabledReason: string | null;
  coolingDownUntil: string | null;
}

/** What the stats (and the window) show about a key's place in rotation. */
export function keyStatusFields(
  providerId: string,
  keyId: string,
  key: Pick<ProviderKeyConfig, 'disabled'> | undefined,
  health: KeyHealth,
  breaker: KeyBreaker,
): KeyStatusFields {
  const refused = health.disabledReason(providerId, keyId);
  if (key?.disabled || refused !== null) {
    return { status: 'disabled', disabledReason: refused ?? 'disabled in the config', coolingDownUntil: null };
  }
  if (breaker.admits(providerId, keyId)) return { status: 'active', disabledReason: null, coolingDownUntil: null };
  const until = breaker.status(providerId, keyId).coolingDownUntil;
  return { status: 'cooling-down', disabledReason: null, coolingDownUntil: until === null ? null : new Date(until).toISOString() };
}
