/**
 * The side-by-side run: the mock, the load generator and every target in processes of their own;
 * each phase goes round the targets in turn (A B C…, then again), so drift in the machine's speed
 * falls on all of them alike.
 */
import { mkdtempSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import type { BenchOptions } from './bench-options.js';
import { LoadClient } from './load/load-client.js';
import type { RequestsResult, StreamsResult } from './load/load-jobs.js';
import { wrkVersion } from './load/wrk.js';
import { ensurePortkeyInstalled } from './portkey.js';
import { planCpus, startMockProcess, type BenchChild, type ProbeReading } from './processes.js';
import { readStamps } from './stream-stamps.js';
import { chatBody, directTarget, startBare, startPortkeyTarget, startSwitchyard, type RunningTarget, type StartContext, type TargetId } from './targets.js';

export interface CpuWindow {
  cpuMicros: number;
  responses: number;
}

/** Everything measured for one target, round by round. */
export interface TargetMeasurements {
  throughput: RequestsResult[];
  throughputCpu: CpuWindow[];
  singleConnection: RequestsResult[];
  sequentialStreams: StreamsResult[];
  concurrentStreams: StreamsResult[];
  /** The largest RSS sampled while 50 streams were open. */
  rssWithOpenStreamsBytes: number;
  finalProbe: ProbeReading | null;
  /** Switchyard only: chat events in its store after it stopped, and those that succeeded. */
  usageEvents: { recorded: number; succeeded: number } | null;
}

export interface ComparisonRun {
  loadGenerator: string;
  pinning: string;
  measurements: Map<RunningTarget['id'], TargetMeasurements>;
  unavailable: Map<TargetId, string>;
  cpuProfileDirectory: string | null;
  loadAverageAtStart: number[];
}

type Log = (line: string) => void;

const emptyMeasurements = (): TargetMeasurements => ({
  throughput: [],
  throughputCpu: [],
  singleConnection: [],
  sequentialStreams: [],
  concurrentStreams: [],
  rssWithOpenStreamsBytes: 0,
  finalProbe: null,
  usageEvents: null,
});

export async function runComparison(options: BenchOptions, log: Log): Promise<ComparisonRun> {
  const loadAverageAtStart = loadavg();
  const profile = options.profile;
  const cpus = planCpus(options.pin);
  const wrk = options.wrk ? wrkVersion() : null;
  const children: BenchChild[] = [];
  let load: LoadClient | null = null;
  const unavailable = new Map<TargetId, string>();
  const cpuProfileDirectory = options.cpuProfile ? mkdtempSync(join(tmpdir(), 'switchyard-bench-profiles-')) : null;

  try {
    log(`machine: ${cpus.description}; load: ${wrk ?? "the bench's own generator"}`);
    const { child: mock, url: mockUrl } = await startMockProcess({ chunks: profile.streamChunks, chunkDelayMs: profile.chunkDelayMs }, cpus.mock, options.verbose);
    children.push(mock);
    load = await LoadClient.start(cpus.load, wrk, options.verbose);

    const context: StartContext = { mockUrl, cpu: cpus.target, cpuProfileDirectory, echoStderr: options.verbose };
    const started = await Promise.all([
      startBare(context),
      startSwitchyard(context, 'switchyard'),
      startSwitchyard(context, 'switchyard-converted'),
      startSwitchyard(context, 'switchyard-usage-off'),
    ]);
    children.push(...started.map((target) => target.child));
    const [bare, switchyard, converted, usageOff] = started as [RunningTarget, RunningTarget, RunningTarget, RunningTarget];

    let portkey: RunningTarget | null = null;
    if (!options.portkey) {
      unavailable.set('portkey', 'left out (--no-portkey)');
    } else {
      const notInstalled = ensurePortkeyInstalled(log);
      if (notInstalled) {
        unavailable.set('portkey', notInstalled);
      } else {
        try {
          portkey = await startPortkeyTarget(context, mockUrl);
          children.push(portkey.child);
        } catch (error) {
          unavailable.set('portkey', `could not start: ${(error as Error).message}`);
        }
      }
    }

    const direct = directTarget(mock, mockUrl);
    const all = [direct, bare, switchyard, converted, usageOff, ...(portkey ? [portkey] : [])];
    for (const target of all) {
      const problem = await checkTarget(target, profile.streamChunks);
      if (problem === null) continue;
      if (target.id !== 'portkey') throw new Error(`${target.id} does not answer as expected: ${problem}`);
      unavailable.set('portkey', problem);
    }
    const live = () => all.filter((target) => !(target.id === 'portkey' && unavailable.has('portkey')));
    // The usage-off twin only answers the question "what does recording cost": requests, not streams.
    const streaming = () => live().filter((target) => target.id !== 'switchyard-usage-off');

    const measurements = new Map<RunningTarget['id'], TargetMeasurements>(all.map((target) => [target.id, emptyMeasurements()]));
    const loadClient = load;

    /** Runs a job; a Portkey that breaks down mid-run becomes unavailable, anything else is a bench failure. */
    const attempt = async <T>(target: RunningTarget, job: () => Promise<T>): Promise<T | null> => {
      try {
        return await job();
      } catch (error) {
        if (target.id !== 'portkey') throw error;
        unavailable.set('portkey', `failed during the run: ${(error as Error).message}`);
        return null;
      }
    };
    const requestsJob = (target: RunningTarget, connections: number, durationMs: number) =>
      loadClient.requests({ url: target.endpoint, headers: target.headers, body: chatBody(target.model, false), connections, durationMs });
    const streamsJob = (target: RunningTarget, concurrency: number, streams: number) =>
      loadClient.streams({
        url: target.endpoint,
        headers: target.headers,
        body: chatBody(target.model, true),
        concurrency,
        streams,
        // Bounded however slow a target is: each stream takes about chunks × delay.
        durationMs: Math.max(10_000, Math.ceil(streams / concurrency) * profile.streamChunks * profile.chunkDelayMs * 4),
        expectedChunks: profile.streamChunks,
      });

    log('warming up');
    for (const target of live()) {
      await attempt(target, () => requestsJob(target, 50, profile.warmupMs));
    }
    for (const target of streaming()) {
      await attempt(target, () => streamsJob(target, 10, 20));
    }

    for (let round = 1; round <= profile.rounds; round++) {
      log(`round ${round}/${profile.rounds}: requests at 50 connections`);
      for (const target of live()) {
        const measured = await attempt(target, async () => {
          const before = await target.child.probe();
          const result = await requestsJob(target, 50, profile.throughputMs);
          const after = await target.child.probe();
          return { result, cpu: { cpuMicros: after.cpuMicros - before.cpuMicros, responses: after.responses.total - before.responses.total } };
        });
        if (measured === null) continue;
        const entry = measurements.get(target.id)!;
        entry.throughput.push(measured.result);
        entry.throughputCpu.push(measured.cpu);
      }
    }
    for (let round = 1; round <= profile.rounds; round++) {
      log(`round ${round}/${profile.rounds}: requests at 1 connection`);
      for (const target of live()) {
        const result = await attempt(target, () => requestsJob(target, 1, profile.singleConnectionMs));
        if (result) measurements.get(target.id)!.singleConnection.push(result);
      }
    }
    for (let round = 1; round <= profile.rounds; round++) {
      log(`round ${round}/${profile.rounds}: streams one at a time`);
      for (const target of streaming()) {
        const result = await attempt(target, () => streamsJob(target, 1, profile.sequentialStreams));
        if (result) measurements.get(target.id)!.sequentialStreams.push(result);
      }
    }
    for (let round = 1; round <= profile.rounds; round++) {
      log(`round ${round}/${profile.rounds}: ${profile.concurrentStreams} streams at once`);
      for (const target of streaming()) {
        const entry = measurements.get(target.id)!;
        const result = await attempt(target, () =>
          whileSampling(target.child, streamsJob(target, profile.concurrentStreams, profile.concurrentStreamTotal), (reading) => {
            entry.rssWithOpenStreamsBytes = Math.max(entry.rssWithOpenStreamsBytes, reading.rssBytes);
          }),
        );
        if (result) entry.concurrentStreams.push(result);
      }
    }

    for (const target of live()) {
      measurements.get(target.id)!.finalProbe = await target.child.probe().catch(() => null);
    }
    for (const target of [switchyard, converted, usageOff]) {
      const stopped = target.child.waitFor(
        (message) => (message.type === 'stopped' ? { recorded: Number(message.usageEvents), succeeded: Number(message.usageEventsSucceeded) } : undefined),
        30_000,
        'stopped message',
      );
      target.child.send({ type: 'stop' });
      measurements.get(target.id)!.usageEvents = await stopped;
    }

    return { loadGenerator: load.description, pinning: cpus.description, measurements, unavailable, cpuProfileDirectory, loadAverageAtStart };
  } finally {
    await load?.stop();
    await Promise.all(children.map((child) => child.stop()));
  }
}

/** Probes a target every 50 ms while `job` runs, and once as it ends (a short job may end before 50 ms). */
async function whileSampling<T>(child: BenchChild, job: Promise<T>, sample: (reading: ProbeReading) => void): Promise<T> {
  let running = true;
  const sampling = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      if (running) sample(await child.probe());
    }
  })();
  try {
    return await job;
  } finally {
    running = false;
    await sampling.catch(() => {});
    sample(await child.probe());
  }
}

/** One request and one stream, before anything is measured: null when both come back as they should. */
async function checkTarget(target: RunningTarget, expectedChunks: number): Promise<string | null> {
  try {
    const plain = await request(target.endpoint, { method: 'POST', headers: target.headers, body: chatBody(target.model, false), headersTimeout: 15_000, bodyTimeout: 15_000 });
    const text = await plain.body.text();
    if (plain.statusCode !== 200) return `a request answered ${plain.statusCode}: ${text.slice(0, 300)}`;
    const streamed = await request(target.endpoint, { method: 'POST', headers: target.headers, body: chatBody(target.model, true), headersTimeout: 15_000, bodyTimeout: 15_000 });
    const events = await streamed.body.text();
    if (streamed.statusCode !== 200) return `a stream answered ${streamed.statusCode}: ${events.slice(0, 300)}`;
    const stamps = readStamps(events).length;
    if (stamps !== expectedChunks) return `a stream carried ${stamps} of ${expectedChunks} chunks`;
    return null;
  } catch (error) {
    return (error as Error).message;
  }
}
