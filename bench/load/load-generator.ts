/**
 * The bench's own load generator, in a process of its own (pinned away from the gateway's core):
 * non-streamed requests when `wrk` is not installed, and always the streams, whose chunk stamps wrk
 * cannot read. undici's Pool, one connection per concurrent request, keep-alive.
 *
 * Jobs come over IPC (`{ type: 'run', id, job }`), results go back (`{ type: 'result', id, result }`);
 * several jobs may run at once (the soak runs requests and streams together).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { nowMicros, readStamps } from '../stream-stamps.js';
import { percentilesOf, type LoadJob, type LoadMessage, type RequestsJob, type RequestsResult, type StreamsJob, type StreamsResult } from './load-jobs.js';

/** Samples kept per job; past this, latencies are no longer recorded (counts still are). */
const maxSamples = 2_000_000;
const requestTimeoutMs = 15_000;

function poolFor(url: URL, connections: number): Pool {
  return new Pool(url.origin, { connections, pipelining: 1, keepAliveTimeout: 30_000, headersTimeout: requestTimeoutMs, bodyTimeout: requestTimeoutMs });
}

async function runRequests(job: RequestsJob): Promise<RequestsResult> {
  const url = new URL(job.url);
  const pool = poolFor(url, job.connections);
  const latencies = new Float64Array(Math.min(maxSamples, Math.max(1024, Math.ceil(job.durationMs * 50))));
  let recorded = 0;
  let requests = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  const started = performance.now();
  const deadline = started + job.durationMs;
  const intervalMs = job.ratePerSecond ? (1000 * job.connections) / job.ratePerSecond : 0;

  const worker = async (index: number) => {
    let nextAt = started + (intervalMs * index) / job.connections;
    while (performance.now() < deadline) {
      if (intervalMs > 0) {
        const wait = nextAt - performance.now();
        if (wait > 0) await sleep(wait);
        nextAt += intervalMs;
        if (performance.now() >= deadline) break;
      }
      const sent = performance.now();
      try {
        const response = await pool.request({ path: url.pathname, method: 'POST', headers: job.headers, body: job.body });
        const text = await response.body.text();
        if (response.statusCode !== 200) throw new Error(`status ${response.statusCode}: ${text.slice(0, 200)}`);
        requests++;
        if (recorded < latencies.length) latencies[recorded++] = performance.now() - sent;
      } catch (error) {
        failures++;
        firstFailure ??= (error as Error).message;
        // A target that refuses connections must not turn this loop into a busy spin.
        await sleep(5);
      }
    }
  };
  await Promise.all(Array.from({ length: job.connections }, (_, index) => worker(index)));
  const elapsedMs = performance.now() - started;
  await pool.close();
  return {
    kind: 'requests',
    requests,
    failures,
    firstFailure,
    elapsedMs,
    requestsPerSecond: (requests * 1000) / elapsedMs,
    latencyMs: percentilesOf(latencies.subarray(0, recorded)),
  };
}

async function runStreams(job: StreamsJob): Promise<StreamsResult> {
  const url = new URL(job.url);
  const pool = poolFor(url, job.concurrency);
  const ttfb: number[] = [];
  const transit: number[] = [];
  let started = 0;
  let streams = 0;
  let failures = 0;
  let firstFailure: string | null = null;
  let reads = 0;
  let coalescedReads = 0;
  let chunks = 0;
  const deadline = performance.now() + job.durationMs;

  const oneStream = async () => {
    const sentMicros = nowMicros();
    const response = await pool.request({ path: url.pathname, method: 'POST', headers: job.headers, body: job.body });
    if (response.statusCode !== 200) {
      const text = await response.body.text();
      throw new Error(`status ${response.statusCode}: ${text.slice(0, 200)}`);
    }
    let first = true;
    let seen = 0;
    await new Promise<void>((resolve, reject) => {
      response.body.on('data', (chunk: Buffer) => {
        // The arrival time is taken before anything else is done with the read.
        const arrived = nowMicros();
        if (first) {
          first = false;
          ttfb.push((arrived - sentMicros) / 1000);
        }
        reads++;
        const stamps = readStamps(chunk.toString('latin1'));
        if (stamps.length > 1) coalescedReads++;
        for (const stamp of stamps) transit.push((arrived - stamp) / 1000);
        seen += stamps.length;
      });
      response.body.on('end', resolve);
      response.body.on('error', reject);
    });
    chunks += seen;
    if (seen !== job.expectedChunks) throw new Error(`expected ${job.expectedChunks} stamped chunks, got ${seen}`);
  };

  const worker = async () => {
    while (started < job.streams && performance.now() < deadline) {
      started++;
      try {
        await oneStream();
        streams++;
      } catch (error) {
        failures++;
        firstFailure ??= (error as Error).message;
        await sleep(5);
      }
    }
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  await pool.close();
  return {
    kind: 'streams',
    streams,
    failures,
    firstFailure,
    ttfbMs: percentilesOf(ttfb),
    transitMs: percentilesOf(transit),
    reads,
    coalescedReads,
    chunks,
  };
}

function run(job: LoadJob): Promise<RequestsResult | StreamsResult> {
  return job.kind === 'requests' ? runRequests(job) : runStreams(job);
}

process.on('message', (message: LoadMessage) => {
  if (message.type !== 'run') return;
  run(message.job).then(
    (result) => process.send?.({ type: 'result', id: message.id, result } satisfies LoadMessage),
    (error: Error) => process.send?.({ type: 'error', id: message.id, message: error.message } satisfies LoadMessage),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ type: 'ready' });
