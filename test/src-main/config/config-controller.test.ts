import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfigController, type ConfigController, type ConfigLogLevel } from '../../../src-main/config/config-controller.js';
import type { LoadedConfiguration } from '../../../src-main/config/load-config.js';
import { waitFor } from '../../support/listen.js';

const firstSecret = 'sk-live-FIRST-0123456789abcdef';
const secondSecret = 'sk-live-SECOND-0123456789abcdef';
const environmentSecret = 'sk-env-ENVIRONMENT-fedcba9876543210';

function configText(keyId: string, secret: string, retries = 2): string {
  return JSON.stringify({
    providers: [{ id: 'main', type: 'openai', baseUrl: 'https://api.example.test/v1', keys: [{ id: keyId, secret }] }],
    routing: { retries },
  });
}

describe('createConfigController', () => {
  let directory: string;
  let path: string;
  let controller: ConfigController | undefined;
  let appliedConfigurations: LoadedConfiguration[];
  let logs: Array<{ level: ConfigLogLevel; message: string }>;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-config-controller-'));
    path = join(directory, 'config.json');
    appliedConfigurations = [];
    logs = [];
  });

  afterEach(async () => {
    controller?.close();
    controller = undefined;
    // No secret from any file or the environment may reach the log.
    for (const { message } of logs) {
      for (const secret of [firstSecret, secondSecret, environmentSecret]) expect(message).not.toContain(secret);
    }
    await rm(directory, { recursive: true, force: true });
  });

  /**
   * Tests that call reload() themselves set a debounce the test never reaches, so the watcher's own
   * reloads cannot add to what they count.
   */
  const create = (
    apply?: (configuration: LoadedConfiguration) => Promise<void>,
    debounceMs = 600_000,
  ): ConfigController => {
    controller = createConfigController({
      path,
      env: { OPENAI_API_KEY: environmentSecret },
      apply:
        apply ??
        (async (configuration) => {
          appliedConfigurations.push(configuration);
        }),
      log: (level, message) => logs.push({ level, message }),
      debounceMs,
    });
    return controller;
  };

  const secretOf = (configuration: LoadedConfiguration | undefined, keyId: string): string | undefined =>
    configuration?.secrets.get(`provider/main/${keyId}`);

  it('loads and applies the file at start', async () => {
    await writeFile(path, configText('k1', 'env:OPENAI_API_KEY'));
    const started = create();
    const configuration = await started.start();
    expect(secretOf(configuration, 'k1')).toBe(environmentSecret);
    expect(configuration.config.providers[0]?.keys[0]?.secret).toBe('<secret provider/main/k1>');
    expect(appliedConfigurations).toEqual([configuration]);
    expect(started.current()).toBe(configuration);
    // One load, one line.
    expect(logs).toEqual([{ level: 'info', message: `config loaded from ${path} (watched; changes apply without a restart)` }]);
  });

  it('throws the clear message when the file is broken at start, and applies nothing', async () => {
    await writeFile(path, configText('k1', ''));
    await expect(create().start()).rejects.toThrow(`${path}: providers[0].keys[0].secret: must not be empty`);
    expect(appliedConfigurations).toEqual([]);
    expect(controller?.current()).toBeUndefined();
  });

  it('throws the path when the file is missing at start', async () => {
    await expect(create().start()).rejects.toThrow(`${path}: config file not found`);
  });

  it('keeps the running configuration on a bad reload and applies the next good one', async () => {
    await writeFile(path, configText('k1', firstSecret));
    const running = create();
    const first = await running.start();

    // An unset variable no longer refuses a file (the key is applied disabled); a malformed reference does.
    await writeFile(path, configText('k1', 'env:not a variable name'));
    const refused = await running.reload();
    expect(refused).toEqual({
      ok: false,
      error: `${path}: providers[0].keys[0].secret: write env: followed by an environment variable name, as in env:OPENAI_API_KEY`,
    });
    expect(running.current()).toBe(first);
    expect(appliedConfigurations).toHaveLength(1);
    expect(logs.at(-1)?.level).toBe('error');
    expect(logs.at(-1)?.message).toContain(refused.error);

    await writeFile(path, configText('k2', secondSecret));
    expect(await running.reload()).toEqual({ ok: true });
    expect(secretOf(running.current(), 'k2')).toBe(secondSecret);
    expect(appliedConfigurations).toHaveLength(2);
    expect(logs.at(-1)).toEqual({ level: 'info', message: `config reloaded from ${path}` });
  });

  it('keeps the running configuration when apply refuses the new one', async () => {
    await writeFile(path, configText('k1', firstSecret));
    let refuse = false;
    const running = create(async (configuration) => {
      if (refuse) throw new Error('the secret store is locked');
      appliedConfigurations.push(configuration);
    });
    const first = await running.start();
    refuse = true;
    await writeFile(path, configText('k2', secondSecret));
    expect(await running.reload()).toEqual({ ok: false, error: `${path}: config could not be applied: the secret store is locked` });
    expect(running.current()).toBe(first);
  });

  it('reloads on its own when the file is saved, refusing a bad edit and taking the next good one', async () => {
    await writeFile(path, configText('k1', firstSecret));
    const running = create(undefined, 30);
    const first = await running.start();

    await writeFile(path, '{ "providers": [ }');
    await waitFor(() => logs.some((entry) => entry.level === 'error'), { description: 'the bad edit to be refused' });
    expect(logs.find((entry) => entry.level === 'error')?.message).toContain(`${path}: invalid JSON at line 1 column 18`);
    expect(running.current()).toBe(first);

    // Saved the way editors with atomic saves do it.
    const temporary = join(directory, 'config.json.tmp');
    await writeFile(temporary, configText('k2', secondSecret));
    await rename(temporary, path);
    await waitFor(() => appliedConfigurations.length === 2, { description: 'the good edit to be applied' });
    expect(secretOf(running.current(), 'k2')).toBe(secondSecret);
  });

  it('runs one reload at a time, and one more for any requests made while one runs', async () => {
    await writeFile(path, configText('k1', firstSecret));
    let release: () => void = () => {};
    let blocking = false;
    let active = 0;
    let mostActive = 0;
    const running = create(async (configuration) => {
      active += 1;
      mostActive = Math.max(mostActive, active);
      if (blocking) await new Promise<void>((resolve) => (release = resolve));
      appliedConfigurations.push(configuration);
      active -= 1;
    });
    await running.start();

    blocking = true;
    await writeFile(path, configText('k1', firstSecret, 3));
    const first = running.reload();
    await waitFor(() => active === 1, { description: 'the first reload to reach apply' });
    // While the first one runs, the file changes again and three more reloads are asked for.
    await writeFile(path, configText('k1', firstSecret, 4));
    const later = [running.reload(), running.reload(), running.reload()];
    expect(later[1]).toBe(later[0]);
    expect(later[2]).toBe(later[0]);

    blocking = false;
    release();
    expect(await first).toEqual({ ok: true });
    expect(await later[0]).toEqual({ ok: true });
    expect(mostActive).toBe(1);
    expect(appliedConfigurations.map((configuration) => configuration.config.routing.retries)).toEqual([2, 3, 4]);
    expect(running.current()?.config.routing.retries).toBe(4);
  });

  it('does nothing after close', async () => {
    await writeFile(path, configText('k1', firstSecret));
    const running = create();
    await running.start();
    running.close();
    await writeFile(path, configText('k2', secondSecret));
    expect(await running.reload()).toEqual({ ok: false, error: 'the config controller is closed' });
    expect(appliedConfigurations).toHaveLength(1);
  });
});
