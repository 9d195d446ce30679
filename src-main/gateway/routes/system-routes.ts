import type { FastifyPluginAsync } from 'fastify';
import type { GatewayDependencies } from '../gateway-dependencies.js';

/** Liveness and Prometheus metrics: no client key needed, loopback only like everything. */
export const systemRoutes: FastifyPluginAsync<{ dependencies: GatewayDependencies }> = async (app, { dependencies }) => {
  app.get('/health', async () => ({ status: 'healthy', time: new Date().toISOString() }));

  app.get('/metrics', async (_request, reply) => {
    reply.header('content-type', 'text/plain; version=0.0.4; charset=utf-8');
    return dependencies.metrics.render();
  });
};
