import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayDependencies } from './gateway-dependencies.js';
import { GatewayError, toGatewayError } from './gateway-error.js';
import { presentedClientKey } from './client-auth.js';
import { createHostCheck } from './host-check.js';
import { errorBodyFor } from './error-body.js';
import { adminRoutes } from './routes/admin-routes.js';
import { anthropicRoutes } from './routes/anthropic-routes.js';
import { openaiRoutes } from './routes/openai-routes.js';
import { proxyRoute } from './routes/proxy-route.js';
import { systemRoutes } from './routes/system-routes.js';
import { uiRoute } from './routes/ui-route.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated client's name; null where no client key is needed. */
    clientName: string | null;
  }
}

/** Routes that need a client key (SPEC §4); `/api` has the admin token instead. */
function needsClientKey(url: string): boolean {
  return url.startsWith('/v1/') || url.startsWith('/proxy/');
}

/** Builds the gateway without listening: `serve.ts`, the Electron app and tests all start it their own way. */
export function buildGateway(dependencies: GatewayDependencies): FastifyInstance {
  const app = Fastify({
    logger: false,
    bodyLimit: dependencies.bodyLimit,
    // A stop finishes open requests but does not wait for idle keep-alive sockets.
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  });
  const hostAllowed = createHostCheck(dependencies.host);

  app.decorateRequest('clientName', null);

  // A callback hook, not an async one: no promise per request for a check that never waits.
  app.addHook('onRequest', (request, _reply, done) => {
    if (!hostAllowed(request.headers.host)) {
      done(new GatewayError(403, 'forbidden_host', 'Switchyard answers only requests addressed to a loopback host (DNS rebinding protection).'));
      return;
    }
    if (!needsClientKey(request.url)) {
      done();
      return;
    }
    const key = presentedClientKey(request);
    const client = key === null ? null : dependencies.clients.authenticate(key);
    if (client === null && dependencies.requireClientKey) {
      done(
        new GatewayError(
          401,
          'invalid_api_key',
          key === null
            ? 'Missing client key: send Authorization: Bearer <client key> (or x-api-key). Switchyard printed one at first start; the window lists them.'
            : 'Unknown client key. Use a client key from Switchyard (printed at first start, listed in the window), not a provider key.',
        ),
      );
      return;
    }
    request.clientName = client;
    done();
  });

  app.setErrorHandler(async (error, request, reply) => {
    const gatewayError = toGatewayError(error, dependencies.bodyLimit);
    if (gatewayError.status >= 500) dependencies.log.error(`${gatewayError.code}: ${(error as Error | undefined)?.stack ?? gatewayError.message}`);
    if (reply.sent || reply.raw.headersSent) return;
    return reply.code(gatewayError.status).headers(gatewayError.headers).send(errorBodyFor(request.url, gatewayError));
  });

  app.setNotFoundHandler(async (request, reply) => {
    const error = new GatewayError(404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}.`);
    return reply.code(404).send(errorBodyFor(request.url, error));
  });

  app.register(systemRoutes, { dependencies });
  app.register(openaiRoutes, { dependencies });
  app.register(anthropicRoutes, { dependencies });
  app.register(proxyRoute, { dependencies });
  app.register(adminRoutes, { dependencies });
  app.register(uiRoute);
  return app;
}
