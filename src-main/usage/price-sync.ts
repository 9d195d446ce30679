import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dispatcher } from 'undici';
import type { ErrorCode } from '../../src-shared/error-codes.js';
import { writeFileAtomically } from '../store/atomic-file.js';
import { ensurePrivateDirectory } from '../store/private-files.js';
import { FetchJsonError, fetchJson } from '../upstream/fetch-json.js';
import { compareCatalogs, type CatalogChanges } from './catalog-changes.js';
import { convertModelsDev, ModelsDevShapeError, serializePriceCatalog } from './models-dev-catalog.js';
import { bundledCatalogPath, createPriceCatalog, loadPriceCatalog, type PriceCatalog } from './price-catalog.js';
import type { PriceCatalogFile } from './catalog-price.js';

/**
 * Refreshes the price catalog from models.dev's public `api.json`. The result is kept in the data
 * dir and used over the bundled catalog from then on (config `prices` still win over both, in the
 * price book). Anything short of a readable models.dev document leaves the prices in use as they were.
 */

export const defaultPricesUrl = 'https://models.dev/api.json';
export const syncedCatalogFileName = 'price-catalog.synced.json';
/** The whole document is about 2 MB (2025); the limit leaves room to grow, not to fill the memory. */
const defaultMaxBytes = 64 * 1024 * 1024;
const defaultTimeoutMs = 60_000;

/** The catalogue's price-sync codes (src-shared/error-codes.ts), which fix each one's HTTP status. */
export type PriceSyncFailure = Extract<ErrorCode, `prices_${string}`>;

export class PriceSyncError extends Error {
  override readonly name = 'PriceSyncError';
  constructor(
    readonly code: PriceSyncFailure,
    message: string,
  ) {
    super(message);
  }
}

/** The synced catalog as kept on disk: the catalog format, plus when and where it was fetched. */
export interface SyncedCatalogFile extends PriceCatalogFile {
  /** ISO 8601. */
  fetchedAt: string;
}

export interface PriceSyncOptions {
  agent: Dispatcher;
  dataDir: string;
  /** models.dev's `api.json` unless given (`--prices-url`, `SWITCHYARD_PRICES_URL`, the admin API). */
  url?: string;
  now?: () => number;
  timeoutMs?: number;
  maxBytes?: number;
}

export interface PriceSyncResult extends CatalogChanges {
  url: string;
  fetchedAt: string;
  /** Where the synced catalog was written. */
  path: string;
  vendors: number;
  /** Entries left out because they could not be read, one line each. */
  problems: string[];
  /** The new catalog, ready to swap in. */
  catalog: PriceCatalog;
}

/** What a sync answers over the admin API: the result without the catalog object. */
export type PriceSyncSummary = Omit<PriceSyncResult, 'catalog'>;

export function syncedCatalogPath(dataDir: string): string {
  return join(dataDir, syncedCatalogFileName);
}

/**
 * Fetches, checks, converts and stores; throws a `PriceSyncError` saying why when any step fails,
 * before anything on disk has changed.
 */
export async function syncPrices(options: PriceSyncOptions): Promise<PriceSyncResult> {
  const url = options.url ?? defaultPricesUrl;
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
    throw new PriceSyncError('prices_bad_url', `the prices URL must be an http(s) URL, not "${url}"`);
  }
  const failed = (reason: string) => `price sync from ${url} failed: ${reason}; the prices in use stay as they were`;

  let document: unknown;
  try {
    // No credentials go with this request, so following a redirect (a CDN moving the file) is safe.
    document = await fetchJson(options.agent, new URL(url), {
      timeoutMs: options.timeoutMs ?? defaultTimeoutMs,
      maxBytes: options.maxBytes ?? defaultMaxBytes,
      maxRedirects: 3,
    });
  } catch (error) {
    if (!(error instanceof FetchJsonError)) throw error;
    const code: PriceSyncFailure = error.code === 'bad_json' ? 'prices_bad_json' : error.code === 'too_large' ? 'prices_too_large' : 'prices_unreachable';
    throw new PriceSyncError(code, failed(error.message));
  }

  let conversion;
  try {
    conversion = convertModelsDev(document, { strict: false });
  } catch (error) {
    if (!(error instanceof ModelsDevShapeError)) throw error;
    throw new PriceSyncError('prices_not_models_dev', failed(`the document is not models.dev's api.json: ${error.message}`));
  }

  const fetchedAt = new Date(options.now?.() ?? Date.now()).toISOString();
  const file: SyncedCatalogFile = {
    source: `models.dev api.json from ${url}`,
    license: 'MIT, models.dev (https://models.dev)',
    generated: fetchedAt.slice(0, 10),
    fetchedAt,
    vendors: conversion.vendors,
  };
  // Checked the way it will be read at the next start, so a stored file is always a loadable one.
  const catalog = createPriceCatalog(file);
  const previous = readEffectiveCatalogFile(options.dataDir);
  const path = syncedCatalogPath(options.dataDir);
  try {
    ensurePrivateDirectory(options.dataDir);
    // Written beside the target and renamed over it: a crash mid-write never leaves half a catalog.
    await writeFileAtomically(path, serializePriceCatalog(file));
  } catch (error) {
    throw new PriceSyncError('prices_not_saved', failed(`could not write ${path}: ${(error as Error).message}`));
  }
  return {
    url,
    fetchedAt,
    path,
    vendors: Object.keys(conversion.vendors).length,
    problems: conversion.problems,
    catalog,
    ...compareCatalogs(previous?.vendors ?? {}, conversion.vendors),
  };
}

export interface LoadedCatalog {
  catalog: PriceCatalog;
  source: 'synced' | 'bundled';
  /** When the synced catalog was fetched; null for the bundled one. */
  fetchedAt: string | null;
}

/**
 * The catalog to start with: the synced one when it is there and reads cleanly, else the bundled
 * one. A damaged synced file is reported and passed over, never fatal.
 */
export function loadStartupCatalog(dataDir: string, warn: (message: string) => void): LoadedCatalog {
  const path = syncedCatalogPath(dataDir);
  if (existsSync(path)) {
    try {
      const data = readSyncedFile(path);
      return { catalog: createPriceCatalog(data), source: 'synced', fetchedAt: data.fetchedAt };
    } catch (error) {
      warn(`ignoring the synced price catalog ${path} (${(error as Error).message.split('\n')[0]}); using the bundled catalog`);
    }
  }
  return { catalog: loadPriceCatalog(), source: 'bundled', fetchedAt: null };
}

function readSyncedFile(path: string): SyncedCatalogFile {
  const data = readCatalogFile(path) as Partial<SyncedCatalogFile>;
  if (typeof data.fetchedAt !== 'string' || Number.isNaN(Date.parse(data.fetchedAt))) throw new Error('it has no fetchedAt time');
  // Validated in full by createPriceCatalog; this only names the field the sync adds.
  return data as SyncedCatalogFile;
}

function readCatalogFile(path: string): PriceCatalogFile {
  return JSON.parse(readFileSync(path, 'utf8')) as PriceCatalogFile;
}

/** What prices are in use now, as a file: the synced catalog if readable, else the bundled one. */
function readEffectiveCatalogFile(dataDir: string): PriceCatalogFile | null {
  for (const path of [syncedCatalogPath(dataDir), bundledCatalogPath()]) {
    try {
      const data = readCatalogFile(path);
      if (typeof data === 'object' && data !== null && typeof data.vendors === 'object') return data;
    } catch {
      // Absent or unreadable: the next candidate is what is in use. Only the change count depends on it.
    }
  }
  return null;
}
