/**
 * `npm run bench:dashboard`: fills a temporary database with 1,000,000 recorded requests over 90
 * days (a working-hours rhythm, a few providers, keys, models and clients, some failed over, some
 * unpriced), then times every dashboard range and breakdown, median of five runs. Also times the
 * insert with and without the rollup triggers, since every recorded request pays for them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { breakdownDimensions, dashboardRanges, type DashboardQuery } from '../src-shared/control/usage-api.js';
import type { UsageEvent } from '../src-shared/usage.js';
import { openDatabase } from '../src-main/store/database.js';
import { createUsageRepository } from '../src-main/store/usage-repository.js';
import { buildDashboardFigures } from '../src-main/usage/dashboard-figures.js';
import { createDashboardQueries } from '../src-main/usage/dashboard-queries.js';

const rows = Number(process.env.DASHBOARD_BENCH_ROWS ?? 1_000_000);
const day = 24 * 60 * 60 * 1000;
const now = Date.now();
const routes = [
  { provider: 'openai', keys: ['main', 'team'], models: ['gpt-4o', 'gpt-4o-mini', 'o3'] },
  { provider: 'anthropic', keys: ['main', 'backup'], models: ['claude-sonnet-4-5', 'claude-haiku-4-5'] },
  { provider: 'deepseek', keys: ['k1'], models: ['deepseek-chat', 'deepseek-reasoner'] },
  { provider: 'openrouter', keys: ['k1'], models: ['qwen/qwen3-coder', 'google/gemini-2.5-pro'] },
  { provider: 'siliconflow', keys: ['k1'], models: ['Qwen/Qwen3-32B'] },
];
const clients = ['editor', 'agent', 'notebook', 'ci', null];

/** Deterministic, so runs compare. */
let seed = 42;
function random(): number {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed / 2_147_483_648;
}
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() ** 1.6 * list.length)]!;

function event(index: number): UsageEvent {
  // Spread over 90 days, denser in working hours.
  let time = now - 90 * day + Math.floor((index / rows) * 90 * day);
  if (random() < 0.5) time += Math.floor((random() - 0.5) * 4 * 60 * 60 * 1000);
  const route = pick(routes);
  const model = pick(route.models);
  const failed = random() < 0.03;
  const input = Math.floor(random() * 20_000);
  const output = Math.floor(random() * 2_000);
  return {
    time: Math.min(time, now - 1),
    client: pick(clients),
    provider: route.provider,
    keyId: pick(route.keys),
    modelRequested: model,
    modelUsed: failed ? null : model,
    status: failed ? 503 : 200,
    latencyMs: 200 + Math.floor(random() * random() * 20_000),
    firstByteMs: 150,
    usage: { inputTokens: failed ? 0 : input, outputTokens: failed ? 0 : output, cachedInputTokens: Math.floor(input * random() * 0.5), cacheWriteTokens: 0, reasoningTokens: 0 },
    costUsd: failed || route.provider === 'siliconflow' ? null : Math.round((input * 2.5 + output * 10) / 1e6 * 1e10) / 1e10,
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

const directory = mkdtempSync(join(tmpdir(), 'switchyard-dashboard-bench-'));
try {
  const database = openDatabase(join(directory, 'bench.db'));
  const repository = createUsageRepository(database);
  const batch = 500;
  const insertStart = performance.now();
  for (let start = 0; start < rows; start += batch) {
    repository.insertUsageEvents(Array.from({ length: Math.min(batch, rows - start) }, (_, offset) => event(start + offset)));
  }
  const insertMs = performance.now() - insertStart;
  const rollupRows = (database.prepare('SELECT COUNT(*) AS count FROM usage_rollup').get() as { count: number }).count;
  const latencyRows = (database.prepare('SELECT COUNT(*) AS count FROM usage_latency_rollup').get() as { count: number }).count;

  // The same batches without the triggers, on a second file: what the rollup adds per request.
  const plain = openDatabase(join(directory, 'plain.db'));
  for (const trigger of ['usage_rollup_insert', 'usage_rollup_delete', 'usage_rollup_update']) plain.exec(`DROP TRIGGER ${trigger}`);
  const plainRepository = createUsageRepository(plain);
  const sample = Math.min(rows, 100_000);
  const plainStart = performance.now();
  for (let start = 0; start < sample; start += batch) plainRepository.insertUsageEvents(Array.from({ length: batch }, (_, offset) => event(start + offset)));
  const plainMs = performance.now() - plainStart;
  plain.close();

  const queries = createDashboardQueries(database);
  console.log(`${rows.toLocaleString('en')} requests; ${rollupRows.toLocaleString('en')} rollup rows, ${latencyRows.toLocaleString('en')} latency rows`);
  console.log(`insert with rollup triggers: ${((insertMs / rows) * 1000).toFixed(1)} µs per request; without: ${((plainMs / sample) * 1000).toFixed(1)} µs`);
  console.log('\n| range | provider | model | key | client |\n|---|---|---|---|---|');
  for (const range of dashboardRanges) {
    const cells: string[] = [];
    for (const breakdown of breakdownDimensions) {
      const query: DashboardQuery =
        range === 'custom' ? { range, from: now - 45 * day - 3_600_123, to: now - 15 * day + 1_234, breakdown, utcOffsetMinutes: 330 } : { range, breakdown, utcOffsetMinutes: 480 };
      const times: number[] = [];
      for (let run = 0; run < 5; run++) {
        const start = performance.now();
        buildDashboardFigures(queries, query, now, () => []);
        times.push(performance.now() - start);
      }
      cells.push(`${median(times).toFixed(0)} ms`);
    }
    console.log(`| ${range} | ${cells.join(' | ')} |`);
  }
  database.close();
} finally {
  rmSync(directory, { recursive: true, force: true });
}
