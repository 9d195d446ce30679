/** `npm run bench -- [flags]`: what to run and how long. */

export interface BenchProfile {
  /** Per target, before anything is measured: requests at 50 connections, then a few streams. */
  warmupMs: number;
  /** Measured rounds per phase, each going once through every target (A B C, A B C…). */
  rounds: number;
  /** One round of requests at 50 connections, per target. */
  throughputMs: number;
  /** One round of requests at 1 connection, per target. */
  singleConnectionMs: number;
  /** Streams per round at 1 stream at a time (time to first byte, chunk transit). */
  sequentialStreams: number;
  /** Streams per round at `concurrentStreams` at a time (RSS and transit under 50 open streams). */
  concurrentStreamTotal: number;
  concurrentStreams: number;
  /** Stamped chunks per stream and the mock's pause between them. */
  streamChunks: number;
  chunkDelayMs: number;
}

export const fullProfile: BenchProfile = {
  warmupMs: 3_000,
  rounds: 3,
  throughputMs: 5_000,
  singleConnectionMs: 3_000,
  sequentialStreams: 15,
  concurrentStreamTotal: 150,
  concurrentStreams: 50,
  streamChunks: 20,
  chunkDelayMs: 10,
};

/** Small counts: the whole pipeline end to end in seconds (bench-smoke.test.ts); figures are rough. */
export const quickProfile: BenchProfile = {
  warmupMs: 300,
  rounds: 1,
  throughputMs: 1_000,
  singleConnectionMs: 600,
  sequentialStreams: 3,
  concurrentStreamTotal: 50,
  concurrentStreams: 50,
  streamChunks: 5,
  chunkDelayMs: 5,
};

export interface BenchOptions {
  mode: 'compare' | 'soak';
  quick: boolean;
  profile: BenchProfile;
  portkey: boolean;
  wrk: boolean;
  pin: boolean;
  /** Soak length. */
  soakSeconds: number;
  /** Run the Switchyard targets with --cpu-prof; the profiles' folder is printed. */
  cpuProfile: boolean;
  /** Where the markdown goes; null writes none (the default for --quick). */
  docsPath: string | null;
  jsonPath: string | null;
  verbose: boolean;
}

export const benchHelp = `npm run bench -- [flags]
  --quick            small counts (seconds, rough figures); writes no docs unless --docs is given
  --soak             a bounded soak of Switchyard: RSS and event-loop delay over time (5 minutes)
  --duration SECONDS soak length (default 300)
  --no-portkey       leave the Portkey row out (reported as unavailable)
  --no-wrk           use the bench's own load generator even where wrk is installed
  --no-pin           do not pin processes to cores with taskset
  --cpu-prof         run Switchyard and the bare pass-through with node --cpu-prof (folder printed;
                     summarize one with: npx tsx bench/summarize-profile.ts FILE)
  --docs PATH        where the markdown goes (default docs/benchmarks.md; --quick: none)
  --json PATH        also write the report as JSON
  --verbose          pass the children's stderr through`;

export class BenchOptionsError extends Error {}

export function parseBenchOptions(argv: readonly string[]): BenchOptions | 'help' {
  const options: BenchOptions = {
    mode: 'compare',
    quick: false,
    profile: fullProfile,
    portkey: true,
    wrk: true,
    pin: true,
    soakSeconds: 300,
    cpuProfile: false,
    docsPath: 'docs/benchmarks.md',
    jsonPath: null,
    verbose: false,
  };
  let docsGiven = false;
  const value = (index: number, flag: string): string => {
    const next = argv[index + 1];
    if (next === undefined || next.startsWith('--')) throw new BenchOptionsError(`${flag} needs a value`);
    return next;
  };
  for (let index = 0; index < argv.length; index++) {
    const flag = argv[index]!;
    switch (flag) {
      case '--help':
      case '-h':
        return 'help';
      case '--quick':
        options.quick = true;
        options.profile = quickProfile;
        break;
      case '--soak':
        options.mode = 'soak';
        break;
      case '--duration': {
        const seconds = Number(value(index++, flag));
        if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 3_600) throw new BenchOptionsError('--duration takes seconds, 1 to 3600');
        options.soakSeconds = seconds;
        break;
      }
      case '--no-portkey':
        options.portkey = false;
        break;
      case '--no-wrk':
        options.wrk = false;
        break;
      case '--no-pin':
        options.pin = false;
        break;
      case '--cpu-prof':
        options.cpuProfile = true;
        break;
      case '--docs':
        options.docsPath = value(index++, flag);
        docsGiven = true;
        break;
      case '--json':
        options.jsonPath = value(index++, flag);
        break;
      case '--verbose':
        options.verbose = true;
        break;
      default:
        throw new BenchOptionsError(`unknown flag ${flag}\n\n${benchHelp}`);
    }
  }
  if (options.quick && !docsGiven) options.docsPath = null;
  return options;
}
