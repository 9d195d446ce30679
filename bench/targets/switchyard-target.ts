/**
 * Switchyard as `npm run serve` starts it (startSwitchyard: SQLite store, vault secrets, a watched
 * config file, client keys), with everything on: client auth, routing over two keys, usage recording,
 * cost and metrics. Both providers point at the bench's mock: `gpt-4o-mini` goes to an `openai`
 * provider (same format), `claude-haiku-4-5` to an `anthropic` one (converted).
 *
 * `node bench/.build/switchyard-target.js <upstream origin>`; answers `{ type: 'ready', url }` over
 * IPC. On `{ type: 'stop' }` it closes (writing every queued usage event) and answers how many chat
 * events the store holds, so the bench can tell whether any were lost.
 *
 * BENCH_USAGE_RECORDING=off replaces the recorder's `record` with a no-op: the bench's measure of
 * what recording costs, not a mode Switchyard has.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import { startSwitchyard } from '../../src-main/service/start-switchyard.js';
import { UsageRecorder } from '../../src-main/usage/usage-recorder.js';
import { benchClientKey, convertedModel, sameFormatModel } from '../bench-settings.js';

const upstreamOrigin = process.argv[2];
if (!upstreamOrigin) throw new Error('usage: switchyard-target.js <upstream origin>');

if (process.env.BENCH_USAGE_RECORDING === 'off') {
  UsageRecorder.prototype.record = () => {};
}

const config: SwitchyardConfigInput = {
  clients: [{ name: 'bench', key: benchClientKey }],
  providers: [
    {
      id: 'openai-mock',
      type: 'openai',
      baseUrl: `${upstreamOrigin}/v1`,
      keys: [
        { id: 'first', secret: 'sk-bench-upstream-0001', priority: 1 },
        { id: 'second', secret: 'sk-bench-upstream-0002', priority: 2 },
      ],
      models: [sameFormatModel],
    },
    {
      id: 'anthropic-mock',
      type: 'anthropic',
      baseUrl: upstreamOrigin,
      keys: [{ id: 'only', secret: 'sk-ant-bench-upstream-0001' }],
      models: [convertedModel],
    },
  ],
};

const dataDir = mkdtempSync(join(tmpdir(), 'switchyard-bench-'));
const configPath = join(dataDir, 'config.json');
writeFileSync(configPath, JSON.stringify(config, null, 2));

const log = {
  info: () => {},
  warn: (message: string) => process.stderr.write(`switchyard warn: ${message}\n`),
  error: (message: string) => process.stderr.write(`switchyard error: ${message}\n`),
};

const running = await startSwitchyard({
  host: '127.0.0.1',
  port: 0,
  dataDir,
  configPath,
  adminToken: 'bench-admin-token',
  bodyLimit: 32 * 1024 * 1024,
  env: { ...process.env, SWITCHYARD_VAULT_PASSPHRASE: 'bench-vault-passphrase' },
  log,
  secretBackend: 'vault',
  closeGraceMs: 1_000,
});

process.send?.({ type: 'ready', url: running.url });

let stopping = false;
process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'stop' || stopping) return;
  stopping = true;
  void stop();
});
process.on('disconnect', () => {
  if (!stopping) process.exit(0);
});

async function stop(): Promise<void> {
  await running.close();
  const database = new Database(join(dataDir, 'switchyard.db'), { readonly: true });
  const row = database
    .prepare("SELECT count(*) AS events, sum(CASE WHEN status < 400 THEN 1 ELSE 0 END) AS succeeded FROM usage_events WHERE endpoint = 'chat' AND final = 1")
    .get() as { events: number; succeeded: number | null };
  database.close();
  rmSync(dataDir, { recursive: true, force: true });
  process.send?.({ type: 'stopped', usageEvents: row.events, usageEventsSucceeded: row.succeeded ?? 0 }, () => process.exit(0));
}
