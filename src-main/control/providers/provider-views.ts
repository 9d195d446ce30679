import { isRecord } from '../../../src-shared/json-record.js';
import type { ProviderKeyView, ProviderView } from '../../../src-shared/control/providers-api.js';
import type { ProviderConfig } from '../../../src-shared/config-schema.js';
import { recordsOf, type ConfigDocument } from '../../config/config-document.js';
import type { KeyBreaker } from '../../routing/key-breaker.js';
import type { KeyHealth } from '../../routing/key-health.js';
import { moneyLeft, spendableUsd, type MoneySources } from '../../routing/key-money.js';
import { keyStatusFields } from '../../routing/key-status.js';
import type { RouteTable } from '../../routing/route-table.js';
import type { ProviderRecord } from '../../store/providers-repository.js';
import type { KeyBalanceView } from '../../usage/balance-refresher.js';
import { roundUsd } from '../../usage/usd-amount.js';
import type { KeyFailures } from './key-failures.js';

export interface ProviderViewSources {
  table: RouteTable;
  /** The stored providers: the hint of each key's secret. */
  stored: readonly ProviderRecord[];
  health: KeyHealth;
  breaker: KeyBreaker;
  money: MoneySources;
  failures: KeyFailures;
  balanceOf(providerId: string, keyId: string): KeyBalanceView | undefined;
}

/**
 * The providers as the file writes them (a preset stays a preset, headers are the user's own),
 * joined with what the running gateway knows of each key. Nothing here holds a key: the secret is
 * shown by its hint only.
 */
export function providerViews(document: ConfigDocument, sources: ProviderViewSources): ProviderView[] {
  const views: ProviderView[] = [];
  for (const entry of recordsOf(document, 'providers')) {
    if (!isRecord(entry)) continue;
    const provider = sources.table.providers.get(String(entry.id))?.config;
    if (provider === undefined) continue;
    const rawKeys = Array.isArray(entry.keys) ? entry.keys.filter(isRecord) : [];
    views.push({
      id: provider.id,
      preset: typeof entry.preset === 'string' ? entry.preset : null,
      type: provider.type,
      baseUrl: provider.baseUrl,
      models: provider.models ?? [],
      headers: isRecord(entry.headers) ? (entry.headers as Record<string, string>) : {},
      apiVersion: provider.apiVersion ?? null,
      keys: provider.keys.map((key) => keyView(provider, key, rawKeys.find((raw) => raw.id === key.id)?.secret, sources)),
    });
  }
  return views;
}

function keyView(provider: ProviderConfig, key: ProviderConfig['keys'][number], reference: unknown, sources: ProviderViewSources): ProviderKeyView {
  const stored = sources.stored.find((record) => record.id === provider.id)?.keys.find((record) => record.id === key.id);
  const entry = sources.table.keys.find((candidate) => candidate.provider.config.id === provider.id && candidate.key.id === key.id);
  const left = entry === undefined ? null : moneyLeft(entry, sources.money);
  const hasLimit = left !== null && (left.budgetUsd !== null || left.creditUsd !== null);
  const balance = sources.balanceOf(provider.id, key.id);
  return {
    id: key.id,
    hint: stored?.secretHint ?? '',
    secretSource: typeof reference === 'string' && reference.startsWith('stored:') ? 'stored' : typeof reference === 'string' && reference.startsWith('env:') ? 'env' : 'literal',
    priority: key.priority ?? null,
    weight: key.weight ?? null,
    budgetUsd: key.budgetUsd ?? null,
    budgetPeriod: key.budgetPeriod ?? null,
    creditUsd: key.creditUsd ?? null,
    disabledInConfig: key.disabled === true,
    ...keyStatusFields(provider.id, key.id, key, sources.health, sources.breaker),
    lastError: sources.failures.last(provider.id, key.id, sources.table.redactSecrets),
    spentUsd: roundUsd(sources.money.spentUsd(provider.id, key.id)),
    remainingUsd: hasLimit ? roundUsd(spendableUsd(left)) : null,
    balance: balance ? { amount: balance.amount, currency: balance.currency, amountUsd: balance.amountUsd, fetchedAt: balance.fetchedAt } : null,
  };
}
