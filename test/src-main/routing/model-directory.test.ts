import { createServer, type Server } from 'node:http';
import { Agent } from 'undici';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { configSchema, type SwitchyardConfigInput } from '../../../src-shared/config-schema.js';
import { createModelDirectory } from '../../../src-main/routing/model-directory.js';
import { buildRouteTable } from '../../../src-main/routing/route-table.js';
import { providerKeyAccount } from '../../../src-main/store/secrets/secret-accounts.js';
import { closeServer, listenOnLoopback } from '../../support/listen.js';

/** What the mock upstream answers on `GET /<name>/v1/models` (optionally for one authorization), switchable per test. */
type Answer = { status: number; body: string };

const modelList = (...ids: string[]) => ({
  status: 200,
  body: JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'someone' })) }),
});

describe('createModelDirectory', () => {
  let server: Server;
  let port: number;
  const agent = new Agent();
  const answers = new Map<string, Answer>();
  /** Every request the upstream saw: path and the authorization it carried. */
  let hits: Array<{ path: string; authorization: string | undefined; method: string }> = [];
  let logged: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      hits.push({ path: request.url!, authorization: request.headers.authorization, method: request.method! });
      const answer = answers.get(`${request.url} ${request.headers.authorization}`) ??
        answers.get(request.url!) ?? { status: 404, body: '{"error":{"message":"no such path"}}' };
      response.writeHead(answer.status, { 'content-type': 'application/json' });
      response.end(answer.body);
    });
    port = await listenOnLoopback(server);
  });

  afterAll(async () => {
    await agent.close();
    await closeServer(server);
  });

  beforeEach(() => {
    answers.clear();
    hits = [];
    logged = [];
  });

  const hitsOn = (name: string) => hits.filter((hit) => hit.path === `/${name}/v1/models`).length;

  function provider(id: string, extra: Partial<NonNullable<SwitchyardConfigInput['providers']>[number]> = {}) {
    return {
      id,
      type: 'openai-compatible' as const,
      baseUrl: `http://127.0.0.1:${port}/${id}/v1`,
      keys: [{ id: 'k1', secret: 'literal' }],
      ...extra,
    };
  }

  function tableOf(input: SwitchyardConfigInput, secrets: Record<string, string> = {}) {
    const config = configSchema.parse(input);
    const stored = new Map<string, string>();
    for (const entry of config.providers) for (const key of entry.keys) stored.set(providerKeyAccount(entry.id, key.id), `secret-${entry.id}-${key.id}`);
    for (const [account, secret] of Object.entries(secrets)) stored.set(account, secret);
    return buildRouteTable(config, stored);
  }

  const directoryWith = (ttlMs = 60_000) => createModelDirectory({ agent, ttlMs, timeoutMs: 5_000, log: (message) => logged.push(message) });

  it('serves a configured provider\'s models only, without asking the upstream', async () => {
    const table = tableOf({ providers: [provider('configured', { models: ['gpt-4o', 'gpt-4o-mini'] })] });
    const directory = directoryWith();
    await directory.discover(table);
    expect(directory.serves(table, 'configured', 'gpt-4o')).toBe(true);
    expect(directory.serves(table, 'configured', 'o3')).toBe(false);
    expect(await directory.list(table)).toEqual([
      { id: 'gpt-4o', ownedBy: 'configured' },
      { id: 'gpt-4o-mini', ownedBy: 'configured' },
    ]);
    expect(hits).toEqual([]);
  });

  it('takes an Azure provider\'s models from its deployments map when `models` is left out', async () => {
    const table = tableOf({
      providers: [{ ...provider('azure'), type: 'azure-openai', deployments: { 'gpt-4o': 'prod-gpt4o', 'gpt-4.1': 'prod-41' } }],
    });
    const directory = directoryWith();
    await directory.discover(table);
    expect(directory.serves(table, 'azure', 'gpt-4o')).toBe(true);
    expect(directory.serves(table, 'azure', 'gpt-4.1')).toBe(true);
    expect(directory.serves(table, 'azure', 'o3')).toBe(false);
    expect((await directory.list(table)).map((model) => model.id)).toEqual(['gpt-4.1', 'gpt-4o']);
    expect(hits).toEqual([]);
  });

  it('discovers a provider\'s models with its first usable key', async () => {
    answers.set('/open/v1/models', modelList('deepseek-chat', 'deepseek-reasoner'));
    const table = tableOf({
      providers: [provider('open', { keys: [{ id: 'off', secret: 'x', disabled: true }, { id: 'nosecret', secret: 'x' }, { id: 'good', secret: 'x' }] })],
    });
    const withoutSecret = buildRouteTable(table.config, new Map([
      [providerKeyAccount('open', 'off'), 'secret-off'],
      [providerKeyAccount('open', 'good'), 'secret-good'],
    ]));
    const directory = directoryWith();
    expect(directory.serves(withoutSecret, 'open', 'anything')).toBe(true);
    await directory.discover(withoutSecret);
    expect(hits).toEqual([{ path: '/open/v1/models', authorization: 'Bearer secret-good', method: 'GET' }]);
    expect(directory.serves(withoutSecret, 'open', 'deepseek-chat')).toBe(true);
    expect(directory.serves(withoutSecret, 'open', 'gpt-4o')).toBe(false);
    expect(directory.serves(withoutSecret, 'unknown-provider', 'deepseek-chat')).toBe(false);
  });

  it('logs a body it cannot parse without the key that body echoes', async () => {
    const key = 'sk-echo-Q7vX2mLp9TzR4kWn8YbC';
    // Node's JSON syntax error quotes the start of the body: here, the key.
    answers.set('/echoing/v1/models', { status: 200, body: `${key} is not a valid key` });
    const table = tableOf({ providers: [provider('echoing')] }, { [providerKeyAccount('echoing', 'k1')]: key });
    await directoryWith().discover(table);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain('not valid JSON');
    expect(logged[0]).toContain('[redacted]');
    expect(logged[0]).not.toContain(key.slice(0, 8));
  });

  it('caches the list for the TTL and fetches once for concurrent callers', async () => {
    answers.set('/cached/v1/models', modelList('m1'));
    const table = tableOf({ providers: [provider('cached')] });
    const directory = directoryWith(60_000);
    await Promise.all([directory.list(table), directory.list(table), directory.discover(table)]);
    await directory.list(table);
    expect(hitsOn('cached')).toBe(1);
  });

  it('fetches again once the TTL has passed', async () => {
    answers.set('/expiring/v1/models', modelList('m1'));
    const table = tableOf({ providers: [provider('expiring')] });
    const directory = directoryWith(0);
    await directory.list(table);
    await directory.list(table);
    expect(hitsOn('expiring')).toBe(2);
  });

  it('refetches on refresh and picks up a changed list', async () => {
    answers.set('/changing/v1/models', modelList('old-model'));
    const table = tableOf({ providers: [provider('changing')] });
    const directory = directoryWith(60_000);
    expect((await directory.list(table)).map((model) => model.id)).toEqual(['old-model']);
    answers.set('/changing/v1/models', modelList('new-model'));
    expect((await directory.list(table)).map((model) => model.id)).toEqual(['old-model']);
    await directory.refresh(table);
    expect(hitsOn('changing')).toBe(2);
    expect(directory.serves(table, 'changing', 'new-model')).toBe(true);
    expect(directory.serves(table, 'changing', 'old-model')).toBe(false);
  });

  it('leaves a provider whose /models fails serving any model, and says why in the log', async () => {
    answers.set('/broken/v1/models', { status: 500, body: '{"error":"down"}' });
    answers.set('/garbled/v1/models', { status: 200, body: 'not json' });
    const table = tableOf({ providers: [provider('broken'), provider('garbled')] });
    const directory = directoryWith();
    expect(await directory.list(table)).toEqual([]);
    expect(directory.serves(table, 'broken', 'any-model')).toBe(true);
    expect(directory.serves(table, 'garbled', 'any-model')).toBe(true);
    expect(logged.some((message) => message.includes('broken') && message.includes('500'))).toBe(true);
    expect(logged.some((message) => message.includes('garbled'))).toBe(true);
  });

  it('tries the next key when the first one is refused', async () => {
    answers.set('/keys/v1/models Bearer secret-keys-a', { status: 401, body: '{"error":"bad key"}' });
    answers.set('/keys/v1/models', modelList('m'));
    const table = tableOf({ providers: [provider('keys', { keys: [{ id: 'a', secret: 'x' }, { id: 'b', secret: 'x' }] })] });
    const directory = directoryWith();
    await directory.discover(table);
    expect(hits.map((hit) => hit.authorization)).toEqual(['Bearer secret-keys-a', 'Bearer secret-keys-b']);
    expect(directory.serves(table, 'keys', 'm')).toBe(true);
    expect(directory.serves(table, 'keys', 'other')).toBe(false);
    expect(logged.some((message) => message.includes('keys') && message.includes('401'))).toBe(true);
  });

  it('keeps the last good list when a later fetch fails', async () => {
    answers.set('/flaky/v1/models', modelList('kept'));
    const table = tableOf({ providers: [provider('flaky')] });
    const directory = directoryWith(60_000);
    await directory.discover(table);
    answers.set('/flaky/v1/models', { status: 503, body: '' });
    await directory.refresh(table);
    expect(hitsOn('flaky')).toBe(2);
    expect(directory.serves(table, 'flaky', 'kept')).toBe(true);
    expect(directory.serves(table, 'flaky', 'other')).toBe(false);
  });

  it('treats a provider whose base URL changed as a new one', async () => {
    answers.set('/first/v1/models', modelList('a'));
    answers.set('/second/v1/models', modelList('b'));
    const directory = directoryWith(60_000);
    const before = tableOf({ providers: [provider('p', { baseUrl: `http://127.0.0.1:${port}/first/v1` })] });
    const after = tableOf({ providers: [provider('p', { baseUrl: `http://127.0.0.1:${port}/second/v1` })] });
    await directory.discover(before);
    await directory.discover(after);
    expect(directory.serves(before, 'p', 'a')).toBe(true);
    expect(directory.serves(after, 'p', 'a')).toBe(false);
    expect(directory.serves(after, 'p', 'b')).toBe(true);
  });

  it('lists configured, discovered and alias models once each, sorted, the first provider owning a shared one', async () => {
    answers.set('/found/v1/models', modelList('shared', 'found-only'));
    const table = tableOf({
      providers: [provider('configured', { models: ['shared', 'configured-only'] }), provider('found')],
      modelAliases: { fast: 'found-only', shared: 'configured-only' },
    });
    expect(await createModelDirectory({ agent, log: () => {} }).list(table)).toEqual([
      { id: 'configured-only', ownedBy: 'configured' },
      { id: 'fast', ownedBy: 'switchyard' },
      { id: 'found-only', ownedBy: 'found' },
      { id: 'shared', ownedBy: 'configured' },
    ]);
  });

  it('discovers an Anthropic provider\'s models through its own list endpoint and key header', async () => {
    answers.set('/claude/v1/models?limit=1000', {
      status: 200,
      body: JSON.stringify({ data: [{ id: 'claude-sonnet-4-5', type: 'model' }], has_more: false }),
    });
    const table = tableOf({ providers: [{ ...provider('claude'), type: 'anthropic', baseUrl: `http://127.0.0.1:${port}/claude` }] });
    const directory = directoryWith();
    await directory.discover(table);
    expect(hits.map((hit) => hit.path)).toEqual(['/claude/v1/models?limit=1000']);
    expect(directory.serves(table, 'claude', 'claude-sonnet-4-5')).toBe(true);
    expect(directory.serves(table, 'claude', 'gpt-4o')).toBe(false);
  });
});
