/**
 * Cooldowns after failures, a circuit breaker per key. A key that failed
 * `failureThreshold` times in a row (connection error, timeout, 429, 5xx) is open — skipped — for a
 * cooldown; after it, half-open: exactly one request may probe it while the others pass it by. The
 * probe's success closes it; its failure opens it again for twice as long, up to a ceiling. An
 * upstream that says how long to wait (`Retry-After`) is believed at once.
 *
 * In memory on purpose: after a restart every key gets a fresh chance. Keys the upstream refused
 * (401/403) are another matter, disabled for good by KeyHealth.
 */

export interface BreakerSettings {
  /** Retryable failures in a row that open the key. */
  failureThreshold: number;
  /** The first cooldown; each failed probe doubles it. */
  cooldownMs: number;
}

/** How far doubling may go (a cooldown set longer than this in the config is kept as set). */
export const maximumCooldownMs = 5 * 60_000;

export const defaultBreakerSettings: BreakerSettings = { failureThreshold: 3, cooldownMs: 30_000 };

/**
 * A probe not settled after this long is taken for lost, and the next request may probe instead:
 * no code path should leave one unsettled, but a key must never be shut out for good by one.
 */
export const probeLeaseMs = 15 * 60_000;

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerStatus {
  state: BreakerState;
  /** When an open key may be probed; null when closed or half-open. */
  coolingDownUntil: number | null;
  /** Half-open with its one probe under way. */
  probing: boolean;
}

export type BreakerChange =
  | { kind: 'opened'; providerId: string; keyId: string; until: number; reason: string }
  | { kind: 'closed'; providerId: string; keyId: string };

/** One attempt on a key, to be settled exactly once; settling again does nothing. */
export interface KeyAttempt {
  /** This attempt is the half-open key's one probe. */
  readonly probe: boolean;
  /** The upstream answered (any answer that is about the request, not the upstream's trouble). */
  succeeded(): void;
  /** A retryable failure; `retryAfterMs` when the upstream said how long to wait. */
  failed(reason: string, retryAfterMs: number | null): void;
  /** The attempt says nothing about the key's health (the client went away, the key was refused). */
  released(): void;
}

interface KeyCircuit {
  failures: number;
  openUntil: number | null;
  /** Probes that failed since the key last worked: the doubling exponent. */
  reopenings: number;
  /** When the half-open key's one probe was sent; null when none is under way. */
  probeSentAt: number | null;
}

export interface KeyBreakerOptions {
  settings?: () => BreakerSettings;
  now?: () => number;
  onChange?: (change: BreakerChange) => void;
}

export class KeyBreaker {
  private readonly circuits = new Map<string, KeyCircuit>();
  private readonly settings: () => BreakerSettings;
  readonly now: () => number;
  private readonly onChange: (change: BreakerChange) => void;

  constructor(options: KeyBreakerOptions = {}) {
    this.settings = options.settings ?? (() => defaultBreakerSettings);
    this.now = options.now ?? Date.now;
    this.onChange = options.onChange ?? (() => {});
  }

  status(providerId: string, keyId: string): BreakerStatus {
    if (this.circuits.size === 0) return closedStatus;
    const circuit = this.circuits.get(circuitId(providerId, keyId));
    const state = circuit === undefined ? 'closed' : this.stateOf(circuit);
    return {
      state,
      coolingDownUntil: state === 'open' ? circuit!.openUntil : null,
      probing: state === 'half-open' && this.probing(circuit!),
    };
  }

  /** Whether a request may try the key now: closed, or half-open with no probe under way. */
  admits(providerId: string, keyId: string): boolean {
    const { state, probing } = this.status(providerId, keyId);
    return state === 'closed' || (state === 'half-open' && !probing);
  }

  /**
   * Claims the key for one attempt, right before it is sent; null when the key must be passed by.
   * Candidates are chosen when a request starts, so two requests may both have picked a half-open
   * key: the first to get here probes it, the other moves on.
   */
  tryAcquire(providerId: string, keyId: string): KeyAttempt | null {
    const id = circuitId(providerId, keyId);
    const circuit = this.circuits.get(id);
    const state = circuit === undefined ? 'closed' : this.stateOf(circuit);
    if (state === 'open' || (state === 'half-open' && this.probing(circuit!))) return null;
    const probe = state === 'half-open';
    if (probe) circuit!.probeSentAt = this.now();
    let settled = false;
    const settle = (action: () => void) => {
      if (settled) return;
      settled = true;
      action();
    };
    return {
      probe,
      succeeded: () => settle(() => this.succeeded(providerId, keyId, probe)),
      failed: (reason, retryAfterMs) => settle(() => this.failed(providerId, keyId, probe, reason, retryAfterMs)),
      released: () =>
        settle(() => {
          if (probe) this.circuit(id).probeSentAt = null;
        }),
    };
  }

  private succeeded(providerId: string, keyId: string, probe: boolean): void {
    // Every answered request ends here; with no circuit anywhere there is nothing to close.
    if (this.circuits.size === 0) return;
    const id = circuitId(providerId, keyId);
    const circuit = this.circuits.get(id);
    if (circuit === undefined) return;
    if (probe) {
      this.circuits.delete(id);
      this.onChange({ kind: 'closed', providerId, keyId });
      return;
    }
    // An answer to a request sent before the key opened says nothing about it now.
    if (this.stateOf(circuit) === 'closed') this.circuits.delete(id);
  }

  private failed(providerId: string, keyId: string, probe: boolean, reason: string, retryAfterMs: number | null): void {
    const id = circuitId(providerId, keyId);
    const circuit = this.circuit(id);
    const now = this.now();
    const asked = retryAfterMs !== null && retryAfterMs > 0 ? retryAfterMs : null;
    if (probe) {
      circuit.probeSentAt = null;
      circuit.reopenings += 1;
      this.open(providerId, keyId, circuit, now + (asked ?? this.cooldownFor(circuit.reopenings)), `the probe failed: ${reason}`);
      return;
    }
    if (this.stateOf(circuit) !== 'closed') {
      // A request sent before the key opened failed late; only a wait the upstream asked for counts.
      if (asked !== null && now + asked > (circuit.openUntil ?? 0)) this.open(providerId, keyId, circuit, now + asked, `${reason}, retry after ${seconds(asked)}`);
      return;
    }
    circuit.failures += 1;
    const { failureThreshold } = this.settings();
    if (asked !== null) this.open(providerId, keyId, circuit, now + asked, `${reason}, retry after ${seconds(asked)}`);
    else if (circuit.failures >= failureThreshold) {
      this.open(providerId, keyId, circuit, now + this.cooldownFor(circuit.reopenings), `${circuit.failures} failures in a row, the last: ${reason}`);
    }
  }

  private open(providerId: string, keyId: string, circuit: KeyCircuit, until: number, reason: string): void {
    circuit.openUntil = until;
    circuit.failures = 0;
    this.onChange({ kind: 'opened', providerId, keyId, until, reason });
  }

  private cooldownFor(reopenings: number): number {
    const { cooldownMs } = this.settings();
    return Math.min(cooldownMs * 2 ** reopenings, Math.max(maximumCooldownMs, cooldownMs));
  }

  private probing(circuit: KeyCircuit): boolean {
    return circuit.probeSentAt !== null && this.now() - circuit.probeSentAt < probeLeaseMs;
  }

  private stateOf(circuit: KeyCircuit): BreakerState {
    if (circuit.openUntil === null) return 'closed';
    return this.now() < circuit.openUntil ? 'open' : 'half-open';
  }

  private circuit(id: string): KeyCircuit {
    let circuit = this.circuits.get(id);
    if (circuit === undefined) {
      circuit = { failures: 0, openUntil: null, reopenings: 0, probeSentAt: null };
      this.circuits.set(id, circuit);
    }
    return circuit;
  }
}

/** What `status` answers for a key with no circuit: the common case, one object for all. */
const closedStatus: BreakerStatus = Object.freeze({ state: 'closed', coolingDownUntil: null, probing: false });

function circuitId(providerId: string, keyId: string): string {
  return `${providerId}/${keyId}`;
}

function seconds(milliseconds: number): string {
  return `${Math.round(milliseconds / 100) / 10} s`;
}
