import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../../../src-shared/control/control-service.js';
import type { ImportPreview } from '../../../../src-shared/control/providers-api.js';
import { createControlClient, createMemoryTransport, type ControlClient } from '../../../../src-shared/control/rpc.js';
import { createConfigController, type ConfigController } from '../../../../src-main/config/config-controller.js';
import { createControlEndpoint } from '../../../../src-main/control/control-endpoint.js';
import { createControlEvents } from '../../../../src-main/control/control-events.js';
import { KeyFailures } from '../../../../src-main/control/providers/key-failures.js';
import { createProvidersControl } from '../../../../src-main/control/providers/providers-control.js';
import { KeyBreaker } from '../../../../src-main/routing/key-breaker.js';
import { KeyHealth } from '../../../../src-main/routing/key-health.js';
import { createModelDirectory } from '../../../../src-main/routing/model-directory.js';
import { buildRouteTable, type RouteTable } from '../../../../src-main/routing/route-table.js';
import { createPriceBook, type PriceBook } from '../../../../src-main/usage/price-book.js';
import { fakeControlService } from '../../../support/control-fakes.js';
import { startMockOpenAI, type MockOpenAI } from '../../../support/mock-openai-upstream.js';

const goodKey = 'sk-control-good-0123456789abcdef';
const typedKey = 'sk-control-typed-fedcba9876543210';
const importedKey = 'sk-control-imported-00112233445566';

let upstream: MockOpenAI;
const agent = new Agent();

beforeAll(async () => {
  upstream = await startMockOpenAI({ keys: [goodKey, typedKey], models: ['gpt-4o', 'gpt-4o-mini'] });
});

afterAll(async () => {
  await upstream.close();
  await agent.close();
});

describe('the providers control methods, over the in-memory transport', () => {
  let directory: string;
  let path: string;
  let controller: ConfigController;
  let client: ControlClient;
  let table: RouteTable;
  let prices: PriceBook;
  let store: Map<string, string>;
  let health: KeyHealth;
  let failures: KeyFailures;
  let received: ControlEvent[];
  let cleared: string[];
  let preview: ImportPreview;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-providers-control-'));
    path = join(directory, 'config.json');
    store = new Map();
    received = [];
    cleared = [];
    health = new KeyHealth();
    failures = new KeyFailures(() => Date.UTC(2025, 0, 2));
    preview = { format: 'base-url-and-key', providers: [], aliases: {}, warnings: [] };
    await writeFile(
      path,
      JSON.stringify({
        providers: [
          { id: 'mock', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'good', secret: goodKey, budgetUsd: 10 }], models: ['gpt-4o'] },
          { id: 'ds', preset: 'deepseek', keys: [{ id: 'main', secret: 'env:DEEPSEEK_TEST_KEY' }] },
        ],
        prices: { 'gpt-4o': { inputPerMTok: 2.5, outputPerMTok: 10 } },
      }),
    );
    const events = createControlEvents();
    events.subscribe((event) => received.push(event));
    controller = createConfigController({
      path,
      env: {},
      apply: async (configuration) => {
        table = buildRouteTable(configuration.config, configuration.secrets);
        prices = createPriceBook({ catalog: null, overrides: configuration.config.prices });
        for (const [account, reason] of configuration.unresolvedSecrets) {
          const [, providerId, keyId] = account.split('/');
          if (providerId !== undefined && keyId !== undefined) health.restore(providerId, keyId, reason);
        }
        events.emit({ type: 'configuration-changed' });
      },
      log: () => {},
      storedSecrets: {
        read: async (name) => store.get(name) ?? null,
        write: async (name, secret) => void store.set(name, secret),
        delete: async (name) => void store.delete(name),
      },
      debounceMs: 600_000,
    });
    await controller.start();
    const providers = createProvidersControl({
      config: controller,
      routeTable: () => table,
      prices: () => prices,
      repository: {
        listProviders: () => [],
        setKeyDisabled: (providerId, keyId, reason) => {
          if (reason === null) cleared.push(`${providerId}/${keyId}`);
          return true;
        },
      },
      health,
      breaker: new KeyBreaker(),
      money: { spentUsd: () => 1.25 },
      failures,
      balanceOf: () => undefined,
      models: createModelDirectory({ agent, log: () => {} }),
      agent,
      events,
      recognizeImport: () => preview,
    });
    const endpoint = createControlEndpoint({ service: fakeControlService(providers), events, logError: (line) => expect.fail(line) });
    client = createControlClient(createMemoryTransport(endpoint));
  });

  afterEach(async () => {
    controller.close();
    await rm(directory, { recursive: true, force: true });
  });

  const fileText = () => readFile(path, 'utf8');

  it('lists providers as the file writes them, a preset as a preset, joined with the keys run-time state', async () => {
    failures.record('mock', 'good', `upstream refused ${goodKey}`);
    const [mock, deepseek] = await client.listProviders();
    expect(mock).toMatchObject({ id: 'mock', preset: null, type: 'openai', baseUrl: upstream.baseUrl, models: ['gpt-4o'] });
    expect(mock!.keys[0]).toMatchObject({
      id: 'good',
      secretSource: 'literal',
      status: 'active',
      budgetUsd: 10,
      spentUsd: 1.25,
      remainingUsd: 8.75,
      lastError: { at: '2025-01-02T00:00:00.000Z', message: 'upstream refused [redacted]' },
    });
    expect(deepseek).toMatchObject({ id: 'ds', preset: 'deepseek', type: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1' });
    expect(deepseek!.keys[0]).toMatchObject({ secretSource: 'env', status: 'disabled' });
    expect(deepseek!.keys[0]!.disabledReason).toContain('DEEPSEEK_TEST_KEY');
  });

  it('saves a new provider: the typed key goes to the secret store, the file holds its stored: reference', async () => {
    const saved = await client.saveProvider({ id: 'second', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k1', secret: typedKey, priority: 2 }] });
    expect(saved).toMatchObject({ id: 'second', keys: [{ id: 'k1', secretSource: 'stored', priority: 2, status: 'active' }] });
    expect(JSON.stringify(saved)).not.toContain(typedKey);
    const text = await fileText();
    expect(text).not.toContain(typedKey);
    expect(JSON.parse(text).providers[2]).toEqual({ id: 'second', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k1', secret: 'stored:second/k1', priority: 2 }] });
    expect(store.get('second/k1')).toBe(typedKey);
    expect(table.secretFor('second', 'k1')).toBe(typedKey);
    expect(received).toContainEqual({ type: 'configuration-changed' });
  });

  it('updates and renames a provider, keeping a key that was sent without a secret as it was', async () => {
    await client.saveProvider({ originalId: 'mock', id: 'renamed', keys: [{ id: 'good', weight: 3, budgetUsd: null }] });
    const written = JSON.parse(await fileText()).providers[0];
    expect(written).toEqual({ id: 'renamed', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'good', secret: goodKey, weight: 3 }], models: ['gpt-4o'] });
  });

  it('keeps a preset provider a preset, leaving out what the preset fills in', async () => {
    await client.saveProvider({ id: 'ds', preset: 'deepseek', type: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', models: ['deepseek-chat'] });
    expect(JSON.parse(await fileText()).providers[1]).toEqual({ id: 'ds', preset: 'deepseek', keys: [{ id: 'main', secret: 'env:DEEPSEEK_TEST_KEY' }], models: ['deepseek-chat'] });
  });

  it('refuses a change by its field and writes nothing', async () => {
    const before = await fileText();
    await expect(client.saveProvider({ originalId: 'mock', id: 'mock', baseUrl: 'ftp://nowhere' })).rejects.toMatchObject({
      code: 'configuration_refused',
      field: 'providers[0].baseUrl',
    });
    await expect(client.saveProvider({ id: 'new', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k' }] })).rejects.toMatchObject({
      code: 'configuration_refused',
      field: 'providers[2].keys[0].secret',
    });
    await expect(client.saveProvider({ originalId: 'mock', id: 'ds' })).rejects.toMatchObject({ code: 'item_exists' });
    expect(await fileText()).toBe(before);
  });

  it('removes a provider and the stored keys no reference names any more', async () => {
    await client.saveProvider({ id: 'second', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k1', secret: typedKey }] });
    await client.removeProvider({ id: 'second' });
    expect(store.size).toBe(0);
    expect((await client.listProviders()).map((provider) => provider.id)).toEqual(['mock', 'ds']);
    await expect(client.removeProvider({ id: 'second' })).rejects.toMatchObject({ code: 'item_not_found' });
  });

  it('disables a key in the file, and enabling it clears a run-time refusal and the file switch', async () => {
    await client.setKeyEnabled({ providerId: 'mock', keyId: 'good', enabled: false });
    expect(JSON.parse(await fileText()).providers[0].keys[0].disabled).toBe(true);
    expect((await client.listProviders())[0]!.keys[0]).toMatchObject({ status: 'disabled', disabledInConfig: true });
    health.disable('mock', 'good', 'the provider answered 401');
    await client.setKeyEnabled({ providerId: 'mock', keyId: 'good', enabled: true });
    expect(JSON.parse(await fileText()).providers[0].keys[0]).not.toHaveProperty('disabled');
    expect(health.disabledReason('mock', 'good')).toBeNull();
    expect(cleared).toEqual(['mock/good']);
    expect(received).toContainEqual({ type: 'keys-changed' });
  });

  it('tests a key: reachable, its models, and a refusal in the catalogue terms without the key', async () => {
    const result = await client.testKey({ providerId: 'mock', keyId: 'good' });
    expect(result).toMatchObject({ reachable: true, status: 200, models: ['gpt-4o', 'gpt-4o-mini'], balance: null, error: null });
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
    await client.saveProvider({ id: 'bad', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k', secret: 'sk-control-refused-99887766' }] });
    const refused = await client.testKey({ providerId: 'bad', keyId: 'k' });
    expect(refused).toMatchObject({ reachable: true, status: 401, error: { code: 'provider_key_rejected' } });
    expect(JSON.stringify(refused)).not.toContain('sk-control-refused-99887766');
    const unset = await client.testKey({ providerId: 'ds', keyId: 'main' });
    expect(unset.error?.code).toBe('no_enabled_key');
    await expect(client.testKey({ providerId: 'mock', keyId: 'nope' })).rejects.toMatchObject({ code: 'item_not_found' });
  });

  it('imports in one write: clashing ids renamed, keys stored, aliases merged with the user winning', async () => {
    await client.setAliases({ aliases: { fast: 'gpt-4o' } });
    preview = {
      format: 'base-url-and-key',
      providers: [
        { id: 'mock', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k', secret: importedKey }] },
        { id: 'mock', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k', secret: importedKey }] },
      ],
      aliases: { fast: 'other', smart: 'gpt-4o' },
      warnings: [],
    };
    expect(await client.previewImport({ text: 'anything' })).toEqual(preview);
    expect(await client.applyImport({ text: 'anything' })).toEqual({ added: ['mock-2', 'mock-3'] });
    const text = await fileText();
    expect(text).not.toContain(importedKey);
    expect(Object.entries(JSON.parse(text).modelAliases)).toEqual([['fast', 'gpt-4o'], ['smart', 'gpt-4o']]);
    expect(store.get('mock-2/k')).toBe(importedKey);
    expect(store.get('mock-3/k')).toBe(importedKey);
  });

  it('lists models with each provider price and flags the unpriced', async () => {
    await client.saveProvider({ id: 'second', type: 'openai', baseUrl: upstream.baseUrl, keys: [{ id: 'k1', secret: typedKey }] });
    const models = await client.listModels();
    expect(models.find((model) => model.id === 'gpt-4o')).toMatchObject({
      providers: ['mock', 'second'],
      unpriced: false,
      prices: [
        { provider: 'mock', inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: null, source: 'config' },
        { provider: 'second', inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: null, source: 'config' },
      ],
    });
    expect(models.find((model) => model.id === 'gpt-4o-mini')).toMatchObject({ providers: ['second'], prices: [], unpriced: true });
  });

  it('reads and writes aliases, refusing a cycle by its alias', async () => {
    expect(await client.getAliases()).toEqual({});
    expect(await client.setAliases({ aliases: { fast: { model: 'gpt-4o', strategy: 'latency' } } })).toEqual({ fast: { model: 'gpt-4o', strategy: 'latency' } });
    await expect(client.setAliases({ aliases: { a: 'b', b: 'a' } })).rejects.toMatchObject({ code: 'configuration_refused', field: 'modelAliases.a' });
    expect(await client.getAliases()).toEqual({ fast: { model: 'gpt-4o', strategy: 'latency' } });
  });

  it('reads and writes routing, refusing an out-of-range value by its field', async () => {
    expect(await client.getRouting()).toEqual({ strategy: 'priority', retries: 2, timeoutMs: 120_000, failureThreshold: 3, cooldownMs: 30_000 });
    expect(await client.setRouting({ strategy: 'latency', retries: 4 })).toMatchObject({ strategy: 'latency', retries: 4 });
    expect(JSON.parse(await fileText()).routing).toEqual({ strategy: 'latency', retries: 4 });
    await expect(client.setRouting({ retries: 11 })).rejects.toMatchObject({ code: 'configuration_refused', field: 'routing.retries' });
  });
});
