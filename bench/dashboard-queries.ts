/**
 * `npm run bench:dashboard`: fills a temporary database with 1,000,000 recorded requests over 90
 * days (a working-hours rhythm; 5 providers, 12 keys, 20 models, 8 clients; some failed over, one
 * provider unpriced), then times every dashboard range and breakdown, median of five runs. Then
 * times inserts into that full database with and without the rollup triggers, alternating, since
 * every recorded request pays for them.
 *
 * The fill is a bulk load, not the gateway's path: the insert trigger is dropped, the rows go in
 * with one prepared statement in large transactions, and the rollups are summed once with
 * INSERT…SELECT (rebuildUsageRollupsSql, the migration's own backfill) before the trigger returns.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breakdownDimensions, type DashboardQuery } from '../src-shared/control/usage-api.js';
import type { UsageEvent } from '../src-shared/usage.js';
import { openDatabase, type Database } from '../src-main/store/database.js';
import { createUsageRepository } from '../src-main/store/usage-repository.js';
import { insertUsageEventSql, usageEventRow } from '../src-main/store/usage-repository.js';
import { buildDashboardFigures } from '../src-main/usage/dashboard-figures.js';
import { createDashboardQueries } from '../src-main/usage/dashboard-queries.js';

const rows = Number(process.env.DASHBOARD_BENCH_ROWS ?? 1_000_000);
const runs = 5;
const day = 24 * 60 * 60 * 1000;
const now = Date.now();
const routes = [
  { provider: 'openai', keys: ['main', 'team', 'batch'], models: ['gpt-4o', 'gpt-4o-mini', 'o3', 'gpt-4.1', 'gpt-4.1-mini'] },
  { provider: 'anthropic', keys: ['main', 'backup', 'team'], models: ['claude-sonnet-4-5', 'claude-haiku-4-5', 'claude-opus-4-1'] },
  { provider: 'deepseek', keys: ['k1', 'k2'], models: ['deepseek-chat', 'deepseek-reasoner'] },
  {
    provider: 'openrouter',
    keys: ['k1', 'k2'],
    models: ['qwen/qwen3-coder', 'google/gemini-2.5-pro', 'google/gemini-2.5-flash', 'meta-llama/llama-4-maverick', 'x-ai/grok-4'],
  },
  {
    provider: 'siliconflow',
    keys: ['k1', 'k2'],
    models: ['Qwen/Qwen3-32B', 'Qwen/Qwen3-235B-A22B', 'deepseek-ai/DeepSeek-V3', 'moonshotai/Kimi-K2-Instruct', 'zai-org/GLM-4.5'],
  },
];
const clients = ['editor', 'agent', 'notebook', 'ci', 'cli', 'browser', 'script', null];

/** Deterministic, so runs compare. */
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() ** 1.6 * list.length)]!;

/** The index-th of `count` requests spread over [start, start + spanMs). */
function event(index: number, count: number, start: number, spanMs: number): UsageEvent {
  // Denser in working hours.
  let time = start + Math.floor((index / count) * spanMs);
  if (random() < 0.5) time += Math.floor((random() - 0.5) * 4 * 60 * 60 * 1000);
  const route = pick(routes);
  const model = pick(route.models);
  const failed = random() < 0.03;
  const input = Math.floor(random() * 20_000);
  const output = Math.floor(random() * 2_000);
  return {
    time: Math.max(start, Math.min(time, now - 1)),
    client: pick(clients),
    provider: route.provider,
    keyId: pick(route.keys),
    modelRequested: model,
    modelUsed: failed ? null : model,
    status: failed ? 503 : 200,
    latencyMs: 200 + Math.floor(random() * random() * 20_000),
    firstByteMs: 150,
    usage: { inputTokens: failed ? 0 : input, outputTokens: failed ? 0 : output, cachedInputTokens: Math.floor(input * random() * 0.5), cacheWriteTokens: 0, reasoningTokens: 0 },
    costUsd: failed || route.provider === 'siliconflow' ? null : Math.round(((input * 2.5 + output * 10) / 1e6) * 1e10) / 1e10,
    stream: true,
    error: failed ? 'upstream 503' : null,
    endpoint: 'chat',
    final: !failed || random() < 0.5,
    rawUsage: '{"prompt_tokens":1000,"completion_tokens":100}',
  };
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const count = (database: Database, table: string) => (database.prepare(`SELECT COUNT(*) AS count FROM ${table}`).get() as { count: number }).count;

const directory = mkdtempSync(join(tmpdir(), 'switchyard-dashboard-bench-'));
try {
  const database = openDatabase(join(directory, 'bench.db'));
  const repository = createUsageRepository(database);

  // Batches of 50,000, each rolled up by the writer's own statements, as a long-running gateway's are.
  const fillStart = performance.now();
  const fillBatch = 50_000;
  for (let start = 0; start < rows; start += fillBatch) {
    repository.insertUsageEvents(Array.from({ length: Math.min(fillBatch, rows - start) }, (_, offset) => event(start + offset, rows, now - 90 * day, 90 * day)));
  }
  const fillMs = performance.now() - fillStart;
  console.log(
    `${rows.toLocaleString('en')} requests filled in ${(fillMs / 1000).toFixed(1)} s; ` +
      `${count(database, 'usage_rollup').toLocaleString('en')} hourly rollup rows, ${count(database, 'usage_total_rollup').toLocaleString('en')} quarter-hour rows, ` +
      `${count(database, 'usage_latency_rollup').toLocaleString('en')} latency rows`,
  );

  const queries = createDashboardQueries(database);
  const custom = { range: 'custom', from: now - 45 * day - 3_600_123, to: now - 15 * day + 1_234 } as const;
  const cases: Array<{ label: string; query: Omit<DashboardQuery, 'breakdown'> }> = [
    { label: 'today (UTC+8)', query: { range: 'today', utcOffsetMinutes: 480 } },
    { label: '24h (UTC+8)', query: { range: '24h', utcOffsetMinutes: 480 } },
    { label: '24h (UTC+5:30)', query: { range: '24h', utcOffsetMinutes: 330 } },
    { label: '7d (UTC+8)', query: { range: '7d', utcOffsetMinutes: 480 } },
    { label: '7d (UTC+5:30)', query: { range: '7d', utcOffsetMinutes: 330 } },
    { label: '30d (UTC+8)', query: { range: '30d', utcOffsetMinutes: 480 } },
    { label: 'all, 90 days (UTC+8)', query: { range: 'all', utcOffsetMinutes: 480 } },
    { label: 'all, 90 days (UTC+5:45)', query: { range: 'all', utcOffsetMinutes: 345 } },
    { label: 'custom 30 days (UTC+5:30)', query: { ...custom, utcOffsetMinutes: 330 } },
  ];
  console.log(`\nmedian of ${runs} runs: wall clock (CPU time, less swayed by other work on the machine)\n| range | ${breakdownDimensions.join(' | ')} |\n|---|${breakdownDimensions.map(() => '---|').join('')}`);
  let slowest = 0;
  for (const { label, query } of cases) {
    const cells: string[] = [];
    for (const breakdown of breakdownDimensions) {
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let run = 0; run < runs; run++) {
        const start = performance.now();
        const cpuStart = process.cpuUsage();
        buildDashboardFigures(queries, { ...query, breakdown } as DashboardQuery, now, () => []);
        const cpu = process.cpuUsage(cpuStart);
        times.push(performance.now() - start);
        cpuTimes.push((cpu.user + cpu.system) / 1000);
      }
      slowest = Math.max(slowest, median(times));
      cells.push(`${median(times).toFixed(0)} ms (${median(cpuTimes).toFixed(0)})`);
    }
    console.log(`| ${label} | ${cells.join(' | ')} |`);
  }
  console.log(`slowest median: ${slowest.toFixed(0)} ms`);

  // Into the full database as the gateway's writer does (today's hours), with the batch's rollups and
  // as bare inserts in turn so both see the same machine load; per batch size, since a quiet gateway
  // writes a request or two at a time and a busy one hundreds.
  const plainInsert = database.prepare(insertUsageEventSql);
  const insertWithoutRollups = database.transaction((batchEvents: UsageEvent[]) => {
    for (const item of batchEvents) plainInsert.run(usageEventRow(item));
  });
  const perRound = 10_000;
  for (const batch of [1, 10, 500]) {
    const withTimes: number[] = [];
    const withoutTimes: number[] = [];
    for (let round = 0; round < 6; round++) {
      const rolledUp = round % 2 === 0;
      const events = Array.from({ length: perRound }, (_, index) => event(index, perRound, now - 6 * 60 * 60 * 1000, 6 * 60 * 60 * 1000));
      const start = performance.now();
      for (let offset = 0; offset < perRound; offset += batch) {
        const slice = events.slice(offset, offset + batch);
        if (rolledUp) repository.insertUsageEvents(slice);
        else insertWithoutRollups(slice);
      }
      (rolledUp ? withTimes : withoutTimes).push(((performance.now() - start) / perRound) * 1000);
    }
    console.log(
      `insert into the full database in batches of ${batch}, µs per request (median of 3 rounds of ${perRound.toLocaleString('en')}): ` +
        `with rollups ${median(withTimes).toFixed(1)}, without ${median(withoutTimes).toFixed(1)} ` +
        `(rounds: with ${withTimes.map((time) => time.toFixed(1)).join(', ')}; without ${withoutTimes.map((time) => time.toFixed(1)).join(', ')})`,
    );
  }
  database.close();
} finally {
  rmSync(directory, { recursive: true, force: true });
}
