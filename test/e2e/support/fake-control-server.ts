import Fastify, { type FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { ControlService } from '../../../src-shared/control/control-service.js';
import type { Dashboard } from '../../../src-shared/control/usage-api.js';
import { createControlEndpoint } from '../../../src-main/control/control-endpoint.js';
import { createControlEvents, type ControlEvents } from '../../../src-main/control/control-events.js';
import { acceptEmptyJsonBodies, registerControlRoutes } from '../../../src-main/gateway/routes/control-routes.js';
import { uiRoute } from '../../../src-main/gateway/routes/ui-route.js';
import { defaultSettings } from '../../../src-main/control/settings/settings-store.js';
import { fakeControlService } from '../../support/control-fakes.js';

export interface FakeControlServer {
  app: FastifyInstance;
  url: string;
  events: ControlEvents;
  close(): Promise<void>;
}

/**
 * The built window in front of a control service of the test's making (any token signs in): for a
 * page's browser tests and screenshots with exact, fixed data. The real gateway's end-to-end tests
 * use startTestGateway instead.
 */
export async function startFakeControlServer(overrides: Partial<ControlService>): Promise<FakeControlServer> {
  const events = createControlEvents();
  const endpoint = createControlEndpoint({ service: fakeControlService({ ...windowFrameDefaults(), ...overrides }), events, logError: (line) => console.error(line) });
  const app = Fastify({ logger: false });
  await app.register(async (scope) => {
    acceptEmptyJsonBodies(scope);
    registerControlRoutes(scope, endpoint);
    scope.setErrorHandler((error: Error & { code?: string; status?: number; field?: string }, _request, reply) => {
      const status = typeof error.status === 'number' ? error.status : 500;
      return reply.code(status).send({ error: { code: error.code ?? 'internal_error', message: error.message, ...(error.field ? { field: error.field } : {}) } });
    });
  });
  await app.register(uiRoute, { rendererDir: join(import.meta.dirname, '..', '..', '..', 'dist', 'renderer') });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url, events, close: () => app.close() };
}

/**
 * What the window's frame asks on every page (the unread dot, the sidebar's language and theme) and
 * the dashboard a sign-in lands on: answered plainly (nothing recorded yet) so a page's test sees
 * only its own page's calls fail or succeed.
 */
function windowFrameDefaults(): Partial<ControlService> {
  let settings = { ...defaultSettings };
  return {
    listNotifications: async () => [],
    dashboard: async (query) => emptyDashboard(query.range),
    getSettings: async () => settings,
    updateSettings: async (input) => (settings = { ...settings, ...input }),
  };
}

function emptyDashboard(range: string): Dashboard {
  const to = Date.now();
  return {
    from: range === 'all' ? to : to - 86_400_000,
    to,
    granularity: 'hour',
    totals: {
      requests: 0, errors: 0, successRate: null, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0,
      reasoningTokens: 0, costUsd: 0, unpricedRequests: 0, p95LatencyMs: null, savedUsd: 0,
    },
    buckets: [],
    series: [],
    heatmap: Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0)),
    quotas: [],
  };
}
