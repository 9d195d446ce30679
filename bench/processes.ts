/**
 * The bench's child processes: each server and the load generator run in a process of their own,
 * started with an IPC channel and, where `taskset` exists, pinned to a core.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import { nodeBundleOptions } from '../scripts/build-main.js';

export const probePath = fileURLToPath(new URL('./target-probe.mjs', import.meta.url));
/** Inside the project, so bundled Switchyard finds package.json and resources/ above it. */
const bundleDirectory = fileURLToPath(new URL('./.build/', import.meta.url));
const bundles = new Map<string, string>();

/**
 * The bench's TypeScript as a plain-JavaScript bundle, built once per run, with the settings of
 * `npm run build`: every measured process runs as Switchyard ships (not through tsx, whose
 * keepNames and loader thread cost about 15% CPU and 40 MB; docs/benchmarks.md).
 */
function bundled(script: string): string {
  let output = bundles.get(script);
  if (output === undefined) {
    output = join(bundleDirectory, basename(script).replace(/\.ts$/, '.js'));
    buildSync({ ...nodeBundleOptions, entryPoints: [script], outfile: output } as Parameters<typeof buildSync>[0]);
    bundles.set(script, output);
  }
  return output;
}

/** Which core each role gets; null where nothing is pinned. */
export interface CpuPlan {
  load: number | null;
  mock: number | null;
  target: number | null;
  description: string;
}

export function planCpus(pinningWanted: boolean): CpuPlan {
  const cores = availableParallelism();
  const taskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;
  if (!pinningWanted || !taskset || cores < 2) {
    const why = !pinningWanted ? 'turned off' : !taskset ? 'no taskset' : 'one core';
    return { load: null, mock: null, target: null, description: `not pinned (${why})` };
  }
  if (cores === 2) {
    // The gateway gets a core to itself; the load generator and the mock share the other.
    return { load: 0, mock: 0, target: 1, description: 'taskset: load generator and mock on CPU 0, the target on CPU 1' };
  }
  return { load: 0, mock: 1, target: 2, description: 'taskset: load generator on CPU 0, mock on CPU 1, the target on CPU 2' };
}

export interface ProbeReading {
  cpuMicros: number;
  rssBytes: number;
  heapUsedBytes: number;
  maxRssBytes: number;
  responses: { total: number; chatSucceeded: number };
  eventLoopDelayMs: { p50: number; p99: number; max: number };
}

interface ChildMessage {
  type: string;
  id?: number;
  [field: string]: unknown;
}

export interface SpawnOptions {
  cpu: number | null;
  /** The script is the bench's own TypeScript, run as a bundle; Portkey's is JavaScript already. */
  typescript: boolean;
  /** Load target-probe.mjs: for every measured server. */
  probe: boolean;
  execArgv?: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Pass the child's stderr through (--verbose); it is kept for error messages either way. */
  echoStderr?: boolean;
}

export class BenchChild {
  private readonly listeners = new Set<(message: ChildMessage) => void>();
  private stderr = '';
  private nextId = 1;
  readonly exited: Promise<number | null>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
    echoStderr: boolean,
  ) {
    child.on('message', (message: ChildMessage) => {
      for (const listener of [...this.listeners]) listener(message);
    });
    const keep = (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString('utf8')).slice(-4_000);
      if (echoStderr) process.stderr.write(`[${name}] ${chunk.toString('utf8')}`);
    };
    child.stderr?.on('data', keep);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (echoStderr) process.stderr.write(`[${name}] ${chunk.toString('utf8')}`);
    });
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** The end of what the child wrote to stderr, for error messages. */
  stderrTail(): string {
    return this.stderr.trim().split('\n').slice(-8).join('\n');
  }

  send(message: object): void {
    if (this.child.connected) this.child.send(message);
  }

  /**
   * The first message `accept` returns a value for; a rejection when `accept` throws, the child exits
   * or time runs out.
   */
  waitFor<T>(accept: (message: ChildMessage) => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const listener = (message: ChildMessage) => {
        let value: T | undefined;
        try {
          value = accept(message);
        } catch (error) {
          cleanup();
          reject(error as Error);
          return;
        }
        if (value === undefined) return;
        cleanup();
        resolve(value);
      };
      const onExit = (code: number | null) => {
        cleanup();
        reject(new Error(`${this.name} exited (code ${code}) while waiting for ${what}${this.stderrTail() ? `: ${this.stderrTail()}` : ''}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms${this.stderrTail() ? `: ${this.stderrTail()}` : ''}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.listeners.delete(listener);
        this.child.off('exit', onExit);
      };
      this.listeners.add(listener);
      this.child.once('exit', onExit);
    });
  }

  /** A request over IPC answered by a message of `answerType` with the same id. */
  async ask<T>(message: object, answerType: string, timeoutMs: number): Promise<T> {
    const id = this.nextId++;
    const answer = this.waitFor((reply) => (reply.type === answerType && reply.id === id ? reply : undefined), timeoutMs, answerType);
    this.send({ ...message, id });
    return (await answer) as T;
  }

  probe(resetEventLoopDelay = false): Promise<ProbeReading> {
    return this.ask<ProbeReading>({ type: 'probe', resetEventLoopDelay }, 'probe', 5_000);
  }

  /** Ends the child: disconnect, SIGTERM after a grace period, SIGKILL after another. */
  async stop(graceMs = 3_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    if (this.child.connected) this.child.disconnect();
    const exited = await Promise.race([this.exited.then(() => true), delay(graceMs).then(() => false)]);
    if (exited) return;
    this.child.kill('SIGTERM');
    const terminated = await Promise.race([this.exited.then(() => true), delay(graceMs).then(() => false)]);
    if (!terminated) this.child.kill('SIGKILL');
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

export function spawnNode(name: string, script: string, args: string[], options: SpawnOptions): BenchChild {
  const nodeArguments = [
    ...(options.probe ? ['--import', probePath] : []),
    ...(options.execArgv ?? []),
    '--enable-source-maps',
    options.typescript ? bundled(script) : script,
    ...args,
  ];
  const [command, commandArguments] =
    options.cpu === null ? [process.execPath, nodeArguments] : ['taskset', ['-c', String(options.cpu), process.execPath, ...nodeArguments]];
  const child = spawn(command, commandArguments, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  return new BenchChild(name, child, options.echoStderr ?? false);
}

/** Waits for a child's `{ type: 'ready', url }`. */
export function waitForReady(child: BenchChild, timeoutMs = 60_000): Promise<string> {
  return child.waitFor((message) => (message.type === 'ready' ? String(message.url ?? '') : undefined), timeoutMs, 'ready message');
}

/** The bench's mock upstream in a process of its own; resolves with the child and its base URL. */
export async function startMockProcess(
  settings: { chunks: number; chunkDelayMs: number },
  cpu: number | null,
  echoStderr: boolean,
): Promise<{ child: BenchChild; url: string }> {
  const child = spawnNode('mock', fileURLToPath(new URL('./mock-upstream.ts', import.meta.url)), [JSON.stringify(settings)], {
    cpu,
    typescript: true,
    probe: true,
    echoStderr,
  });
  return { child, url: await waitForReady(child) };
}

