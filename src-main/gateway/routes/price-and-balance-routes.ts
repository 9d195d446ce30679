import type { FastifyInstance } from 'fastify';
import { PriceSyncError } from '../../usage/price-sync.js';
import type { GatewayDependencies } from '../gateway-dependencies.js';
import { ContractError } from '../../conversion/contract-error.js';

/**
 * `POST /api/prices/sync` and `POST /api/balances/refresh`, registered inside the admin routes
 * (behind their token check).
 */
export function registerPriceAndBalanceRoutes(app: FastifyInstance, dependencies: GatewayDependencies): void {
  app.post('/api/prices/sync', async (request) => {
    const { syncPrices } = dependencies;
    if (!syncPrices) throw new ContractError('not_available', 'Price sync is not available in this build of the gateway.');
    const url = urlFrom(request.body);
    try {
      return await syncPrices(url);
    } catch (error) {
      if (!(error instanceof PriceSyncError)) throw error;
      // The catalogue says whose fault each is: a bad URL the caller's (400), the rest the source's (502).
      throw new ContractError(error.code, error.message);
    }
  });

  app.post('/api/balances/refresh', async () => {
    const { refreshBalances } = dependencies;
    if (!refreshBalances) throw new ContractError('not_available', 'Balance refresh is not available in this build of the gateway.');
    return refreshBalances();
  });
}

/** `{ "url": "…" }`, or no body at all for the configured URL. */
function urlFrom(body: unknown): string | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body !== 'object' || Array.isArray(body)) throw new ContractError('invalid_request', 'Send no body, or {"url": "https://…/api.json"}.');
  const { url, ...rest } = body as Record<string, unknown>;
  const unknownField = Object.keys(rest)[0];
  if (unknownField !== undefined) throw new ContractError('invalid_request', `Unknown field "${unknownField}"; only "url" is accepted.`);
  if (url === undefined) return undefined;
  if (typeof url !== 'string' || url === '') throw new ContractError('invalid_request', '"url" must be a non-empty string.');
  return url;
}
