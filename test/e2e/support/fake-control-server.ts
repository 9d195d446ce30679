import Fastify, { type FastifyInstance } from 'fastify';
import { join } from 'node:path';
import type { ControlService } from '../../../src-shared/control/control-service.js';
import { createControlEndpoint } from '../../../src-main/control/control-endpoint.js';
import { createControlEvents, type ControlEvents } from '../../../src-main/control/control-events.js';
import { acceptEmptyJsonBodies, registerControlRoutes } from '../../../src-main/gateway/routes/control-routes.js';
import { uiRoute } from '../../../src-main/gateway/routes/ui-route.js';
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
  const endpoint = createControlEndpoint({ service: fakeControlService(overrides), events, logError: (line) => console.error(line) });
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
