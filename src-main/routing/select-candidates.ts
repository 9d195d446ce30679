import type { KeyEntry, RouteTable } from './route-table.js';
import type { KeyHealth } from './key-health.js';
import { isOutOfMoney, moneyLeft, type MoneySources } from './key-money.js';
import { comparePriority } from './strategies/compare-priority.js';

/** `spentUsd`, `remainingCreditUsd` and `now` (MoneySources) decide which keys are out of money. */
export interface CandidateSources extends MoneySources {
  health: KeyHealth;
  /** Whether a provider serves a model: its configured list, else its discovered one. */
  serves(providerId: string, model: string): boolean;
  /** False while the key cools down after failures (KeyBreaker); every key is admitted when absent. */
  admits?(providerId: string, keyId: string): boolean;
}

export interface DisabledKey {
  entry: KeyEntry;
  /** Null when the config disables the key; else why the gateway did (the upstream refused it). */
  refusedReason: string | null;
}

export interface CandidateSelection {
  candidates: KeyEntry[];
  /** Keys that serve the model but were left out because their budget or credit is spent. */
  skippedForMoney: number;
  /** Keys that serve the model but are disabled (by config or after a 401/403). */
  skippedDisabled: number;
  /** Those keys and why, so a refusal can name them and say how to bring them back. */
  disabled: DisabledKey[];
  /** Keys that serve the model but are cooling down after failures. */
  coolingDown: KeyEntry[];
}

/**
 * Every key serving the model, less those over budget, out of credit, cooling down or disabled, in
 * the base `priority` order (lowest number first, keys without a priority after those with one, then
 * higher weight, then config order); the strategy reorders from there.
 */
export function selectCandidates(
  table: RouteTable,
  model: string,
  pinnedProvider: string | null,
  sources: CandidateSources,
): CandidateSelection {
  const candidates: KeyEntry[] = [];
  let skippedForMoney = 0;
  let skippedDisabled = 0;
  const disabled: DisabledKey[] = [];
  const coolingDown: KeyEntry[] = [];
  for (const entry of table.keys) {
    const providerId = entry.provider.config.id;
    if (pinnedProvider !== null && providerId !== pinnedProvider) continue;
    if (!sources.serves(providerId, model)) continue;
    const refusedReason = sources.health.disabledReason(providerId, entry.key.id);
    if (entry.key.disabled || refusedReason !== null) {
      skippedDisabled++;
      disabled.push({ entry, refusedReason: entry.key.disabled ? null : refusedReason });
      continue;
    }
    if (isOutOfMoney(moneyLeft(entry, sources))) {
      skippedForMoney++;
      continue;
    }
    if (sources.admits && !sources.admits(providerId, entry.key.id)) {
      coolingDown.push(entry);
      continue;
    }
    candidates.push(entry);
  }
  candidates.sort(comparePriority);
  return { candidates, skippedForMoney, skippedDisabled, disabled, coolingDown };
}
