import type { ModelPrice } from '../../src-shared/prices.js';
import type { PriceCatalog } from './price-catalog.js';
import type { CatalogPrice } from './catalog-price.js';

export type PriceSource = 'provider-override' | 'override' | 'catalog';

export interface ResolvedPrice {
  price: CatalogPrice;
  source: PriceSource;
}

export interface PriceBookOptions {
  /** The bundled catalog; null where it could not be loaded (then only config prices apply). */
  catalog: Pick<PriceCatalog, 'lookup'> | null;
  /** The config's `prices`, keyed by `model` or `providerId/model`. */
  overrides: Readonly<Record<string, ModelPrice>>;
}

export interface PriceBook {
  /** Which price a request to `providerId` for `model` pays, and where it came from; null if none. */
  priceFor(providerId: string, model: string, vendorHints: readonly string[]): ResolvedPrice | null;
}

/**
 * `providerId/model` beats `model` (relays price the same model differently), which beats
 * the catalog. An override replaces the catalog entry whole: a config price without a cached-input
 * figure means cached tokens pay the input price, not the catalog's cache price, and it has no
 * long-context tier. Override keys match exactly, as the user wrote them.
 */
export function createPriceBook(options: PriceBookOptions): PriceBook {
  const overrides = new Map(Object.entries(options.overrides));
  return {
    priceFor(providerId, model, vendorHints) {
      const providerOverride = overrides.get(`${providerId}/${model}`);
      if (providerOverride) return { price: providerOverride, source: 'provider-override' };
      const override = overrides.get(model);
      if (override) return { price: override, source: 'override' };
      const catalogPrice = options.catalog?.lookup(model, vendorHints) ?? null;
      return catalogPrice ? { price: catalogPrice, source: 'catalog' } : null;
    },
  };
}
