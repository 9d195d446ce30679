import type { ProviderKeyConfig, SwitchyardConfig } from '../../src-shared/config-schema.js';
import type { ProviderEntry } from '../providers/provider-adapter.js';
import { adapterFor } from '../providers/registry.js';
import { createSecretRedactor, type RedactSecrets } from '../store/secrets/redact-secrets.js';
import { providerKeyAccount } from '../store/secrets/secret-accounts.js';

export type { ProviderEntry };

export interface KeyEntry {
  readonly provider: ProviderEntry;
  readonly key: ProviderKeyConfig;
  /** Position in the config file, the last tie-breaker so order is stable and predictable. */
  readonly order: number;
}

/**
 * One immutable snapshot of the applied configuration. A config reload builds a new table; a request
 * keeps the table it started with, so in-flight requests are never affected by a reload.
 */
export interface RouteTable {
  readonly config: SwitchyardConfig;
  readonly providers: ReadonlyMap<string, ProviderEntry>;
  readonly keys: readonly KeyEntry[];
  secretFor(providerId: string, keyId: string): string | undefined;
  /** Takes this configuration's secrets out of upstream error text before it is answered, logged or stored. */
  readonly redactSecrets: RedactSecrets;
}

export function buildRouteTable(config: SwitchyardConfig, secrets: ReadonlyMap<string, string>): RouteTable {
  const providers = new Map<string, ProviderEntry>();
  const keys: KeyEntry[] = [];
  for (const providerConfig of config.providers) {
    const entry: ProviderEntry = { config: providerConfig, adapter: adapterFor(providerConfig.type) };
    providers.set(providerConfig.id, entry);
    for (const key of providerConfig.keys) keys.push({ provider: entry, key, order: keys.length });
  }
  return {
    config,
    providers,
    keys,
    secretFor: (providerId, keyId) => secrets.get(providerKeyAccount(providerId, keyId)),
    redactSecrets: createSecretRedactor(secrets.values()),
  };
}

/** `provider/key`, as the config names a key: in logs, error messages and per-key maps alike. */
export function keyName(entry: KeyEntry): string {
  return `${entry.provider.config.id}/${entry.key.id}`;
}
