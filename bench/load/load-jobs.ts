/** What bench/run.ts asks the load generator (a separate process) to do, and what it answers. */

export interface Percentiles {
  p50: number;
  p99: number;
}

interface JobTarget {
  /** Full URL of the chat endpoint. */
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Non-streamed requests, each connection sending the next as soon as its answer is read. */
export interface RequestsJob extends JobTarget {
  kind: 'requests';
  connections: number;
  durationMs: number;
  /** Paces the requests to about this many per second in all (the soak); full speed when absent. */
  ratePerSecond?: number;
}

/** Streams, `concurrency` at a time, until `streams` have run or `durationMs` has passed. */
export interface StreamsJob extends JobTarget {
  kind: 'streams';
  concurrency: number;
  streams: number;
  durationMs: number;
  /** How many stamped chunks the mock sends per stream; fewer arriving is a failure. */
  expectedChunks: number;
}

export type LoadJob = RequestsJob | StreamsJob;

export interface RequestsResult {
  kind: 'requests';
  requests: number;
  failures: number;
  firstFailure: string | null;
  elapsedMs: number;
  requestsPerSecond: number;
  latencyMs: Percentiles;
}

export interface StreamsResult {
  kind: 'streams';
  streams: number;
  failures: number;
  firstFailure: string | null;
  /** From sending the request to the first body bytes. */
  ttfbMs: Percentiles;
  /** Arrival minus the mock's send stamp, per chunk. */
  transitMs: Percentiles;
  /** Socket reads that carried body bytes. */
  reads: number;
  /** Reads that carried more than one stamped chunk: chunks a gateway held back and sent together. */
  coalescedReads: number;
  chunks: number;
}

export type LoadResult = RequestsResult | StreamsResult;

export type LoadMessage = { type: 'run'; id: number; job: LoadJob } | { type: 'result'; id: number; result: LoadResult } | { type: 'error'; id: number; message: string };

/** Nearest-rank percentile of samples sorted ascending; NaN when there are none. */
export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank]!;
}

export function percentilesOf(samples: number[] | Float64Array): Percentiles {
  const sorted = Float64Array.from(samples).sort();
  return { p50: percentile(sorted, 0.5), p99: percentile(sorted, 0.99) };
}
