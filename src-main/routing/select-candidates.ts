import type { KeyEntry, RouteTable } from './route-table.js';
import type { KeyHealth } from './key-health.js';

export interface CandidateSources {
  health: KeyHealth;
  spentUsd(providerId: string, keyId: string): number;
  /** Whether a provider serves a model: its configured list, else its discovered one. */
  serves(providerId: string, model: string): boolean;
}

export interface CandidateSelection {
  candidates: KeyEntry[];
  /** Keys that serve the model but were left out because their budget or credit is spent. */
  skippedForMoney: number;
  /** Keys that serve the model but are disabled (by config or after a 401/403). */
  skippedDisabled: number;
}

/**
 * SPEC §5 step 3 and the `priority` order of step 4: lowest number first, keys without a priority
 * after those with one, then higher weight, then config order.
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
  for (const entry of table.keys) {
    const providerId = entry.provider.config.id;
    if (pinnedProvider !== null && providerId !== pinnedProvider) continue;
    if (!sources.serves(providerId, model)) continue;
    if (entry.key.disabled || sources.health.disabledReason(providerId, entry.key.id) !== null) {
      skippedDisabled++;
      continue;
    }
    if (isOutOfMoney(entry, sources.spentUsd(providerId, entry.key.id))) {
      skippedForMoney++;
      continue;
    }
    candidates.push(entry);
  }
  candidates.sort(byPriority);
  return { candidates, skippedForMoney, skippedDisabled };
}

function isOutOfMoney(entry: KeyEntry, spent: number): boolean {
  const { budgetUsd, creditUsd } = entry.key;
  if (budgetUsd !== undefined && spent >= budgetUsd) return true;
  if (creditUsd !== undefined && creditUsd - spent <= 0) return true;
  return false;
}

function byPriority(left: KeyEntry, right: KeyEntry): number {
  const leftPriority = left.key.priority ?? Number.POSITIVE_INFINITY;
  const rightPriority = right.key.priority ?? Number.POSITIVE_INFINITY;
  if (leftPriority !== rightPriority) return leftPriority < rightPriority ? -1 : 1;
  const weightOrder = (right.key.weight ?? 1) - (left.key.weight ?? 1);
  if (weightOrder !== 0) return weightOrder;
  return left.order - right.order;
}
