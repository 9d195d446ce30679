import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createConfigController, type ConfigController, type StoredSecrets } from '../../../src-main/config/config-controller.js';
import { recordsOf } from '../../../src-main/config/config-document.js';
import type { LoadedConfiguration } from '../../../src-main/config/load-config.js';
import { waitFor } from '../../support/listen.js';

const typedSecret = 'sk-typed-in-window-0123456789abcdef';
const literalSecret = 'sk-literal-in-file-fedcba9876543210';

// Written by hand: compact spacing, an unusual key order, a preset, an env: reference and fields the
// window never edits (deployments, prices, currency).
const handWritten = `{"routing":{"retries":1},"providers":[{"id":"ds","preset":"deepseek","keys":[{"secret":"env:DEEPSEEK_KEY","id":"main"}]},{"id":"az","type":"azure-openai","baseUrl":"https://r.openai.azure.com","apiVersion":"2024-10-21","deployments":{"gpt-4o":"my-4o"},"keys":[{"id":"k","secret":"${literalSecret}"}]}],"prices":{"ds/deepseek-chat":{"inputPerMTok":1,"outputPerMTok":2}},"currency":{"cnyPerUsd":7}}`;

describe('ConfigController.edit', () => {
  let directory: string;
  let path: string;
  let controller: ConfigController;
  let applied: LoadedConfiguration[];
  let store: Map<string, string>;

  const storedSecrets: StoredSecrets = {
    read: async (name) => store.get(name) ?? null,
    write: async (name, secret) => void store.set(name, secret),
    delete: async (name) => void store.delete(name),
  };

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-config-edit-'));
    path = join(directory, 'config.json');
    applied = [];
    store = new Map();
    await writeFile(path, handWritten);
    controller = createConfigController({
      path,
      env: { DEEPSEEK_KEY: 'sk-env-deepseek-key-000000' },
      apply: async (configuration) => void applied.push(configuration),
      log: () => {},
      storedSecrets,
      debounceMs: 600_000,
    });
    await controller.start();
  });

  afterEach(async () => {
    controller.close();
    await rm(directory, { recursive: true, force: true });
  });

  it('writes the raw document back with its key order, preset, env: reference and unknown fields, pretty-printed', async () => {
    await controller.edit((document) => {
      (document.routing as Record<string, unknown>).retries = 3;
    });
    const text = await readFile(path, 'utf8');
    const expected = JSON.parse(handWritten) as Record<string, Record<string, unknown>>;
    expected.routing!.retries = 3;
    expect(text).toBe(`${JSON.stringify(expected, null, 2)}\n`);
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['routing', 'providers', 'prices', 'currency']);
    // Applied before edit answered, without waiting for the watcher.
    expect(applied.at(-1)?.config.routing.retries).toBe(3);
  });

  it('puts a staged key in the secret store and only a stored: reference in the file', async () => {
    const reference = await controller.edit((document, secrets) => {
      const reference = secrets.stage('new/main', typedSecret);
      recordsOf(document, 'providers').push({ id: 'new', type: 'openai', baseUrl: 'https://api.example.test/v1', keys: [{ id: 'main', secret: reference }] });
      return reference;
    });
    expect(reference).toBe('stored:new/main');
    const text = await readFile(path, 'utf8');
    expect(text).not.toContain(typedSecret);
    expect(text).toContain('"secret": "stored:new/main"');
    expect(store.get('new/main')).toBe(typedSecret);
    // Resolved from the store when applied.
    expect(applied.at(-1)?.secrets.get('provider/new/main')).toBe(typedSecret);
  });

  it('names a second staged key apart from a reference the file already has', async () => {
    const stage = () =>
      controller.edit((document, secrets) => {
        const keys = recordsOf(recordsOf(document, 'providers')[1]!, 'keys');
        const reference = secrets.stage('az/k', typedSecret);
        keys[0]!.secret = reference;
        return reference;
      });
    expect(await stage()).toBe('stored:az/k');
    expect(await stage()).toBe('stored:az/k-2');
    // The key the second edit replaced is no longer referenced, so it left the store.
    expect([...store.keys()]).toEqual(['az/k-2']);
  });

  it('refuses a change the schema refuses by its field, leaving the file bytes and the secret store alone', async () => {
    const error = await controller
      .edit((document, secrets) => {
        const provider = recordsOf(document, 'providers')[1]!;
        provider.baseUrl = 'not a url';
        secrets.stage('az/other', typedSecret);
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'configuration_refused', field: 'providers[1].baseUrl' });
    expect((error as Error).message).toBe('providers[1].baseUrl: must be an http(s) URL');
    expect(await readFile(path, 'utf8')).toBe(handWritten);
    expect(store.size).toBe(0);
  });

  it('refuses an alias cycle by the alias', async () => {
    const error = await controller
      .edit((document) => {
        document.modelAliases = { a: 'b', b: 'a' };
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'configuration_refused', field: 'modelAliases.a' });
    expect(await readFile(path, 'utf8')).toBe(handWritten);
  });

  it('refuses every edit while a hand edit has broken the file, naming its problem', async () => {
    const broken = '{"routing": {"retries": 99}}';
    await writeFile(path, broken);
    const error = await controller
      .edit((document) => {
        document.modelAliases = { fast: 'deepseek-chat' };
      })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'configuration_refused', field: 'routing.retries' });
    expect((error as Error).message).toContain('fix it there first');
    expect(await readFile(path, 'utf8')).toBe(broken);
  });

  it('writes and applies nothing when the edit changes nothing', async () => {
    const count = applied.length;
    await controller.edit(() => {});
    expect(applied.length).toBe(count);
    expect(await readFile(path, 'utf8')).toBe(handWritten);
  });

  it('does not apply its own write a second time when the watcher sees it, but does apply a hand edit', async () => {
    controller.close();
    controller = createConfigController({ path, env: {}, apply: async (configuration) => void applied.push(configuration), log: () => {}, storedSecrets, debounceMs: 20 });
    await controller.start();
    const afterStart = applied.length;
    await controller.edit((document) => {
      document.modelAliases = { fast: 'deepseek-chat' };
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(applied.length).toBe(afterStart + 1);
    await writeFile(path, `${JSON.stringify({ ...JSON.parse(handWritten), modelAliases: { slow: 'deepseek-chat' } })}`);
    await waitFor(() => applied.length === afterStart + 2);
    expect(controller.document().modelAliases).toEqual({ slow: 'deepseek-chat' });
  });

  it('runs edits one at a time, each seeing the one before', async () => {
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        controller.edit((document) => {
          document.modelAliases = { ...(document.modelAliases as object), [name]: 'deepseek-chat' };
        }),
      ),
    );
    expect(JSON.parse(await readFile(path, 'utf8')).modelAliases).toEqual({ a: 'deepseek-chat', b: 'deepseek-chat', c: 'deepseek-chat' });
  });
});
