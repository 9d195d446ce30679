/** From the rounds' measurements to the figures, the goals and the table. */
import { cpus as machineCpus, loadavg } from 'node:os';
import type { BenchProfile } from './bench-options.js';
import type { ComparisonRun, TargetMeasurements } from './compare.js';
import type { Percentiles } from './load/load-jobs.js';
import { targetLabels, type TargetId } from './targets.js';

export interface TargetFigures {
  requestsPerSecond: number;
  latency1Ms: Percentiles;
  latency50Ms: Percentiles;
  /** Latency minus direct's, round by round (the median of the rounds' differences). */
  added1Ms: Percentiles;
  added50Ms: Percentiles;
  ttfbMs: Percentiles;
  transitMs: Percentiles;
  /** Transit with 50 streams open at once. */
  transit50Ms: Percentiles;
  /** Reads that carried more than one chunk, one stream at a time and with 50 at once. */
  coalescedReads: number;
  coalescedReads50: number;
  chunksReceived: number;
  failures: number;
  cpuMicrosPerRequest: number;
  peakRssMb: number;
  /** The largest RSS sampled while 50 streams were open. */
  rssWithOpenStreamsMb: number;
  /** To the bare pass-through: req/s, CPU per request, peak RSS. */
  ratioRequestsPerSecond: number;
  ratioCpu: number;
  ratioPeakRss: number;
}

export interface TargetRow {
  id: TargetId;
  label: string;
  available: boolean;
  unavailableReason: string | null;
  figures: TargetFigures | null;
}

export interface GoalLine {
  goal: string;
  measured: string;
  met: boolean | null;
}

export interface UsageCheck {
  /** p99 at 50 and at 1 connection, usage recording on (the Switchyard target) and off (its twin). */
  p99OnMs: number;
  p99OffMs: number;
  p99On1Ms: number;
  p99Off1Ms: number;
  /** Chat requests Switchyard answered successfully, and the successful chat events it stored. */
  answered: number;
  recorded: number;
  lost: number;
}

export interface CompareReport {
  kind: 'compare';
  date: string;
  quick: boolean;
  machine: { cpus: number; cpuModel: string; node: string; platform: string };
  /** The 1, 5 and 15 minute load averages at the start and at the end: other work skews every figure. */
  loadAverage: { start: number[]; end: number[] };
  loadGenerator: string;
  pinning: string;
  profile: BenchProfile;
  targets: TargetRow[];
  usage: UsageCheck | null;
  goals: GoalLine[];
  cpuProfileDirectory: string | null;
}

const targetOrder: TargetId[] = ['direct', 'bare', 'switchyard', 'switchyard-converted', 'portkey'];

function median(values: number[]): number {
  const finite = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const middle = Math.floor(finite.length / 2);
  return finite.length % 2 === 1 ? finite[middle]! : (finite[middle - 1]! + finite[middle]!) / 2;
}

const medianOf = (results: Array<{ p50: number; p99: number }>): Percentiles => ({
  p50: median(results.map((result) => result.p50)),
  p99: median(results.map((result) => result.p99)),
});

/** Round r of a target minus round r of direct: the two ran back to back. */
function pairedAdded(target: Array<{ latencyMs: Percentiles }>, direct: Array<{ latencyMs: Percentiles }>): Percentiles {
  const rounds = Math.min(target.length, direct.length);
  const p50: number[] = [];
  const p99: number[] = [];
  for (let round = 0; round < rounds; round++) {
    p50.push(target[round]!.latencyMs.p50 - direct[round]!.latencyMs.p50);
    p99.push(target[round]!.latencyMs.p99 - direct[round]!.latencyMs.p99);
  }
  return { p50: median(p50), p99: median(p99) };
}

function figuresOf(measured: TargetMeasurements, direct: TargetMeasurements): Omit<TargetFigures, 'ratioRequestsPerSecond' | 'ratioCpu' | 'ratioPeakRss'> {
  const cpu = measured.throughputCpu.reduce((sum, window) => ({ cpuMicros: sum.cpuMicros + window.cpuMicros, responses: sum.responses + window.responses }), {
    cpuMicros: 0,
    responses: 0,
  });
  const streams = [...measured.sequentialStreams, ...measured.concurrentStreams];
  return {
    requestsPerSecond: median(measured.throughput.map((result) => result.requestsPerSecond)),
    latency1Ms: medianOf(measured.singleConnection.map((result) => result.latencyMs)),
    latency50Ms: medianOf(measured.throughput.map((result) => result.latencyMs)),
    added1Ms: pairedAdded(measured.singleConnection, direct.singleConnection),
    added50Ms: pairedAdded(measured.throughput, direct.throughput),
    ttfbMs: medianOf(measured.sequentialStreams.map((result) => result.ttfbMs)),
    transitMs: medianOf(measured.sequentialStreams.map((result) => result.transitMs)),
    transit50Ms: medianOf(measured.concurrentStreams.map((result) => result.transitMs)),
    coalescedReads: measured.sequentialStreams.reduce((sum, result) => sum + result.coalescedReads, 0),
    coalescedReads50: measured.concurrentStreams.reduce((sum, result) => sum + result.coalescedReads, 0),
    chunksReceived: streams.reduce((sum, result) => sum + result.chunks, 0),
    failures:
      [...measured.throughput, ...measured.singleConnection].reduce((sum, result) => sum + result.failures, 0) +
      streams.reduce((sum, result) => sum + result.failures, 0),
    cpuMicrosPerRequest: cpu.responses > 0 ? cpu.cpuMicros / cpu.responses : Number.NaN,
    peakRssMb: measured.finalProbe ? measured.finalProbe.maxRssBytes / 1024 / 1024 : Number.NaN,
    rssWithOpenStreamsMb: measured.rssWithOpenStreamsBytes > 0 ? measured.rssWithOpenStreamsBytes / 1024 / 1024 : Number.NaN,
  };
}

export function buildReport(run: ComparisonRun, options: { quick: boolean; profile: BenchProfile }): CompareReport {
  const direct = run.measurements.get('direct')!;
  const rows: TargetRow[] = targetOrder.map((id) => {
    const reason = run.unavailable.get(id) ?? null;
    const measured = run.measurements.get(id);
    if (reason !== null || !measured) {
      return { id, label: targetLabels[id], available: false, unavailableReason: reason ?? 'not run', figures: null };
    }
    return { id, label: targetLabels[id], available: true, unavailableReason: null, figures: figuresOf(measured, direct) as TargetFigures };
  });
  const bare = rows.find((row) => row.id === 'bare')!.figures!;
  for (const row of rows) {
    if (!row.figures) continue;
    row.figures.ratioRequestsPerSecond = row.figures.requestsPerSecond / bare.requestsPerSecond;
    row.figures.ratioCpu = row.figures.cpuMicrosPerRequest / bare.cpuMicrosPerRequest;
    row.figures.ratioPeakRss = row.figures.peakRssMb / bare.peakRssMb;
  }

  const switchyard = run.measurements.get('switchyard')!;
  const converted = run.measurements.get('switchyard-converted')!;
  const usageOff = run.measurements.get('switchyard-usage-off')!;
  const answered = [switchyard, converted].reduce((sum, measured) => sum + (measured.finalProbe?.responses.chatSucceeded ?? 0), 0);
  const recorded = [switchyard, converted].reduce((sum, measured) => sum + (measured.usageEvents?.succeeded ?? 0), 0);
  const usage: UsageCheck = {
    p99OnMs: median(switchyard.throughput.map((result) => result.latencyMs.p99)),
    p99OffMs: median(usageOff.throughput.map((result) => result.latencyMs.p99)),
    p99On1Ms: median(switchyard.singleConnection.map((result) => result.latencyMs.p99)),
    p99Off1Ms: median(usageOff.singleConnection.map((result) => result.latencyMs.p99)),
    answered,
    recorded,
    lost: Math.max(0, answered - recorded),
  };

  const cpu = machineCpus();
  return {
    kind: 'compare',
    date: new Date().toISOString(),
    quick: options.quick,
    machine: { cpus: cpu.length, cpuModel: cpu[0]?.model.trim() ?? 'unknown', node: process.version, platform: `${process.platform} ${process.arch}` },
    loadAverage: { start: run.loadAverageAtStart, end: loadavg() },
    loadGenerator: run.loadGenerator,
    pinning: run.pinning,
    profile: options.profile,
    targets: rows,
    usage,
    goals: goalLines(rows, usage),
    cpuProfileDirectory: run.cpuProfileDirectory,
  };
}

const signed = (value: number) => `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(2)}`;
const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)} ms` : 'n/a');
const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}×` : 'n/a');

function goalLines(rows: TargetRow[], usage: UsageCheck): GoalLine[] {
  const figures = (id: TargetId) => rows.find((row) => row.id === id)?.figures ?? null;
  const bare = figures('bare')!;
  const same = figures('switchyard')!;
  const converted = figures('switchyard-converted')!;
  const lines: GoalLine[] = [];
  const ratio = (goal: string, value: number, limit: number) => lines.push({ goal, measured: times(value), met: value >= limit });
  ratio('same-format req/s ≥ 0.8 × bare', same.ratioRequestsPerSecond, 0.8);
  ratio('converted req/s ≥ 0.5 × bare', converted.ratioRequestsPerSecond, 0.5);
  const within = (goal: string, value: number, base: number, margin: number) =>
    lines.push({ goal, measured: `${ms(value)} (bare ${ms(base)}, ${signed(value - base)})`, met: value <= base + margin });
  within('same-format added p50 at 1 connection ≤ bare + 0.15 ms', same.added1Ms.p50, bare.added1Ms.p50, 0.15);
  within('converted added p50 at 1 connection ≤ bare + 0.15 ms', converted.added1Ms.p50, bare.added1Ms.p50, 0.15);
  within('same-format stream TTFB p50 ≤ bare + 0.5 ms', same.ttfbMs.p50, bare.ttfbMs.p50, 0.5);
  within('converted stream TTFB p50 ≤ bare + 0.5 ms', converted.ttfbMs.p50, bare.ttfbMs.p50, 0.5);
  within('same-format chunk transit p50 ≤ bare + 0.2 ms', same.transitMs.p50, bare.transitMs.p50, 0.2);
  within('converted chunk transit p50 ≤ bare + 0.2 ms', converted.transitMs.p50, bare.transitMs.p50, 0.2);
  const coalesced = (figure: TargetFigures) => figure.coalescedReads + figure.coalescedReads50;
  lines.push({
    goal: 'no chunk coalesced by Switchyard (reads with more than one chunk: 1 stream / 50 streams)',
    measured: `same ${same.coalescedReads} / ${same.coalescedReads50}, converted ${converted.coalescedReads} / ${converted.coalescedReads50} (bare ${bare.coalescedReads} / ${bare.coalescedReads50})`,
    met: coalesced(same) <= coalesced(bare) && coalesced(converted) <= coalesced(bare),
  });
  lines.push({ goal: 'same-format CPU per request ≤ 1.3 × bare', measured: times(same.ratioCpu), met: same.ratioCpu <= 1.3 });
  lines.push({ goal: 'converted CPU per request ≤ 1.3 × bare', measured: times(converted.ratioCpu), met: converted.ratioCpu <= 1.3 });
  const rss = Math.max(same.rssWithOpenStreamsMb, converted.rssWithOpenStreamsMb);
  lines.push({
    goal: 'RSS ≤ 150 MB with 50 concurrent streams',
    measured: `${rss.toFixed(0)} MB (bare ${bare.rssWithOpenStreamsMb.toFixed(0)} MB; peak over the whole run ${Math.max(same.peakRssMb, converted.peakRssMb).toFixed(0)} MB)`,
    met: rss <= 150,
  });
  for (const [connections, on, off] of [
    [50, usage.p99OnMs, usage.p99OffMs],
    [1, usage.p99On1Ms, usage.p99Off1Ms],
  ] as const) {
    const change = on / off - 1;
    lines.push({
      goal: `usage recording on vs off: p99 at ${connections} connection${connections === 1 ? '' : 's'} within 10%`,
      measured: `${ms(on)} on, ${ms(off)} off (${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%)`,
      met: Number.isFinite(change) ? change <= 0.1 : null,
    });
  }
  lines.push({
    goal: 'zero usage events lost',
    measured: `${usage.recorded} of ${usage.answered} answered chat requests recorded`,
    met: usage.lost === 0,
  });
  return lines;
}

// ---------------------------------------------------------------------------------------------------
// Rendering

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');
const pair = (value: Percentiles, digits = 2) => `${fixed(value.p50, digits)} / ${fixed(value.p99, digits)}`;

const columns = [
  'target',
  'req/s @50',
  '×bare',
  'added p50/p99 @1 (ms)',
  'added p50/p99 @50 (ms)',
  'stream TTFB p50/p99 (ms)',
  'chunk transit p50/p99 (ms)',
  'coalesced reads 1/50',
  'CPU µs/req',
  '×bare',
  'RSS MB, 50 streams',
  'peak RSS MB',
  '×bare',
];

function rowCells(row: TargetRow): string[] {
  const figures = row.figures;
  if (!figures) return [row.label, `unavailable: ${row.unavailableReason}`, ...columns.slice(2).map(() => '')];
  return [
    row.label,
    fixed(figures.requestsPerSecond, 0),
    fixed(figures.ratioRequestsPerSecond, 2),
    pair(figures.added1Ms),
    pair(figures.added50Ms),
    pair(figures.ttfbMs),
    pair(figures.transitMs),
    `${figures.coalescedReads} / ${figures.coalescedReads50}`,
    fixed(figures.cpuMicrosPerRequest, 0),
    fixed(figures.ratioCpu, 2),
    fixed(figures.rssWithOpenStreamsMb, 0),
    fixed(figures.peakRssMb, 0),
    fixed(figures.ratioPeakRss, 2),
  ];
}

export function markdownTable(header: string[], rows: string[][]): string {
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  return [
    `| ${header.map(escape).join(' | ')} |`,
    `|${header.map((_, index) => (index === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((row) => `| ${row.map(escape).join(' | ')} |`),
  ].join('\n');
}

/** The table as aligned plain text, for the terminal. */
export function textTable(header: string[], rows: string[][]): string {
  const widths = header.map((cell, index) => Math.max(cell.length, ...rows.map((row) => (row[index] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, index) => (index === 0 ? cell.padEnd(widths[index]!) : cell.padStart(widths[index]!))).join('  ');
  return [line(header), widths.map((width) => '-'.repeat(width)).join('  '), ...rows.map(line)].join('\n');
}

export function renderComparisonText(report: CompareReport): string {
  const goals = report.goals.map((goal) => `${goal.met === null ? '?' : goal.met ? 'met ' : 'MISS'}  ${goal.goal}: ${goal.measured}`);
  const unavailable = report.targets.filter((row) => !row.available).map((row) => `${row.label}: unavailable (${row.unavailableReason})`);
  return [textTable(columns, report.targets.filter((row) => row.available).map(rowCells)), ...unavailable, '', ...goals].join('\n');
}

export function renderComparisonMarkdown(report: CompareReport): string {
  const { machine, profile } = report;
  const absolute = report.targets
    .filter((row) => row.figures)
    .map((row) => [
      row.label,
      pair(row.figures!.latency1Ms),
      pair(row.figures!.latency50Ms),
      pair(row.figures!.transit50Ms),
      String(row.figures!.chunksReceived),
      String(row.figures!.failures),
    ]);
  return [
    `Measured ${report.date.slice(0, 10)} (${report.date}) on ${machine.cpus} × ${machine.cpuModel}, Node ${machine.node}, ${machine.platform}.`,
    `Load: ${report.loadGenerator}. Pinning: ${report.pinning}. ` +
      `Load average (1/5/15 min) at the start ${report.loadAverage.start.map((value) => value.toFixed(2)).join(' / ')}, ` +
      `at the end ${report.loadAverage.end.map((value) => value.toFixed(2)).join(' / ')}.`,
    ...(report.quick ? ['', '**Quick run (`--quick`): small counts, rough figures.**'] : []),
    '',
    markdownTable(columns, report.targets.map(rowCells)),
    '',
    `Rounds: ${profile.rounds} per phase, alternating targets, after a ${profile.warmupMs / 1000} s warm-up each; ` +
      `${profile.throughputMs / 1000} s at 50 connections and ${profile.singleConnectionMs / 1000} s at 1 connection per round; ` +
      `streams of ${profile.streamChunks} chunks ${profile.chunkDelayMs} ms apart, ${profile.sequentialStreams} one at a time and ` +
      `${profile.concurrentStreamTotal} at ${profile.concurrentStreams} at once per round. Figures are medians of the rounds; ` +
      '"added" latency is a target minus direct in the same round. CPU is the target process\'s own (user + system) per response at 50 ' +
      "connections; for direct, the mock's. Peak RSS is the process's maximum resident set over the whole run, the 50-stream phase included.",
    '',
    '### Absolute figures',
    '',
    markdownTable(['target', 'latency p50/p99 @1 (ms)', 'latency p50/p99 @50 (ms)', 'transit p50/p99, 50 streams (ms)', 'chunks received', 'failures'], absolute),
    '',
    '### Goals (issue 5)',
    '',
    markdownTable(
      ['goal', 'measured', 'met'],
      report.goals.map((goal) => [goal.goal, goal.measured, goal.met === null ? '?' : goal.met ? 'yes' : '**no**']),
    ),
  ].join('\n');
}
