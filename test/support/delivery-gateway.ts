import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { Agent } from 'undici';
import { expect } from 'vitest';
import { configSchema } from '../../src-shared/config-schema.js';
import type { ProviderType } from '../../src-shared/provider-type.js';
import type { UsageEvent } from '../../src-shared/usage.js';
import { buildGateway } from '../../src-main/gateway/build-gateway.js';
import type { ProviderAdapter } from '../../src-main/providers/provider-adapter.js';
import { KeyBreaker } from '../../src-main/routing/key-breaker.js';
import { KeyHealth } from '../../src-main/routing/key-health.js';
import { buildRouteTable, type KeyEntry, type ProviderEntry, type RouteTable } from '../../src-main/routing/route-table.js';
import { providerKeyAccount } from '../../src-main/store/secrets/secret-accounts.js';
import { createGatewayFakes } from './gateway-fakes.js';

/** What the fake upstream answers every request with: whole, or as chunks a few milliseconds apart. */
export interface CannedAnswer {
  status?: number;
  contentType: string;
  chunks: string[];
}

export interface DeliveryGateway {
  app: FastifyInstance;
  breaker: KeyBreaker;
  health: KeyHealth;
  /** Lines logged with `log.error`, as logged so far. */
  readonly errors: string[];
  /** Usage events recorded, attempts and requests alike. */
  events: UsageEvent[];
  /** The API keys the upstream saw, in order. */
  upstreamKeys: string[];
  close(): Promise<void>;
}

/**
 * `buildGateway` with in-memory dependencies, one provider of `type` with two keys (`k1` first)
 * whose adapter `alter` may change (a parser that throws, say), and a local upstream that answers
 * `answer`. A failed attempt opens a key at once (threshold 1), so a breaker left closed proves the
 * attempt was not counted against the key.
 */
export async function startDeliveryGateway(type: ProviderType, answer: CannedAnswer, alter: (adapter: ProviderAdapter) => ProviderAdapter): Promise<DeliveryGateway> {
  const upstreamKeys: string[] = [];
  const upstream = await listen(
    createServer((request, response) => {
      upstreamKeys.push(String(request.headers['x-api-key'] ?? request.headers.authorization ?? ''));
      request.resume();
      request.on('end', async () => {
        response.writeHead(answer.status ?? 200, { 'content-type': answer.contentType });
        for (const chunk of answer.chunks) {
          response.write(chunk);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
        response.end();
      });
    }),
  );
  const port = (upstream.address() as AddressInfo).port;
  const config = configSchema.parse({
    providers: [
      {
        id: 'vendor',
        type,
        baseUrl: type === 'anthropic' ? `http://127.0.0.1:${port}` : `http://127.0.0.1:${port}/v1`,
        models: ['m'],
        keys: [
          { id: 'k1', secret: 'literal', priority: 1 },
          { id: 'k2', secret: 'literal', priority: 2 },
        ],
      },
    ],
    routing: { failureThreshold: 1 },
  });
  const secrets = new Map([
    [providerKeyAccount('vendor', 'k1'), 'upstream-key-1'],
    [providerKeyAccount('vendor', 'k2'), 'upstream-key-2'],
  ]);
  const table = withAdapter(buildRouteTable(config, secrets), alter);
  const agent = new Agent();
  const health = new KeyHealth();
  const breaker = new KeyBreaker({ settings: () => table.config.routing });
  // The shared fakes, but a real agent: the upstream here is a real local server.
  const { dependencies, usage, log } = createGatewayFakes({
    overrides: { routeTable: () => table, agent, health, breaker, requireClientKey: false },
  });
  const app = buildGateway(dependencies);
  return {
    app,
    breaker,
    health,
    get errors() {
      return log.lines.filter((line) => line.level === 'error').map((line) => line.message);
    },
    events: usage.events,
    upstreamKeys,
    async close() {
      await app.close();
      await agent.close();
      await new Promise((resolve) => upstream.close(resolve));
    },
  };
}

/** A streamed Messages request for model `m`, as Claude Code sends one, through the Anthropic door. */
export function streamThroughMessagesDoor(running: DeliveryGateway) {
  return running.app.inject({
    method: 'POST',
    url: '/v1/messages',
    payload: { model: 'm', max_tokens: 100, stream: true, messages: [{ role: 'user', content: 'hi' }] },
  });
}

/** The delivery bug was not charged to the key: its breaker is closed, it is enabled, nothing failed over. */
export function expectNothingAgainstTheKey(running: DeliveryGateway): void {
  // The harness opens a key at its first counted failure, so "closed" means none was counted.
  expect(running.breaker.status('vendor', 'k1')).toEqual({ state: 'closed', coolingDownUntil: null, probing: false });
  expect(running.health.disabledReason('vendor', 'k1')).toBeNull();
  expect(running.upstreamKeys).toHaveLength(1);
}

/** The bug was logged once, naming the key whose answer it broke, with the TypeError's stack. */
export function expectLoggedWithStack(running: DeliveryGateway, reading: string): void {
  expect(running.errors).toHaveLength(1);
  expect(running.errors[0]).toContain('vendor/k1');
  expect(running.errors[0]).toContain(`TypeError: Cannot read properties of undefined ${reading}`);
  expect(running.errors[0]).toMatch(/\n\s+at /);
}

/** The same table with every provider's adapter passed through `alter`. */
function withAdapter(table: RouteTable, alter: (adapter: ProviderAdapter) => ProviderAdapter): RouteTable {
  const providers = new Map<string, ProviderEntry>();
  for (const [id, entry] of table.providers) providers.set(id, { config: entry.config, adapter: alter(entry.adapter) });
  const keys: KeyEntry[] = table.keys.map((entry) => ({ ...entry, provider: providers.get(entry.provider.config.id)! }));
  return { ...table, providers, keys };
}

function listen(server: Server): Promise<Server> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/** An OpenAI chat stream: a role chunk, one content chunk per text, a finish chunk with usage, and [DONE]. */
export function openaiStream(texts: string[]): string[] {
  const chunk = (delta: object, finish: string | null = null, usage?: object) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) })}\n\n`;
  return [
    chunk({ role: 'assistant', content: '' }),
    ...texts.map((text) => chunk({ content: text })),
    chunk({}, 'stop', { prompt_tokens: 3, completion_tokens: texts.length, total_tokens: 3 + texts.length }),
    'data: [DONE]\n\n',
  ];
}

/** An Anthropic Messages stream with one text block, one delta per text. */
export function anthropicStream(texts: string[]): string[] {
  const event = (type: string, data: object) => `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
  return [
    event('message_start', {
      message: { id: 'msg_1', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: null, usage: { input_tokens: 3, output_tokens: 0 } },
    }),
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
    ...texts.map((text) => event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } })),
    event('content_block_stop', { index: 0 }),
    event('message_delta', { delta: { stop_reason: 'end_turn' }, usage: { output_tokens: texts.length } }),
    event('message_stop', {}),
  ];
}
