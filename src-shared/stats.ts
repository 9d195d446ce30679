export const statsWindows = ['24h', '7d', '30d', 'all'] as const;
export type StatsWindow = (typeof statsWindows)[number];

/**
 * `active`: in rotation. `cooling-down`: skipped for a while after failures (in memory; it comes
 * back by itself). `disabled`: out until the user acts (config `disabled`, or a 401/403).
 */
export const keyStatuses = ['active', 'cooling-down', 'disabled'] as const;
export type KeyStatus = (typeof keyStatuses)[number];

/** `GET /api/stats/summary`. */
export interface StatsSummary {
  window: StatsWindow;
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  costUsd: number;
  /**
   * Answers whose model has no known price: their tokens are counted, their cost is not in
   * `costUsd` (the UI says "no price", never $0). Present only when there are some.
   */
  unpricedRequests?: number;
  byProvider: Array<{ provider: string; requests: number; costUsd: number }>;
  byModel: Array<{ model: string; requests: number; costUsd: number; unpricedRequests?: number }>;
  byKey: Array<{
    provider: string;
    key: string;
    requests: number;
    costUsd: number;
    remainingUsd: number | null;
    /** Whether routing uses the key now; optional, like the fields below, which extend the base row. */
    status?: KeyStatus;
    /** Why the key is disabled (in the config, or refused by the upstream with a 401/403). */
    disabledReason?: string | null;
    /** ISO-8601 time a cooling-down key may be tried again; null while its probe is under way. */
    coolingDownUntil?: string | null;
    /**
     * The key's balance as its vendor last reported it (OpenRouter, DeepSeek, Moonshot, SiliconFlow):
     * in the vendor's currency, in USD at the configured rate, and when (ISO 8601). `remainingUsd`
     * is this less what the key spent since.
     */
    balance?: { amount: number; currency: string; amountUsd: number; fetchedAt: string };
  }>;
  byClient: Array<{ client: string; requests: number; costUsd: number }>;
}
