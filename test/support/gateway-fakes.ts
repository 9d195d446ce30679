import type { FastifyInstance } from 'fastify';
import { MockAgent } from 'undici';
import type { MockInterceptor } from 'undici/types/mock-interceptor.js';
import { afterEach } from 'vitest';
import { configSchema, type SwitchyardConfigInput } from '../../src-shared/config-schema.js';
import type { StatsSummary, StatsWindow } from '../../src-shared/stats.js';
import type { UsageEvent } from '../../src-shared/usage.js';
import { buildGateway } from '../../src-main/gateway/build-gateway.js';
import type { ClientDirectory, GatewayDependencies, GatewayLog, PriceLookup, UsageSink } from '../../src-main/gateway/gateway-dependencies.js';
import { GatewayMetrics } from '../../src-main/gateway/metrics.js';
import { KeyBreaker } from '../../src-main/routing/key-breaker.js';
import { KeyHealth } from '../../src-main/routing/key-health.js';
import { createModelDirectory } from '../../src-main/routing/model-directory.js';
import { buildRouteTable, type RouteTable } from '../../src-main/routing/route-table.js';
import { providerKeyAccount } from '../../src-main/store/secrets/secret-accounts.js';
import { RoutingState } from '../../src-main/routing/routing-state.js';

/**
 * Every dependency of `buildGateway`, in memory: no socket, no SQLite, no keychain, no watched file.
 * The routing parts (route table, breaker, key health, routing state, metrics, model directory) are
 * the real ones, so a request through `inject()` takes the path it takes in `npm run serve`; only the
 * edges (upstream network, storage, log) are fakes a test can read back.
 */

export const fakeClientName = 'fake-client';
export const fakeClientKey = 'sk-local-fake-client-1';
export const fakeAdminToken = 'fake-admin-token';
/** The host `npm run serve` listens on by default; the Host check lets it in besides loopback names. */
export const fakeListenHost = '127.0.0.1';
export const fakeBodyLimit = 64 * 1024;

/** Upstream origins no resolver knows: the MockAgent answers them, and nothing else can. */
export const fakeOpenAIOrigin = 'https://openai.upstream.test';
export const fakeAnthropicOrigin = 'https://anthropic.upstream.test';
export const fakeOpenAISecret = 'sk-upstream-openai-0001';
export const fakeAnthropicSecret = 'sk-ant-upstream-0001';

/** One OpenAI and one Anthropic provider with configured models (no discovery), and an alias. */
export const fakeConfig: SwitchyardConfigInput = {
  providers: [
    {
      id: 'openai-main',
      type: 'openai',
      baseUrl: `${fakeOpenAIOrigin}/v1`,
      keys: [{ id: 'oa-1', secret: fakeOpenAISecret }],
      models: ['gpt-4o', 'text-embedding-3-small'],
    },
    {
      id: 'anthropic-main',
      type: 'anthropic',
      baseUrl: fakeAnthropicOrigin,
      keys: [{ id: 'an-1', secret: fakeAnthropicSecret }],
      models: ['claude-sonnet-4-5'],
    },
  ],
  modelAliases: { 'gpt-4': 'gpt-4o' },
};

/**
 * The route table a config file would give: validated by the real schema, the provider secrets kept
 * apart under their secret-store accounts, as the config loader hands them over.
 */
export function fakeRouteTable(input: SwitchyardConfigInput = fakeConfig): RouteTable {
  const config = configSchema.parse(input);
  const secrets = new Map<string, string>();
  for (const provider of config.providers) {
    for (const key of provider.keys) secrets.set(providerKeyAccount(provider.id, key.id), key.secret);
  }
  return buildRouteTable(config, secrets);
}

export interface LogLine {
  level: 'info' | 'warn' | 'error';
  message: string;
}

/** A logger that prints nothing and keeps every line for the test to read. */
export function recordingLog(): GatewayLog & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (message) => lines.push({ level: 'info', message }),
    warn: (message) => lines.push({ level: 'warn', message }),
    error: (message) => lines.push({ level: 'error', message }),
  };
}

/** A usage sink that keeps events in order; spend is the sum of the recorded events' cost. */
export function recordingUsage(): UsageSink & { events: UsageEvent[] } {
  const events: UsageEvent[] = [];
  return {
    events,
    record: (event) => events.push(event),
    spentUsd: (providerId, keyId, sinceMs = 0) =>
      events
        .filter((event) => event.provider === providerId && event.keyId === keyId && event.time >= sinceMs)
        .reduce((total, event) => total + (event.costUsd ?? 0), 0),
    remainingCreditUsd: () => null,
  };
}

/** Client keys in a plain map: the gateway only asks for a name by key. */
export function fakeClients(keys: Readonly<Record<string, string>> = { [fakeClientKey]: fakeClientName }): ClientDirectory {
  return { authenticate: (key) => keys[key] ?? null };
}

/** No model has a price: usage is recorded as "no price", which is what an unknown model gets. */
export const unpricedLookup: PriceLookup = { costUsd: () => null, priceOf: () => null };

export function emptyStats(window: StatsWindow): StatsSummary {
  return { window, requests: 0, errors: 0, inputTokens: 0, outputTokens: 0, costUsd: 0, byProvider: [], byModel: [], byKey: [], byClient: [] };
}

export interface GatewayFakes {
  dependencies: GatewayDependencies;
  /** The upstream: intercept what a test expects; any other call fails, and none opens a socket. */
  agent: MockAgent;
  usage: ReturnType<typeof recordingUsage>;
  log: ReturnType<typeof recordingLog>;
  /** Every request that reached the agent, answered by an interceptor or not. */
  upstreamCalls(): Array<{ origin: string; path: string; method: string }>;
}

export interface GatewayFakeOptions {
  /** The config the route table is built from; `fakeConfig` when left out. */
  config?: SwitchyardConfigInput;
  /** Any dependency, replacing its fake. */
  overrides?: Partial<GatewayDependencies>;
}

export function createGatewayFakes(options: GatewayFakeOptions = {}): GatewayFakes {
  const table = fakeRouteTable(options.config);
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const usage = recordingUsage();
  const log = recordingLog();
  const dependencies: GatewayDependencies = {
    routeTable: () => table,
    agent,
    usage,
    prices: unpricedLookup,
    clients: fakeClients(),
    models: createModelDirectory({ agent, log: (message) => log.warn(message) }),
    health: new KeyHealth(),
    breaker: new KeyBreaker({ settings: () => table.config.routing }),
    routing: new RoutingState(),
    metrics: new GatewayMetrics(),
    adminToken: fakeAdminToken,
    host: fakeListenHost,
    bodyLimit: fakeBodyLimit,
    stats: async (window) => emptyStats(window),
    requireClientKey: true,
    log,
    ...options.overrides,
  };
  return {
    dependencies,
    agent,
    usage,
    log,
    upstreamCalls: () =>
      (agent.getCallHistory()?.calls() ?? []).map((call) => ({ origin: call.origin, path: call.path, method: call.method })),
  };
}

export interface FakeGateway extends GatewayFakes {
  app: FastifyInstance;
  /** Closes the gateway and the mock agent. */
  close(): Promise<void>;
}

/** `buildGateway` on the fakes, ready for `app.inject()`; never listening. */
export async function buildFakeGateway(options: GatewayFakeOptions = {}): Promise<FakeGateway> {
  const fakes = createGatewayFakes(options);
  const app = buildGateway(fakes.dependencies);
  await app.ready();
  return {
    ...fakes,
    app,
    async close() {
      await app.close();
      await fakes.agent.close();
    },
  };
}

/** A `start` for one test file: every gateway it builds is closed after the test that built it. */
export function fakeGatewayPerTest(): (options?: GatewayFakeOptions) => Promise<FakeGateway> {
  const open: FakeGateway[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((gateway) => gateway.close()));
  });
  return async (options) => {
    const gateway = await buildFakeGateway(options);
    open.push(gateway);
    return gateway;
  };
}

/** A request header as an interceptor's reply callback sees it (undici passes an object or a flat array). */
export function interceptedHeader(headers: MockInterceptor.MockResponseCallbackOptions['headers'], name: string): string | undefined {
  if (Array.isArray(headers)) {
    for (let index = 0; index < headers.length; index += 2) if (String(headers[index]).toLowerCase() === name) return String(headers[index + 1]);
    return undefined;
  }
  const record = headers as Record<string, string | string[] | undefined> | undefined;
  const match = Object.entries(record ?? {}).find(([key]) => key.toLowerCase() === name)?.[1];
  return Array.isArray(match) ? match.join(', ') : match;
}
