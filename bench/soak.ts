/**
 * `--soak`: Switchyard (same format) under steady mixed load for a bounded time, sampled at
 * intervals: RSS, heap, event-loop delay and the requests answered. Flat RSS is the goal; the slope
 * is fitted over the samples after the first fifth (start-up and JIT warm-up grow memory honestly).
 */
import { cpus as machineCpus } from 'node:os';
import type { BenchOptions } from './bench-options.js';
import { LoadClient } from './load/load-client.js';
import { planCpus, startMockProcess, type BenchChild } from './processes.js';
import { markdownTable, textTable } from './report.js';
import { chatBody, startSwitchyard } from './targets.js';

export interface SoakSample {
  atSeconds: number;
  rssMb: number;
  heapUsedMb: number;
  eventLoopDelayMs: { p50: number; p99: number; max: number };
  requestsPerSecond: number;
}

export interface SoakReport {
  kind: 'soak';
  date: string;
  machine: { cpus: number; cpuModel: string; node: string };
  durationSeconds: number;
  load: string;
  samples: SoakSample[];
  /** Least-squares slope of RSS over the samples after the first fifth. */
  rssSlopeMbPerMinute: number;
  rssGrowthMb: number;
  failures: number;
}

const requestRate = 1_000;
const requestConnections = 10;
const openStreams = 20;

export async function runSoak(options: BenchOptions, log: (line: string) => void): Promise<SoakReport> {
  const cpus = planCpus(options.pin);
  const durationMs = options.soakSeconds * 1000;
  const sampleEveryMs = Math.max(1_000, Math.round(durationMs / 30));
  const children: BenchChild[] = [];
  let load: LoadClient | null = null;
  try {
    const { child: mock, url: mockUrl } = await startMockProcess({ chunks: 20, chunkDelayMs: 10 }, cpus.mock, options.verbose);
    children.push(mock);
    load = await LoadClient.start(cpus.load, null, options.verbose);
    const target = await startSwitchyard({ mockUrl, cpu: cpus.target, cpuProfileDirectory: null, echoStderr: options.verbose }, 'switchyard');
    children.push(target.child);

    log(`soak: ${options.soakSeconds} s, ${requestRate} requests/s on ${requestConnections} connections and ${openStreams} streams open at once`);
    const requests = load.requests({
      url: target.endpoint,
      headers: target.headers,
      body: chatBody(target.model, false),
      connections: requestConnections,
      durationMs,
      ratePerSecond: requestRate,
    });
    const streams = load.streams({
      url: target.endpoint,
      headers: target.headers,
      body: chatBody(target.model, true),
      concurrency: openStreams,
      // More than can run in the time: the duration ends the job.
      streams: Number.MAX_SAFE_INTEGER,
      durationMs,
      expectedChunks: 20,
    });

    const samples: SoakSample[] = [];
    const started = performance.now();
    let previous = await target.child.probe(true);
    let previousAt = started;
    while (performance.now() - started < durationMs) {
      await new Promise((resolve) => setTimeout(resolve, Math.min(sampleEveryMs, durationMs - (performance.now() - started))));
      const reading = await target.child.probe(true);
      const now = performance.now();
      samples.push({
        atSeconds: (now - started) / 1000,
        rssMb: reading.rssBytes / 1024 / 1024,
        heapUsedMb: reading.heapUsedBytes / 1024 / 1024,
        eventLoopDelayMs: reading.eventLoopDelayMs,
        requestsPerSecond: ((reading.responses.total - previous.responses.total) * 1000) / (now - previousAt),
      });
      previous = reading;
      previousAt = now;
      const last = samples.at(-1)!;
      log(`  ${last.atSeconds.toFixed(0)} s: RSS ${last.rssMb.toFixed(1)} MB, event-loop delay p99 ${last.eventLoopDelayMs.p99.toFixed(2)} ms, ${last.requestsPerSecond.toFixed(0)} responses/s`);
    }
    const [requestsResult, streamsResult] = await Promise.all([requests, streams]);

    const settled = samples.slice(Math.floor(samples.length / 5));
    const cpu = machineCpus();
    return {
      kind: 'soak',
      date: new Date().toISOString(),
      machine: { cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown', node: process.version },
      durationSeconds: options.soakSeconds,
      load: `${requestRate} requests/s on ${requestConnections} connections, ${openStreams} streams of 20 chunks 10 ms apart open at once`,
      samples,
      rssSlopeMbPerMinute: slope(settled.map((sample) => [sample.atSeconds / 60, sample.rssMb])),
      rssGrowthMb: settled.length > 1 ? settled.at(-1)!.rssMb - settled[0]!.rssMb : 0,
      failures: requestsResult.failures + streamsResult.failures,
    };
  } finally {
    await load?.stop();
    await Promise.all(children.map((child) => child.stop()));
  }
}

function slope(points: Array<[number, number]>): number {
  if (points.length < 2) return 0;
  const meanX = points.reduce((sum, [x]) => sum + x, 0) / points.length;
  const meanY = points.reduce((sum, [, y]) => sum + y, 0) / points.length;
  let numerator = 0;
  let denominator = 0;
  for (const [x, y] of points) {
    numerator += (x - meanX) * (y - meanY);
    denominator += (x - meanX) ** 2;
  }
  return denominator === 0 ? 0 : numerator / denominator;
}

const soakHeader = ['time (s)', 'RSS MB', 'heap MB', 'loop delay p50 (ms)', 'loop delay p99 (ms)', 'loop delay max (ms)', 'responses/s'];

function soakRows(report: SoakReport): string[][] {
  return report.samples.map((sample) => [
    sample.atSeconds.toFixed(0),
    sample.rssMb.toFixed(1),
    sample.heapUsedMb.toFixed(1),
    sample.eventLoopDelayMs.p50.toFixed(2),
    sample.eventLoopDelayMs.p99.toFixed(2),
    sample.eventLoopDelayMs.max.toFixed(2),
    sample.requestsPerSecond.toFixed(0),
  ]);
}

function soakSummary(report: SoakReport): string {
  return (
    `RSS slope after the first fifth: ${report.rssSlopeMbPerMinute.toFixed(2)} MB/min ` +
    `(${report.rssGrowthMb >= 0 ? '+' : ''}${report.rssGrowthMb.toFixed(1)} MB over that span); failures: ${report.failures}.`
  );
}

export function renderSoakText(report: SoakReport): string {
  return [textTable(soakHeader, soakRows(report)), '', soakSummary(report)].join('\n');
}

export function renderSoakMarkdown(report: SoakReport): string {
  return [
    `Soak of ${report.durationSeconds} s measured ${report.date} on ${report.machine.cpus} × ${report.machine.cpuModel}, Node ${report.machine.node}: ` +
      `Switchyard same-format with ${report.load}.`,
    '',
    markdownTable(soakHeader, soakRows(report)),
    '',
    soakSummary(report),
  ].join('\n');
}
