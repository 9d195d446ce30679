import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildMain } from '../../scripts/build-main.js';
import type { StatsSummary } from '../../src-shared/stats.js';
import { serveFlags } from '../../src-main/service/serve-options.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';

// `npm run serve` as a person runs it: the bundle `npm run build` makes, in a child process, flags
// and environment only, what it prints on stdout the only way to learn the port, the tokens and the
// client key.

const projectRoot = fileURLToPath(new URL('../../', import.meta.url));
/** A folder of this file's own under dist/, so a developer's `npm run serve` is not rebuilt under it. */
const buildDirectory = join(projectRoot, 'dist', 'serve-cli-test');
const builtServe = join(buildDirectory, 'serve.js');
/** A start on a busy two-core machine can take a few seconds. */
const spawnTestTimeoutMs = 30_000;

beforeAll(() => buildMain(buildDirectory), 60_000);
afterAll(() => rmSync(buildDirectory, { recursive: true, force: true }));

interface ServeProcess {
  child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the match once stdout has it; rejects, with the output, when the process ends first. */
  waitForStdout(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const cleanups: Array<() => Promise<void> | void> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function temporaryDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-serve-'));
  cleanups.push(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}

async function mockUpstream(options: Parameters<typeof startMockOpenAI>[0] = {}): Promise<MockOpenAI> {
  const mock = await startMockOpenAI(options);
  cleanups.push(() => mock.close());
  return mock;
}

/** The parent's environment without any SWITCHYARD_* setting that would change what is tested. */
function childEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('SWITCHYARD_')));
  return { ...env, ...extra };
}

function serve(args: string[], env: NodeJS.ProcessEnv): ServeProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', builtServe, ...args], { cwd: projectRoot, env });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stdout.on('data', (piece: string) => {
    stdout += piece;
    for (const watcher of watchers) watcher();
  });
  child.stderr.on('data', (piece: string) => (stderr += piece));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const watcher of watchers) watcher();
  });
  cleanups.push(async () => {
    if (!hasExited) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    waitForStdout(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (match) {
            watchers.delete(check);
            resolve(match);
          } else if (hasExited) {
            watchers.delete(check);
            reject(new Error(`serve exited before printing ${pattern}\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        };
        watchers.add(check);
        check();
      });
    },
  };
}

/** SIGTERM, as a service manager stops it; a graceful stop exits 0. */
async function stop(running: ServeProcess): Promise<void> {
  running.child.kill('SIGTERM');
  expect(await running.exited, `stderr:\n${running.stderr()}`).toEqual({ code: 0, signal: null });
}

async function statsSummary(url: string, adminToken: string): Promise<Response> {
  return fetch(`${url}/api/stats/summary?window=all`, { headers: { authorization: `Bearer ${adminToken}` } });
}

function usageRows(dataDir: string): Array<{ client: string | null; provider: string | null; status: number; input_tokens: number }> {
  const database = new BetterSqlite3(join(dataDir, 'switchyard.db'), { readonly: true, fileMustExist: true });
  try {
    return database.prepare('SELECT client, provider, status, input_tokens FROM usage_events ORDER BY id').all() as Array<{
      client: string | null;
      provider: string | null;
      status: number;
      input_tokens: number;
    }>;
  } finally {
    database.close();
  }
}

const vaultEnvironment = { SWITCHYARD_SECRET_BACKEND: 'vault', SWITCHYARD_VAULT_PASSPHRASE: 'serve-cli-vault-passphrase' };

describe('npm run serve', () => {
  it(
    'prints where it listens and, on first start only, the admin token and a working client key',
    async () => {
      const upstreamKey = 'sk-serve-cli-UPSTREAM-5d2c7a';
      const upstream = await mockUpstream({ keys: [upstreamKey], usage: { prompt_tokens: 11, completion_tokens: 7 } });
      const directory = temporaryDirectory();
      const configFile = join(directory, 'switchyard.json');
      const dataDir = join(directory, 'data');
      writeFileSync(
        configFile,
        JSON.stringify({
          providers: [{ id: 'mock', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'm-1', secret: 'env:SERVE_CLI_UPSTREAM_KEY' }], models: ['gpt-4o'] }],
        }),
      );
      const env = childEnvironment({ ...vaultEnvironment, SERVE_CLI_UPSTREAM_KEY: upstreamKey });
      const args = ['--port', '0', '--config', configFile, '--data-dir', dataDir];

      const first = serve(args, env);
      const [, url, port] = await first.waitForStdout(/^listening on (http:\/\/127\.0\.0\.1:(\d+))$/m);
      expect(Number(port)).toBeGreaterThan(0);
      const [, clientKey] = await first.waitForStdout(/^Client key \(shown once, kept in the secret store\): (\S+)$/m);
      const stdout = first.stdout();
      expect(stdout).toContain(`UI:       ${url}/\n`);
      expect(stdout).toContain(`Base URL: ${url}/v1 `);
      expect(stdout).toContain(`Data:     ${dataDir}\n`);
      const adminToken = /^Admin token \(shown once, kept in the secret store\): (\S+)$/m.exec(stdout)?.[1];
      expect(adminToken).toBeDefined();
      const ui = await fetch(`${url}/`);
      expect(ui.status).toBe(200);
      expect(ui.headers.get('content-type')).toMatch(/^text\/html/);

      // The printed key, with only the printed base URL, is all a client needs.
      const client = new OpenAI({ apiKey: clientKey!, baseURL: `${url}/v1`, maxRetries: 0 });
      const completion = await client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'over the wire' }] });
      expect(completion.choices[0]?.message.content).toBe('You said: over the wire');
      expect(upstream.requests.at(-1)?.apiKey).toBe(upstreamKey);

      // Stopped right after the answer: the stop itself must write the queued usage.
      await stop(first);
      expect(usageRows(dataDir)).toEqual([{ client: 'default', provider: 'mock', status: 200, input_tokens: 11 }]);
      for (const secret of [upstreamKey, clientKey!, adminToken!]) expect(first.stderr()).not.toContain(secret);

      const second = serve(args, env);
      const [, secondUrl] = await second.waitForStdout(/^listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
      // The first start's admin token came back from the secret store.
      const stats = await statsSummary(secondUrl!, adminToken!);
      expect(stats.status).toBe(200);
      const summary = (await stats.json()) as StatsSummary;
      expect(summary).toMatchObject({ requests: 1, inputTokens: 11, outputTokens: 7, byClient: [{ client: 'default', requests: 1 }] });
      expect((await statsSummary(secondUrl!, 'sya-not-the-token')).status).toBe(401);
      // So did the client key.
      const again = new OpenAI({ apiKey: clientKey!, baseURL: `${secondUrl}/v1`, maxRetries: 0 });
      await expect(again.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'again' }] })).resolves.toBeDefined();

      await stop(second);
      // Read after exit, so the whole of stdout is in.
      expect(second.stdout()).not.toMatch(/Admin token|Client key/);
      expect(second.stdout()).not.toContain(adminToken!);
      expect(second.stdout()).not.toContain(clientKey!);
      expect(usageRows(dataDir)).toHaveLength(2);
    },
    spawnTestTimeoutMs,
  );

  it(
    'prints the credentials on the first start that succeeds when the first start failed on a taken port',
    async () => {
      const directory = temporaryDirectory();
      const dataDir = join(directory, 'data');
      const env = childEnvironment(vaultEnvironment);
      const taken = createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', () => resolve()));
      cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
      const takenPort = (taken.address() as { port: number }).port;

      const failed = serve(['--port', String(takenPort), '--data-dir', dataDir], env);
      expect((await failed.exited).code).toBe(1);
      expect(failed.stderr()).toContain(`Port ${takenPort} is taken`);
      expect(failed.stdout()).not.toMatch(/Admin token|Client key/);

      const second = serve(['--port', '0', '--data-dir', dataDir], env);
      const [, url] = await second.waitForStdout(/^listening on (http:\/\/127\.0\.0\.1:\d+)$/m);
      const [, clientKey] = await second.waitForStdout(/^Client key \(shown once, kept in the secret store\): (\S+)$/m);
      const adminToken = /^Admin token \(shown once, kept in the secret store\): (\S+)$/m.exec(second.stdout())?.[1];
      expect(adminToken).toBeDefined();
      // They are the credentials the failed start stored, and they work.
      expect((await statsSummary(url!, adminToken!)).status).toBe(200);
      const models = await fetch(`${url}/v1/models`, { headers: { authorization: `Bearer ${clientKey}` } });
      expect(models.status).toBe(200);
      await stop(second);

      const third = serve(['--port', '0', '--data-dir', dataDir], env);
      await third.waitForStdout(/^listening on /m);
      await stop(third);
      expect(third.stdout()).not.toMatch(/Admin token|Client key/);
    },
    spawnTestTimeoutMs,
  );

  it(
    'with no flags, listens on 127.0.0.1:4780 and keeps its data in the OS app-data folder',
    async () => {
      await expectPortFree(4780);
      const configHome = temporaryDirectory();
      // Linux: the app-data folder is $XDG_CONFIG_HOME/Switchyard (see default-data-dir.ts).
      const first = serve([], childEnvironment({ XDG_CONFIG_HOME: configHome, SWITCHYARD_SECRET_BACKEND: 'vault' }));
      await first.waitForStdout(/^listening on http:\/\/127\.0\.0\.1:4780$/m);
      await first.waitForStdout(/^Data: {5}.*$/m);
      expect(first.stdout()).toContain(`Data:     ${join(configHome, 'Switchyard')}\n`);
      const health = await fetch('http://127.0.0.1:4780/health');
      expect(health.status).toBe(200);
      expect(((await health.json()) as { status: string }).status).toBe('healthy');
      expect(existsSync(join(configHome, 'Switchyard', 'switchyard.db'))).toBe(true);
      await stop(first);
    },
    spawnTestTimeoutMs,
  );

  it(
    'refuses a bad config naming the field, a bad port with exit 2, and lists every flag in --help',
    async () => {
      const directory = temporaryDirectory();
      const configFile = join(directory, 'bad.json');
      writeFileSync(
        configFile,
        JSON.stringify({ providers: [{ id: 'p', type: 'opneai', baseUrl: 'http://127.0.0.1:9/v1', keys: [{ id: 'k', secret: 'sk-x' }] }] }),
      );
      const env = childEnvironment(vaultEnvironment);
      const badConfig = serve(['--port', '0', '--config', configFile, '--data-dir', join(directory, 'data')], env);
      const badPort = serve(['--port', 'abc'], env);
      const help = serve(['--help'], env);

      const [badConfigExit, badPortExit, helpExit] = await Promise.all([badConfig.exited, badPort.exited, help.exited]);

      expect(badConfigExit.code).not.toBe(0);
      expect(badConfigExit.code).not.toBeNull();
      expect(badConfig.stderr()).toContain('providers[0].type');
      expect(badConfig.stderr()).toContain(configFile);
      expect(badConfig.stdout()).not.toContain('listening on');

      expect(badPortExit).toEqual({ code: 2, signal: null });
      expect(badPort.stderr()).toContain('--port');
      expect(badPort.stderr()).toContain('"abc"');

      expect(helpExit).toEqual({ code: 0, signal: null });
      const helpText = help.stdout();
      // The documented flags and their variables, then whatever else the entry accepts.
      const specFlags: Record<string, string> = {
        host: 'SWITCHYARD_HOST',
        port: 'SWITCHYARD_PORT',
        'data-dir': 'SWITCHYARD_DATA_DIR',
        config: 'SWITCHYARD_CONFIG',
        'admin-token': 'SWITCHYARD_ADMIN_TOKEN',
      };
      for (const [flag, variable] of Object.entries(specFlags)) expect(helpText).toMatch(new RegExp(`--${flag}\\s+${variable}\\s`));
      for (const [flag, { env: variable }] of Object.entries(serveFlags)) expect(helpText).toMatch(new RegExp(`--${flag}\\s+${variable}\\s`));
      expect(helpText).not.toContain('listening on');
    },
    spawnTestTimeoutMs,
  );
});

async function expectPortFree(port: number): Promise<void> {
  const probe = createServer();
  const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
    probe.once('error', resolve);
    probe.listen(port, '127.0.0.1', () => resolve(null));
  });
  if (error === null) {
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return;
  }
  throw new Error(`Port ${port} on 127.0.0.1 is taken on this machine (${error.code}); this test starts Switchyard on its default port and needs it free.`);
}
