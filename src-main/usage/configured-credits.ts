import type { SwitchyardConfig } from '../../src-shared/config-schema.js';
import type { ConfigCreditsRepository } from '../store/config-credits-repository.js';
import type { CreditLedger } from './credit-ledger.js';

/**
 * Hands the config's `creditUsd` figures to the ledger, each dated when the config first said it
 * (stored, so a restart or a reload with the same figure does not count old spend against it again).
 */
export function syncConfiguredCredits(config: SwitchyardConfig, repository: ConfigCreditsRepository, ledger: CreditLedger, now: number): void {
  const figures = config.providers.flatMap((provider) =>
    provider.keys.flatMap((key) => (key.creditUsd === undefined ? [] : [{ providerId: provider.id, keyId: key.id, creditUsd: key.creditUsd }])),
  );
  const stored = repository.syncConfigCredits(figures, now);
  ledger.replaceConfigured(stored.map((figure) => ({ providerId: figure.providerId, keyId: figure.keyId, usd: figure.creditUsd, asOfMs: figure.setAt })));
}
