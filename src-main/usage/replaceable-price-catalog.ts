import type { PriceCatalog } from './price-catalog.js';

/** A price catalog whose contents a price sync can swap while the gateway runs. */
export interface ReplaceablePriceCatalog extends PriceCatalog {
  replace(next: PriceCatalog): void;
}

/**
 * Delegates every lookup to the catalog it holds now, so whatever captured it at start (the price
 * book, the output-limit lookup) sees a sync's prices on its next request without being rebuilt. A
 * request already being priced keeps the answer it got: lookups are single synchronous calls.
 */
export function createReplaceablePriceCatalog(initial: PriceCatalog): ReplaceablePriceCatalog {
  let current = initial;
  return {
    get generated() {
      return current.generated;
    },
    get vendors() {
      return current.vendors;
    },
    lookup: (model, vendorHints) => current.lookup(model, vendorHints),
    outputLimit: (model, vendorHints) => current.outputLimit(model, vendorHints),
    replace(next) {
      current = next;
    },
  };
}
