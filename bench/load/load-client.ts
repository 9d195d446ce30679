/** The orchestrator's side of the load generator: its process, and wrk where it is used. */
import { fileURLToPath } from 'node:url';
import { spawnNode, type BenchChild } from '../processes.js';
import type { LoadMessage, RequestsJob, RequestsResult, StreamsJob, StreamsResult } from './load-jobs.js';
import { runWrk } from './wrk.js';

export class LoadClient {
  private nextId = 1;

  private constructor(
    private readonly child: BenchChild,
    /** `wrk 4.1.0` when non-streamed load goes through wrk; null for the bench's own generator. */
    readonly wrk: string | null,
    private readonly cpu: number | null,
  ) {}

  static async start(cpu: number | null, wrk: string | null, echoStderr: boolean): Promise<LoadClient> {
    const child = spawnNode('load-generator', fileURLToPath(new URL('./load-generator.ts', import.meta.url)), [], {
      cpu,
      typescript: true,
      probe: false,
      echoStderr,
    });
    await child.waitFor((message) => (message.type === 'ready' ? true : undefined), 60_000, 'ready message');
    return new LoadClient(child, wrk, cpu);
  }

  get description(): string {
    return this.wrk
      ? `${this.wrk} for requests, the bench's own undici generator for streams`
      : "the bench's own undici generator (wrk not installed)";
  }

  requests(job: Omit<RequestsJob, 'kind'>, options: { allowWrk?: boolean } = {}): Promise<RequestsResult> {
    const full: RequestsJob = { kind: 'requests', ...job };
    if (this.wrk && options.allowWrk !== false && full.ratePerSecond === undefined) return runWrk(full, this.cpu);
    return this.run(full) as Promise<RequestsResult>;
  }

  streams(job: Omit<StreamsJob, 'kind'>): Promise<StreamsResult> {
    return this.run({ kind: 'streams', ...job }) as Promise<StreamsResult>;
  }

  private async run(job: RequestsJob | StreamsJob): Promise<RequestsResult | StreamsResult> {
    const id = this.nextId++;
    const answer = this.child.waitFor(
      (message) => {
        const reply = message as unknown as LoadMessage;
        if (reply.id !== id) return undefined;
        if (reply.type === 'result') return reply.result;
        if (reply.type === 'error') throw new Error(`load generator: ${reply.message}`);
        return undefined;
      },
      job.durationMs + 60_000,
      `result of a ${job.kind} job`,
    );
    this.child.send({ type: 'run', id, job } satisfies LoadMessage);
    return answer;
  }

  stop(): Promise<void> {
    return this.child.stop(1_000);
  }
}
