/**
 * Non-streamed load with `wrk` (Debian package `wrk`) where it is installed: a C load generator costs
 * the machine far less per request than any Node client, so more of the CPU is left to the gateway.
 * The request and the JSON summary are a Lua script; wrk records latency in microseconds.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RequestsJob, RequestsResult } from './load-jobs.js';

export function wrkVersion(): string | null {
  const probe = spawnSync('wrk', ['--version'], { encoding: 'utf8', timeout: 5_000 });
  if (probe.error) return null;
  const match = /wrk\s+(\S+)/.exec(`${probe.stdout}${probe.stderr}`);
  return match ? `wrk ${match[1]}` : 'wrk';
}

/** A Lua long string, whatever the text holds. */
function luaString(text: string): string {
  let level = 1;
  while (text.includes(`]${'='.repeat(level)}]`)) level++;
  const equals = '='.repeat(level);
  return `[${equals}[${text}]${equals}]`;
}

function script(job: RequestsJob): string {
  const headers = Object.entries(job.headers)
    .map(([name, value]) => `wrk.headers[ ${luaString(name)} ] = ${luaString(value)}`)
    .join('\n');
  return `wrk.method = "POST"
wrk.body = ${luaString(job.body)}
${headers}
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("BENCH-WRK {\\"requests\\":%d,\\"durationMicros\\":%d,\\"p50\\":%d,\\"p99\\":%d,\\"non2xx\\":%d,\\"socketErrors\\":%d}\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99), errors.status,
    errors.connect + errors.read + errors.write + errors.timeout))
end
`;
}

/** Runs one wrk job, optionally pinned with `taskset -c <cpu>`. */
export function runWrk(job: RequestsJob, cpu: number | null): Promise<RequestsResult> {
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-bench-wrk-'));
  const scriptPath = join(directory, 'request.lua');
  writeFileSync(scriptPath, script(job));
  const seconds = Math.max(1, Math.round(job.durationMs / 1000));
  const wrkArguments = ['-t1', `-c${job.connections}`, `-d${seconds}s`, '--timeout', '10s', '-s', scriptPath, job.url];
  const [command, commandArguments] = cpu === null ? ['wrk', wrkArguments] : ['taskset', ['-c', String(cpu), 'wrk', ...wrkArguments]];
  return new Promise((resolve, reject) => {
    const child = spawn(command, commandArguments, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    // wrk stops itself after the duration; this only catches a wrk that hangs.
    const killer = setTimeout(() => child.kill('SIGKILL'), seconds * 1000 + 20_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(killer);
      rmSync(directory, { recursive: true, force: true });
      const line = output.split('\n').find((candidate) => candidate.startsWith('BENCH-WRK '));
      if (!line) {
        reject(new Error(`wrk gave no summary: ${output.slice(-500)}`));
        return;
      }
      const summary = JSON.parse(line.slice('BENCH-WRK '.length)) as {
        requests: number;
        durationMicros: number;
        p50: number;
        p99: number;
        non2xx: number;
        socketErrors: number;
      };
      const failures = summary.non2xx + summary.socketErrors;
      resolve({
        kind: 'requests',
        requests: summary.requests - summary.non2xx,
        failures,
        firstFailure: failures > 0 ? `${summary.non2xx} answers not 2xx, ${summary.socketErrors} socket errors` : null,
        elapsedMs: summary.durationMicros / 1000,
        requestsPerSecond: ((summary.requests - summary.non2xx) * 1e6) / summary.durationMicros,
        latencyMs: { p50: summary.p50 / 1000, p99: summary.p99 / 1000 },
      });
    });
  });
}
