import { timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { statsWindows, type StatsWindow } from '../../../src-shared/stats.js';
import type { GatewayDependencies } from '../gateway-dependencies.js';
import { ContractError } from '../../conversion/contract-error.js';
import { acceptEmptyJsonBodies, registerControlRoutes } from './control-routes.js';
import { registerPriceAndBalanceRoutes } from './price-and-balance-routes.js';

/** `/api/*`: what the window (and scripts) use, behind the admin token. */
export const adminRoutes: FastifyPluginAsync<{ dependencies: GatewayDependencies }> = async (app, { dependencies }) => {
  const expected = Buffer.from(dependencies.adminToken);

  app.addHook('onRequest', async (request) => {
    // A page of another origin must not drive the admin API, even with a token it somehow holds; a
    // script sends no Origin at all. The Host header was already checked against loopback names.
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${request.headers.host}`) {
      throw new ContractError('forbidden_origin', "The admin API answers only the gateway's own window: this request came from another origin.");
    }
    const header = request.headers.authorization ?? '';
    const presented = Buffer.from(/^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? '');
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      throw new ContractError('invalid_admin_token', 'This route needs the admin token: Authorization: Bearer <admin token>.');
    }
  });

  app.get('/api/stats/summary', async (request) => {
    const window = (request.query as { window?: string }).window ?? '24h';
    if (!statsWindows.includes(window as StatsWindow)) {
      throw new ContractError('invalid_window', `window must be one of ${statsWindows.join(', ')}.`);
    }
    return dependencies.stats(window as StatsWindow);
  });

  registerPriceAndBalanceRoutes(app, dependencies);
  if (dependencies.control) {
    acceptEmptyJsonBodies(app);
    registerControlRoutes(app, dependencies.control);
  }

  app.post('/api/models/refresh', async () => {
    const table = dependencies.routeTable();
    await dependencies.models.refresh(table);
    return { models: (await dependencies.models.list(table)).map((model) => model.id) };
  });
};
