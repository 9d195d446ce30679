/**
 * `npm run bench`: Switchyard against the limit of its stack and against a peer, in one run (issue 5).
 * A benchmark, not a test: it asserts nothing about time; it prints the table, writes
 * docs/benchmarks.md and, with --json, the whole report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { benchHelp, BenchOptionsError, parseBenchOptions, type BenchOptions } from './bench-options.js';
import { runComparison } from './compare.js';
import { buildReport, renderComparisonMarkdown, renderComparisonText } from './report.js';
import { renderSoakMarkdown, renderSoakText, runSoak } from './soak.js';
import { writeDocsSection } from './write-docs.js';

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

/** The whole run is bounded: a hang anywhere ends the process rather than the machine's patience. */
function hardLimitMs(options: BenchOptions): number {
  return options.mode === 'soak' ? options.soakSeconds * 1000 + 180_000 : options.quick ? 120_000 : 900_000;
}

function writeJson(path: string, report: object): void {
  mkdirSync(dirname(resolve(path)), { recursive: true });
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseBenchOptions(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof BenchOptionsError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(`${benchHelp}\n`);
    return;
  }
  const limit = setTimeout(() => {
    log(`stopped: the run passed its limit of ${hardLimitMs(options) / 1000} s`);
    process.exit(1);
  }, hardLimitMs(options));
  limit.unref();
  const startedAt = performance.now();

  if (options.mode === 'soak') {
    const report = await runSoak(options, log);
    process.stdout.write(`${renderSoakText(report)}\n`);
    if (options.docsPath) writeDocsSection(options.docsPath, 'soak', renderSoakMarkdown(report));
    if (options.jsonPath) writeJson(options.jsonPath, report);
  } else {
    const run = await runComparison(options, log);
    const report = buildReport(run, { quick: options.quick, profile: options.profile });
    process.stdout.write(`${renderComparisonText(report)}\n`);
    if (options.docsPath) writeDocsSection(options.docsPath, 'compare', renderComparisonMarkdown(report));
    if (options.jsonPath) writeJson(options.jsonPath, report);
    if (run.cpuProfileDirectory) log(`CPU profiles of the Switchyard targets: ${run.cpuProfileDirectory}`);
  }
  if (options.docsPath) log(`wrote ${options.docsPath}`);
  log(`done in ${((performance.now() - startedAt) / 1000).toFixed(0)} s`);
  clearTimeout(limit);
}

main().catch((error: Error) => {
  process.stderr.write(`bench failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
