/**
 * What the strategies (`routing.strategy`) remember between requests, in memory only: a restart starts
 * every rotation afresh and measures latency again, which costs a few requests at most.
 */

export interface LatencyReading {
  /** Exponentially weighted moving average of the key's time to first byte, in milliseconds. */
  ewmaMs: number;
  /** When it was last measured (the state's clock). */
  measuredAt: number;
}

export interface RoutingStateOptions {
  /** The clock latency readings are stamped with; injected so tests can move time. */
  now?: () => number;
  /** Weight of the newest measurement in the average. */
  latencyAlpha?: number;
}

/** A recent reading outweighs the past without one slow answer deciding everything. */
export const defaultLatencyAlpha = 0.3;

/**
 * A reading older than this no longer counts: the `latency` strategy explores the key again, and
 * its next measurement starts a new average instead of being blended into the stale one. A key once
 * slow, or measured just before it failed and cooled down, gets a fresh chance instead of being
 * passed over forever on an old figure.
 */
export const latencyReadingLifetimeMs = 60_000;

export class RoutingState {
  readonly now: () => number;
  private readonly latencyAlpha: number;
  /** Smooth weighted round-robin: each tier's members' current weights, by tier then member. */
  private readonly tierWeights = new Map<string, Map<string, number>>();
  private readonly rotations = new Map<string, number>();
  private readonly latencies = new Map<string, LatencyReading>();

  constructor(options: RoutingStateOptions = {}) {
    this.now = options.now ?? Date.now;
    this.latencyAlpha = options.latencyAlpha ?? defaultLatencyAlpha;
  }

  /**
   * Nginx's smooth weighted round-robin: every member gains its weight, the highest current weight
   * wins and pays back the tier's total. Weights 3:1 give a, a, b, a — spread out, not a, a, a, b —
   * and the sequence is deterministic. Ties go to the member listed first.
   */
  pickWeighted(tier: string, members: ReadonlyArray<{ id: string; weight: number }>): string {
    let weights = this.tierWeights.get(tier);
    if (weights === undefined) {
      weights = new Map();
      this.tierWeights.set(tier, weights);
    }
    let total = 0;
    let best: { id: string; current: number } | null = null;
    for (const member of members) {
      const current = (weights.get(member.id) ?? 0) + member.weight;
      weights.set(member.id, current);
      total += member.weight;
      if (best === null || current > best.current) best = { id: member.id, current };
    }
    if (best === null) throw new Error('pickWeighted needs at least one member');
    weights.set(best.id, best.current - total);
    return best.id;
  }

  /** The next turn of a plain rotation: 0, 1, 2, … for each `rotation` name. */
  nextTurn(rotation: string): number {
    const turn = this.rotations.get(rotation) ?? 0;
    this.rotations.set(rotation, turn + 1);
    return turn;
  }

  /** Folds one successful attempt's time to first byte into the key's average. */
  recordFirstByte(providerId: string, keyId: string, milliseconds: number): void {
    const id = `${providerId}/${keyId}`;
    const previous = this.latencies.get(id);
    const now = this.now();
    const ewmaMs = previous === undefined || now - previous.measuredAt > latencyReadingLifetimeMs ? milliseconds : this.latencyAlpha * milliseconds + (1 - this.latencyAlpha) * previous.ewmaMs;
    this.latencies.set(id, { ewmaMs, measuredAt: now });
  }

  latencyOf(providerId: string, keyId: string): LatencyReading | null {
    return this.latencies.get(`${providerId}/${keyId}`) ?? null;
  }
}
