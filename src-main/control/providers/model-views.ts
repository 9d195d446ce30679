import type { ModelPrice, ModelView } from '../../../src-shared/control/providers-api.js';
import type { RouteTable } from '../../routing/route-table.js';
import type { PriceBook } from '../../usage/price-book.js';
import { providerVendorHints } from '../../usage/vendor-hints.js';

/**
 * Every model some provider serves (its configured `models`, or the list it answered), with the price
 * each provider charges for it. A model nobody prices is flagged unpriced, never shown as free.
 */
export function modelViews(table: RouteTable, prices: PriceBook, modelsOf: (providerId: string) => readonly string[] | null): ModelView[] {
  const byModel = new Map<string, ModelView>();
  for (const provider of table.providers.values()) {
    const providerId = provider.config.id;
    for (const model of modelsOf(providerId) ?? []) {
      let view = byModel.get(model);
      if (view === undefined) {
        view = { id: model, providers: [], prices: [], unpriced: true };
        byModel.set(model, view);
      }
      view.providers.push(providerId);
      const resolved = prices.priceFor(providerId, model, providerVendorHints(provider.config));
      if (resolved === null) continue;
      const price: ModelPrice = {
        provider: providerId,
        inputPerMTok: resolved.price.inputPerMTok,
        outputPerMTok: resolved.price.outputPerMTok,
        cachedInputPerMTok: resolved.price.cachedInputPerMTok ?? null,
        cacheWritePerMTok: resolved.price.cacheWritePerMTok ?? null,
        source: resolved.source === 'catalog' ? 'catalog' : 'config',
      };
      view.prices.push(price);
      view.unpriced = false;
    }
  }
  return [...byModel.values()].sort((left, right) => left.id.localeCompare(right.id));
}
