import { ContractError } from '../conversion/contract-error.js';
import type { KeyBreaker } from './key-breaker.js';
import { keyName, type KeyEntry, type RouteTable } from './route-table.js';
import type { CandidateSelection } from './select-candidates.js';

/**
 * Why routing found nobody to answer a request: a contract error, which the gateway answers in the
 * client's own format. `code` is stable and is what the client matches on.
 */
export type RoutingRefusal = ContractError;

/** Where the README tells how a key comes back; every refusal about a disabled key points there. */
const reenableHint = 'See "Re-enabling a key" in the README.';

/** The client's request could not go to any key: the answer says which of the reasons applies. */
export function noCandidateError(
  table: RouteTable,
  model: string,
  selection: Pick<CandidateSelection, 'candidates' | 'skippedForMoney' | 'skippedDisabled'> & Partial<Pick<CandidateSelection, 'disabled'>>,
  endpoint: string,
  /** Seconds until the first cooling-down key may be tried again; null when none is cooling down. */
  retryAfterSeconds: number | null = null,
): RoutingRefusal {
  if (selection.candidates.length === 0 && retryAfterSeconds !== null) {
    // These keys come back by themselves, so this is "try later", not "out of money" or "unknown".
    const seconds = Math.max(1, Math.ceil(retryAfterSeconds));
    return new ContractError(
      'keys_cooling_down',
      `Every key that serves model "${model}" is cooling down after failures; the first is tried again in ${seconds} s.`,
      { headers: { 'retry-after': String(seconds) } },
    );
  }
  if (selection.skippedForMoney > 0 && selection.candidates.length === 0) {
    return new ContractError(
      'insufficient_quota',
      `Every key that serves model "${model}" has spent its budget or credit. Raise budgetUsd/creditUsd or add a key.`,
    );
  }
  if (selection.candidates.length > 0) {
    const types = [...new Set(selection.candidates.map((entry) => entry.provider.config.type))].join(', ');
    return new ContractError(
      'conversion_not_supported',
      `Model "${model}" is served only by ${types} providers, which this route (${endpoint}) cannot reach: it has no conversion to them.`,
    );
  }
  if (selection.skippedDisabled > 0) {
    const named = (selection.disabled ?? []).map(({ entry, refusedReason }) => `${keyName(entry)} (${refusedReason ?? 'disabled in the config'})`);
    const which = named.length > 0 ? `: ${named.join(', ')}` : '';
    return new ContractError(
      'no_enabled_key',
      `Every key that serves model "${model}" is disabled${which}. A key the upstream refused comes back when the config ` +
        `gives it a new secret; one the config disables, when "disabled": true is removed. ${reenableHint}`,
    );
  }
  const known = table.providers.size === 0 ? ' No providers are configured yet.' : '';
  return new ContractError('model_not_found', `The model "${model}" is not served by any configured provider.${known}`);
}

/**
 * The last candidate's key was refused (401/403) and disabled. Not the vendor's 401 passed on: the
 * client's own key to Switchyard is fine, and an SDK that sees 401 tells its user to fix the wrong
 * key. 502, as for any upstream that could not serve the request; the vendor's words go in `upstream`.
 */
export function keyRejectedError(refused: readonly KeyEntry[], upstream: { status: number; message: string }): RoutingRefusal {
  const names = refused.map(keyName).join(', ');
  const keys = refused.length === 1 ? `The provider key ${names} was` : `The provider keys ${names} were`;
  return new ContractError(
    'provider_key_rejected',
    `${keys} refused by the upstream (HTTP ${upstream.status}) and ${refused.length === 1 ? 'is' : 'are'} now disabled; no other key ` +
      `could answer. This is about Switchyard's provider key, not your client key: put a working secret for it in the config ` +
      `(a new secret re-enables the key). ${reenableHint}`,
    { upstream },
  );
}

/** Seconds until the first of `coolingDown` may be tried again; null when none is cooling down. */
export function secondsUntilFirstReopens(breaker: KeyBreaker, coolingDown: readonly KeyEntry[]): number | null {
  let soonest: number | null = null;
  for (const entry of coolingDown) {
    // A half-open key whose probe is under way has no end time: it comes back as soon as the probe answers.
    const until = breaker.status(entry.provider.config.id, entry.key.id).coolingDownUntil ?? breaker.now();
    soonest = soonest === null ? until : Math.min(soonest, until);
  }
  return soonest === null ? null : (soonest - breaker.now()) / 1000;
}
