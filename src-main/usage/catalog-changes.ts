import type { CatalogModel, PriceCatalogFile } from './catalog-price.js';

export interface CatalogChanges {
  /** Priced models in the new catalog. */
  models: number;
  /** Models the new catalog prices and the old one did not. */
  added: number;
  /** Models the old catalog priced and the new one does not. */
  removed: number;
  /** Models in both whose price differs (any rate, or the long-context tier); output limits aside. */
  changed: number;
}

/** What a new catalog changes against the one it replaces, counted per vendor and model. */
export function compareCatalogs(before: PriceCatalogFile['vendors'], after: PriceCatalogFile['vendors']): CatalogChanges {
  const changes: CatalogChanges = { models: 0, added: 0, removed: 0, changed: 0 };
  for (const [vendor, models] of Object.entries(after)) {
    for (const [model, price] of Object.entries(models)) {
      changes.models += 1;
      const old = before[vendor]?.[model];
      if (old === undefined) changes.added += 1;
      else if (!samePrice(old, price)) changes.changed += 1;
    }
  }
  for (const [vendor, models] of Object.entries(before)) {
    for (const model of Object.keys(models)) if (after[vendor]?.[model] === undefined) changes.removed += 1;
  }
  return changes;
}

const rateFields = ['inputPerMTok', 'outputPerMTok', 'cachedInputPerMTok', 'cacheWritePerMTok'] as const;

function samePrice(left: CatalogModel, right: CatalogModel): boolean {
  if (rateFields.some((field) => left[field] !== right[field])) return false;
  const leftTier = left.longContext;
  const rightTier = right.longContext;
  if (leftTier === undefined || rightTier === undefined) return leftTier === rightTier;
  return leftTier.thresholdTokens === rightTier.thresholdTokens && rateFields.every((field) => leftTier[field] === rightTier[field]);
}
