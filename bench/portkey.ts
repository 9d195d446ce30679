/**
 * The peer: the Portkey gateway from npm, installed on first use into bench/portkey/ (its own
 * package.json and lockfile, so none of it reaches the app's dependencies). The lockfile and
 * package.json's `overrides` pin @hono/node-server 1.13.5, @hono/node-ws 1.2.0 and hono 4.9.7:
 * with newer ones every stream through it answers 500.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnNode, type BenchChild } from './processes.js';

export const portkeyDirectory = fileURLToPath(new URL('./portkey/', import.meta.url));
const manifest = JSON.parse(readFileSync(join(portkeyDirectory, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  overrides: Record<string, string>;
};
export const portkeyVersion = manifest.dependencies['@portkey-ai/gateway']!;

function installedVersion(name: string): string | null {
  const path = join(portkeyDirectory, 'node_modules', name, 'package.json');
  if (!existsSync(path)) return null;
  return (JSON.parse(readFileSync(path, 'utf8')) as { version?: string }).version ?? null;
}

function installedAsPinned(): boolean {
  const wanted = { '@portkey-ai/gateway': portkeyVersion, ...manifest.overrides };
  return Object.entries(wanted).every(([name, version]) => installedVersion(name) === version);
}

/**
 * Installs Portkey unless the pinned versions are there already. Returns null when ready, or why not.
 * `--ignore-scripts`: the package's only install script is `patch-package`, and it ships no patches.
 */
export function ensurePortkeyInstalled(log: (line: string) => void): string | null {
  if (installedAsPinned()) return null;
  const hasLock = existsSync(join(portkeyDirectory, 'package-lock.json'));
  log(`installing @portkey-ai/gateway@${portkeyVersion} into bench/portkey (first use)…`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const result = spawnSync(npm, [hasLock ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: portkeyDirectory,
    encoding: 'utf8',
    timeout: 240_000,
    shell: process.platform === 'win32',
  });
  if (result.error) return `npm could not run: ${result.error.message}`;
  if (result.status !== 0) return `npm ${hasLock ? 'ci' : 'install'} failed: ${`${result.stderr}`.trim().split('\n').slice(-3).join(' ')}`;
  if (!installedAsPinned()) return 'npm finished but the pinned versions are not what is installed';
  return null;
}

/**
 * Starts Portkey's own start script (`build/start-server.js --port=0 --headless`). It has no host
 * setting: it calls @hono/node-server's serve() with a port only, which listens on every interface.
 * target-probe.mjs (BENCH_FORCE_LOOPBACK=1) makes that listen bind 127.0.0.1, and the address it
 * reports is checked before anything is sent.
 */
export async function startPortkey(cpu: number | null, echoStderr: boolean): Promise<{ child: BenchChild; url: string }> {
  const child = spawnNode('portkey', join(portkeyDirectory, 'node_modules/@portkey-ai/gateway/build/start-server.js'), ['--port=0', '--headless'], {
    cpu,
    typescript: false,
    probe: true,
    env: { ...process.env, BENCH_FORCE_LOOPBACK: '1' },
    cwd: portkeyDirectory,
    echoStderr,
  });
  try {
    const { address, port } = await child.waitFor(
      (message) => (message.type === 'listening' ? { address: String(message.address), port: Number(message.port) } : undefined),
      30_000,
      'listening address',
    );
    if (address !== '127.0.0.1') throw new Error(`Portkey listened on ${address}, not 127.0.0.1`);
    return { child, url: `http://127.0.0.1:${port}` };
  } catch (error) {
    await child.stop(500);
    throw error;
  }
}
