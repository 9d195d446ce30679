import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  loadConfigFile,
  loadConfigText,
  parseConfigText,
  type ConfigLoadResult,
  type LoadedConfiguration,
} from '../../../src-main/config/load-config.js';

/** A literal secret written into the files below; no error message may ever contain it. */
const literalSecret = 'sk-live-LITERAL-0123456789abcdef';
const environmentSecret = 'sk-env-FROM-ENVIRONMENT-fedcba9876543210';

function key(id: string, secret: string): { id: string; secret: string } {
  return { id, secret };
}

function provider(id: string, keys: Array<Record<string, unknown>>): Record<string, unknown> {
  return { id, type: 'openai', baseUrl: 'https://api.example.test/v1', keys };
}

function loaded(result: ConfigLoadResult): LoadedConfiguration {
  if (!result.ok) throw new Error(`expected the config to load, got: ${result.error}`);
  return result.configuration;
}

function refused(result: ConfigLoadResult): string {
  if (result.ok) throw new Error('expected the config to be refused');
  expect(result.error).not.toContain(literalSecret);
  expect(result.error).not.toContain(environmentSecret);
  return result.error;
}

function parse(input: unknown, env: NodeJS.ProcessEnv = {}): ConfigLoadResult {
  return parseConfigText(JSON.stringify(input, null, 2), env, 'config.json');
}

describe('parseConfigText', () => {
  it('loads the example with every provider type with secrets taken out of the config', () => {
    const example = readFileSync(new URL('../../fixtures/config/every-provider-type.json', import.meta.url), 'utf8');
    const env = {
      OPENAI_API_KEY: 'sk-openai',
      ANTHROPIC_API_KEY: 'sk-ant',
      GEMINI_API_KEY: 'gem-key',
      AZURE_OPENAI_KEY: 'az-key',
      DEEPSEEK_API_KEY: 'ds-key',
    };
    const configuration = loaded(parseConfigText(example, env, '/etc/switchyard/config.json'));

    expect(configuration.source).toBe('/etc/switchyard/config.json');
    expect(Object.fromEntries(configuration.secrets)).toEqual({
      'client/my-editor': 'sk-local-editor-1',
      'provider/openai-main/oa-1': 'sk-openai',
      'provider/openai-main/oa-2': 'sk-...',
      'provider/claude/an-1': 'sk-ant',
      'provider/gem/ge-1': 'gem-key',
      'provider/azure/az-1': 'az-key',
      'provider/deepseek/ds-1': 'ds-key',
    });
    expect(configuration.config.clients).toEqual([{ name: 'my-editor', key: '<secret client/my-editor>' }]);
    expect(configuration.config.providers[0]?.keys).toEqual([
      { id: 'oa-1', secret: '<secret provider/openai-main/oa-1>', priority: 1, budgetUsd: 20 },
      { id: 'oa-2', secret: '<secret provider/openai-main/oa-2>', priority: 2 },
    ]);
    expect(configuration.config.providers[3]?.deployments).toEqual({ 'gpt-4o': 'prod-gpt4o' });
    expect(configuration.config.modelAliases).toEqual({ 'gpt-4': 'gpt-4o' });
    expect(configuration.config.routing).toEqual({ strategy: 'priority', retries: 2, timeoutMs: 120_000, failureThreshold: 3, cooldownMs: 30_000 });

    const shown = JSON.stringify(configuration.config);
    for (const secret of configuration.secrets.values()) expect(shown).not.toContain(secret);
  });

  it('loads an empty object with defaults and no secrets', () => {
    const configuration = loaded(parseConfigText('{}', {}, 'config.json'));
    expect(configuration.secrets.size).toBe(0);
    expect(configuration.config.providers).toEqual([]);
  });

  it('accepts a byte-order mark at the start of the file', () => {
    expect(parseConfigText('\uFEFF{}', {}, 'config.json').ok).toBe(true);
  });

  describe('env: references', () => {
    it('resolves provider secrets and client keys from the environment, trimming stray line ends', () => {
      const configuration = loaded(
        parse(
          { clients: [{ name: 'editor', key: 'env:CLIENT_KEY' }], providers: [provider('main', [key('k1', 'env:OPENAI_API_KEY')])] },
          { OPENAI_API_KEY: `${environmentSecret}\r\n`, CLIENT_KEY: 'local-key' },
        ),
      );
      expect(configuration.secrets.get('provider/main/k1')).toBe(environmentSecret);
      expect(configuration.secrets.get('client/editor')).toBe('local-key');
      expect(configuration.config.providers[0]?.keys[0]?.secret).toBe('<secret provider/main/k1>');
      expect(configuration.config.clients[0]?.key).toBe('<secret client/editor>');
    });

    it('keeps a file whose env: variable is not set, naming the variable for the key it leaves out', () => {
      const configuration = loaded(
        parse({ providers: [provider('main', [key('k1', 'env:OPENAI_API_KEY'), key('k2', literalSecret)])] }, {}),
      );
      expect(configuration.secrets.has('provider/main/k1')).toBe(false);
      expect(configuration.secrets.get('provider/main/k2')).toBe(literalSecret);
      expect([...configuration.unresolvedSecrets]).toEqual([['provider/main/k1', 'environment variable OPENAI_API_KEY is not set; set it, then reload the config or restart']]);
      // Still a placeholder, never the reference or anything from the environment.
      expect(configuration.config.providers[0]?.keys[0]?.secret).toBe('<secret provider/main/k1>');
    });

    it('names the variable when it is empty or blank, for client keys too', () => {
      const configuration = loaded(
        parse(
          { clients: [{ name: 'editor', key: 'env:CLIENT_KEY' }], providers: [provider('main', [key('k1', literalSecret), key('k2', 'env:EMPTY')])] },
          { EMPTY: '', CLIENT_KEY: ' \n' },
        ),
      );
      expect([...configuration.unresolvedSecrets]).toEqual([
        ['client/editor', 'environment variable CLIENT_KEY is empty; set it, then reload the config or restart'],
        ['provider/main/k2', 'environment variable EMPTY is empty; set it, then reload the config or restart'],
      ]);
      expect(configuration.secrets.has('client/editor')).toBe(false);
      expect(configuration.secrets.get('provider/main/k1')).toBe(literalSecret);
    });

    it('has no unresolved secrets when every variable is set', () => {
      const configuration = loaded(parse({ providers: [provider('main', [key('k1', 'env:OPENAI_API_KEY')])] }, { OPENAI_API_KEY: environmentSecret }));
      expect(configuration.unresolvedSecrets.size).toBe(0);
    });

    it('does not echo what follows env: when it is no variable name, since it may be a pasted key', () => {
      const error = refused(parse({ providers: [provider('main', [key('k1', `env:${literalSecret}`), key('k2', 'env:')])] }));
      expect(error).toBe(
        [
          'config.json: providers[0].keys[0].secret: write env: followed by an environment variable name, as in env:OPENAI_API_KEY',
          'config.json: providers[0].keys[1].secret: write env: followed by an environment variable name, as in env:OPENAI_API_KEY',
        ].join('\n'),
      );
    });

    it('lists at most five problems and counts the rest', () => {
      const keys = Array.from({ length: 7 }, (_, index) => key(`k${index}`, `env:bad name ${index}`));
      const error = refused(parse({ providers: [provider('main', keys)] }));
      const lines = error.split('\n');
      expect(lines).toHaveLength(6);
      expect(lines[0]).toBe('config.json: providers[0].keys[0].secret: write env: followed by an environment variable name, as in env:OPENAI_API_KEY');
      expect(lines[4]).toBe('config.json: providers[0].keys[4].secret: write env: followed by an environment variable name, as in env:OPENAI_API_KEY');
      expect(lines[5]).toBe('config.json: and 2 more problems');
    });
  });

  describe('schema errors', () => {
    it('names the field of an empty secret', () => {
      const error = refused(parse({ providers: [provider('main', [key('k1', literalSecret), key('k2', '')])] }));
      expect(error).toBe('config.json: providers[0].keys[1].secret: must not be empty');
    });

    it('names the field of a misspelt key and of a wrong type, one line each', () => {
      const error = refused(
        parse({
          providers: [{ ...provider('main', [{ ...key('k1', literalSecret), prioriy: 1 }]) }],
          routing: { retries: 'two' },
        }),
      );
      const lines = error.split('\n');
      expect(lines).toContain('config.json: providers[0].keys[0]: Unrecognized key: "prioriy"');
      expect(lines.some((line) => line.startsWith('config.json: routing.retries: '))).toBe(true);
    });

    it('does not quote a secret placed in the wrong field', () => {
      const error = refused(parse({ providers: [{ ...provider('main', [key('k1', 'x')]), baseUrl: literalSecret }] }));
      expect(error).toBe('config.json: providers[0].baseUrl: must be an http(s) URL');
    });

    it('counts schema problems past five', () => {
      const error = refused(
        parse({
          clients: [{ name: '', key: '' }],
          routing: { strategy: 'cheapest', retries: -1, timeoutMs: 0 },
          prices: { 'gpt-4o': { inputPerMTok: -1, outputPerMTok: -1 } },
        }),
      );
      expect(error.split('\n')).toHaveLength(6);
      expect(error.split('\n')[5]).toMatch(/^config\.json: and \d+ more problems?$/);
    });
  });

  describe('model aliases', () => {
    it('accepts a chain of aliases that ends at a model', () => {
      expect(parse({ modelAliases: { a: 'b', b: 'c', c: 'gpt-4o' } }).ok).toBe(true);
    });

    it('refuses an alias that points to itself', () => {
      expect(refused(parse({ modelAliases: { a: 'a' } }))).toBe('config.json: modelAliases.a: alias points to itself');
    });

    it('refuses a cycle once, at its first alias', () => {
      expect(refused(parse({ modelAliases: { a: 'b', b: 'a' } }))).toBe('config.json: modelAliases.a: alias cycle a → b → a');
      expect(refused(parse({ modelAliases: { x: 'b', b: 'c', c: 'd', d: 'b' } }))).toBe(
        'config.json: modelAliases.b: alias cycle b → c → d → b',
      );
    });

    it('accepts an alias with a strategy of its own, and finds cycles through such aliases too', () => {
      const accepted = parse({ modelAliases: { quick: { model: 'small', strategy: 'latency' }, small: 'gpt-4o-mini' } });
      expect(accepted.ok).toBe(true);
      expect(refused(parse({ modelAliases: { a: { model: 'b', strategy: 'cost' }, b: 'a' } }))).toBe('config.json: modelAliases.a: alias cycle a → b → a');
      expect(refused(parse({ modelAliases: { a: { model: 'gpt-4o', strategy: 'fastest' } } }))).toMatch(/^config\.json: modelAliases\.a/);
      expect(refused(parse({ modelAliases: { a: { model: 'gpt-4o', weight: 2 } } }))).toMatch(/^config\.json: modelAliases\.a/);
    });

    it('reports cycles together with secret problems', () => {
      const error = refused(parse({ modelAliases: { a: 'b', b: 'a' }, providers: [provider('main', [key('k1', 'env:no-name')])] }));
      expect(error).toBe(
        [
          'config.json: modelAliases.a: alias cycle a → b → a',
          'config.json: providers[0].keys[0].secret: write env: followed by an environment variable name, as in env:OPENAI_API_KEY',
        ].join('\n'),
      );
    });
  });

  describe('JSON syntax errors', () => {
    it('gives line and column for a trailing comma', () => {
      const text = `{\n  "clients": [{ "name": "a", "key": "${literalSecret}" }],\n}`;
      expect(refused(parseConfigText(text, {}, 'config.json'))).toBe(
        'config.json: invalid JSON at line 3 column 1: Expected double-quoted property name',
      );
    });

    it('gives line and column for an unexpected token, without the excerpt Node quotes', () => {
      const text = `{\n  "clients": [{ "name": "a", "key": "${literalSecret}" }],\n  "providers": [1,]\n}`;
      expect(refused(parseConfigText(text, {}, 'config.json'))).toBe(
        "config.json: invalid JSON at line 3 column 19: Unexpected token ']'",
      );
    });

    it('gives line and column for a misspelt literal and for a missing comma', () => {
      expect(refused(parseConfigText('{\n  "a": tru }', {}, 'config.json'))).toBe(
        "config.json: invalid JSON at line 2 column 11: Unexpected token ' '",
      );
      expect(refused(parseConfigText('{\n  "a": 1\n  "b": 2\n}', {}, 'config.json'))).toBe(
        "config.json: invalid JSON at line 3 column 3: Expected ',' or '}' after property value",
      );
    });

    it('points at the end of a truncated file', () => {
      expect(refused(parseConfigText(`{\n  "a": "${literalSecret}"`, {}, 'config.json'))).toBe(
        `config.json: invalid JSON at line 2 column ${`  "a": "${literalSecret}"`.length + 1}: Expected ',' or '}' after property value`,
      );
      expect(refused(parseConfigText(`{\n  "a": ["${literalSecret}", `, {}, 'config.json'))).toBe(
        `config.json: invalid JSON at line 2 column ${`  "a": ["${literalSecret}", `.length + 1}: Unexpected end of JSON input`,
      );
    });

    it('says what to write when the file is empty', () => {
      expect(refused(parseConfigText(' \n', {}, 'config.json'))).toBe(
        'config.json: the file is empty; write {} for an empty configuration',
      );
    });
  });
});

describe('stored: references', () => {
  const storedConfig = (secret: string) => JSON.stringify({ clients: [{ name: 'editor', key: 'stored:client/editor' }], providers: [provider('main', [key('k1', secret)])] });

  it('resolves the key from the secret store by its name, leaving only a placeholder in the config', async () => {
    const store = new Map([['main/k1', literalSecret], ['client/editor', 'local-client-key']]);
    const configuration = loaded(await loadConfigText(storedConfig('stored:main/k1'), {}, 'config.json', async (name) => store.get(name) ?? null));
    expect(configuration.secrets.get('provider/main/k1')).toBe(literalSecret);
    expect(configuration.secrets.get('client/editor')).toBe('local-client-key');
    expect(configuration.unresolvedSecrets.size).toBe(0);
    expect(configuration.config.providers[0]?.keys[0]?.secret).toBe('<secret provider/main/k1>');
  });

  it('keeps a file whose stored key is gone, that key out with a reason that says to paste it again', async () => {
    const configuration = loaded(await loadConfigText(storedConfig('stored:main/k1'), {}, 'config.json', async () => null));
    expect(configuration.secrets.has('provider/main/k1')).toBe(false);
    expect(configuration.unresolvedSecrets.get('provider/main/k1')).toBe('the stored key "main/k1" is not in the secret store; paste the key again in the window');
  });

  it('refuses a malformed name without echoing it, since it may be a pasted key', () => {
    const error = refused(parseConfigText(storedConfig(`stored:${literalSecret} `), {}, 'config.json'));
    expect(error).toBe('config.json: providers[0].keys[0].secret: write stored: followed by the name the window gave the key, or paste the key again in the window');
  });
});

describe('loadConfigFile', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-load-config-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads the file and records its path as the source', async () => {
    const path = join(directory, 'config.json');
    await writeFile(path, JSON.stringify({ providers: [provider('main', [key('k1', literalSecret)])] }));
    const configuration = loaded(await loadConfigFile(path, {}));
    expect(configuration.source).toBe(path);
    expect(configuration.secrets.get('provider/main/k1')).toBe(literalSecret);
  });

  it('names the file in schema errors', async () => {
    const path = join(directory, 'config.json');
    await writeFile(path, JSON.stringify({ routing: { strategy: 'cheapest' } }));
    expect(refused(await loadConfigFile(path, {}))).toMatch(new RegExp(`^${escape(path)}: routing\\.strategy: `));
  });

  it('says the path of a missing file', async () => {
    const path = join(directory, 'missing.json');
    expect(refused(await loadConfigFile(path, {}))).toBe(`${path}: config file not found`);
  });

  it('says when the path is a directory', async () => {
    expect(refused(await loadConfigFile(directory, {}))).toBe(`${directory}: is a directory, not a config file`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
