import Fastify, { type FastifyInstance } from 'fastify';
import type { GatewayDependencies } from './gateway-dependencies.js';
import { ContractError } from '../conversion/contract-error.js';
import { openaiErrorBody } from '../providers/openai/openai-error-body.js';
import { presentedClientKey } from './client-auth.js';
import { createHostCheck } from './host-check.js';
import { createErrorHandler, notFoundHandler } from './error-handler.js';
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

/** Routes that need a client key; `/api` has the admin token instead. */
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
      done(new ContractError('forbidden_host', 'Switchyard answers only requests addressed to a loopback host (DNS rebinding protection).'));
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
        new ContractError(
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

  // Each door answers its errors in its own format (its plugin sets its handler); everything outside
  // the doors answers in OpenAI's shape: the admin API, the proxy, the system routes, unknown paths.
  app.setErrorHandler(createErrorHandler({ log: dependencies.log, bodyLimit: dependencies.bodyLimit, errorBody: openaiErrorBody }));
  app.setNotFoundHandler(notFoundHandler);

  app.register(systemRoutes, { dependencies });
  app.register(openaiRoutes, { dependencies });
  app.register(anthropicRoutes, { dependencies, prefix: '/v1/messages' });
  app.register(proxyRoute, { dependencies });
  app.register(adminRoutes, { dependencies });
  app.register(uiRoute);
  return app;
}
