/**
 * Token counts of one request, in the one shape every provider's usage is converted to.
 * `inputTokens` counts every prompt token, cached ones included; `cachedInputTokens` and
 * `cacheWriteTokens` say how many of those were read from or written to the vendor's prompt cache.
 * `outputTokens` counts every generated token, reasoning included; `reasoningTokens` says how many
 * of those were reasoning.
 */
export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
  cacheWriteTokens: number;
  /**
   * How many of `cacheWriteTokens` went to a long-lived cache billed at a higher rate (Anthropic's
   * 1-hour cache, twice the input price against 1.25 times for the 5-minute one). Absent: none.
   */
  cacheWriteLongTokens?: number;
  reasoningTokens: number;
}

export const emptyUsage = (): TokenUsage => ({
  inputTokens: 0,
  outputTokens: 0,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
});

/** One recorded request. Never carries a secret. */
export interface UsageEvent {
  /** Milliseconds since the epoch, when the request arrived. */
  time: number;
  client: string | null;
  provider: string | null;
  keyId: string | null;
  modelRequested: string | null;
  modelUsed: string | null;
  /** The HTTP status the client got (or the upstream gave, for a failed attempt). */
  status: number;
  latencyMs: number;
  /** Time to the first response byte from upstream; null when none came. */
  firstByteMs: number | null;
  usage: TokenUsage;
  /** Null when the model has no known price: the UI shows "no price", never $0. */
  costUsd: number | null;
  stream: boolean;
  error: string | null;
  /** The route the request came in on, e.g. `chat`, `embeddings`, `proxy`. */
  endpoint: string;
  /** False for a failed attempt that was followed by another candidate. */
  final: boolean;
  /** The upstream's usage object as it came, kept so costs can be recomputed when prices change. */
  rawUsage: string | null;
  /** The request's and answer's bodies, only on a final event and only while body logging is on. */
  bodies?: CapturedBodies;
}

/** A request's bodies as logged: every secret redacted, each cut at the logging cap. */
export interface LoggedBodies {
  request: string | null;
  response: string | null;
  requestTruncated: boolean;
  responseTruncated: boolean;
}

/** Bodies being captured; the answer's is whole only once the client's connection is done with it. */
export interface CapturedBodies {
  settled(): Promise<LoggedBodies>;
}
