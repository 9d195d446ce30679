import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { CompareReport, TargetFigures } from '../../bench/report.js';

// `npm run bench -- --quick` end to end, as a person runs it: every process started, every phase run
// and a report with a row per target. Portkey is left out (it is installed from npm on first use), and
// so is wrk, so the bench's own load generator runs whether or not wrk is installed. A benchmark
// asserts nothing about time, and neither does this test: only that every figure was measured.

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
const workDirectory = mkdtempSync(join(tmpdir(), 'switchyard-bench-smoke-'));

afterAll(() => rmSync(workDirectory, { recursive: true, force: true }));

function runQuickBench(jsonPath: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/run.ts', '--quick', '--no-portkey', '--no-wrk', '--json', jsonPath], {
      cwd: projectRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('npm run bench -- --quick', () => {
  it('measures every target and reports a figure for every field', async () => {
    const jsonPath = join(workDirectory, 'report.json');
    const { code, output } = await runQuickBench(jsonPath);
    expect(code, output).toBe(0);
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as CompareReport;

    expect(report.targets.map((row) => row.id)).toEqual(['direct', 'bare', 'switchyard', 'switchyard-converted', 'portkey']);
    const portkey = report.targets.find((row) => row.id === 'portkey')!;
    expect(portkey.available).toBe(false);
    expect(portkey.unavailableReason).toMatch(/--no-portkey/);

    for (const row of report.targets.filter((candidate) => candidate.id !== 'portkey')) {
      expect(row.available, row.id).toBe(true);
      const figures = row.figures as TargetFigures;
      // JSON has no NaN: a figure that could not be measured comes back as null.
      const fields: Array<[string, unknown]> = Object.entries(figures).flatMap(([name, value]) =>
        value !== null && typeof value === 'object' ? Object.entries(value).map(([part, inner]) => [`${name}.${part}`, inner] as [string, unknown]) : [[name, value] as [string, unknown]],
      );
      expect(fields.length).toBeGreaterThan(20);
      for (const [name, value] of fields) {
        expect(typeof value === 'number' && Number.isFinite(value), `${row.id} ${name} = ${value}`).toBe(true);
      }
      expect(figures.failures, row.id).toBe(0);
      expect(figures.chunksReceived, row.id).toBeGreaterThan(0);
    }

    expect(report.goals.length).toBeGreaterThan(0);
    expect(report.usage?.lost).toBe(0);
    // The table the bench prints has a line per target.
    for (const row of report.targets) expect(output).toContain(row.label);
  }, 90_000);
});
