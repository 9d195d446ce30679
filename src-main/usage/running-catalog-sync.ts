import type { Dispatcher } from 'undici';
import { syncPrices, type PriceSyncSummary } from './price-sync.js';
import type { ReplaceablePriceCatalog } from './replaceable-price-catalog.js';

export interface RunningCatalogSyncOptions {
  agent: Dispatcher;
  dataDir: string;
  /** `--prices-url`, used when a sync names no URL; null or absent for models.dev itself. */
  defaultUrl?: string | null;
  /** The catalog requests are priced by: a sync swaps its contents. */
  catalog: Pick<ReplaceablePriceCatalog, 'replace'>;
  log: { info(message: string): void; warn(message: string): void };
}

/**
 * `POST /api/prices/sync` on a running gateway: fetch, save, and swap the running catalog, so the
 * next request is priced by the new figures. A failed sync leaves the prices in use as they were.
 */
export function createRunningCatalogSync(options: RunningCatalogSyncOptions): (url: string | undefined) => Promise<PriceSyncSummary> {
  return async (url) => {
    try {
      const { catalog, ...summary } = await syncPrices({ agent: options.agent, dataDir: options.dataDir, url: url ?? options.defaultUrl ?? undefined });
      options.catalog.replace(catalog);
      options.log.info(
        `prices synced from ${summary.url}: ${summary.models} models, ${summary.changed} prices changed, ${summary.added} added, ${summary.removed} removed`,
      );
      return summary;
    } catch (error) {
      options.log.warn((error as Error).message);
      throw error;
    }
  };
}
