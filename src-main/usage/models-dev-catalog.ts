import { z } from 'zod';
import { isRecord } from '../../src-shared/json-record.js';
import type { CatalogModel, CatalogPrice, LongContextPrice, PriceCatalogFile } from './catalog-price.js';

/**
 * models.dev's `api.json` (vendor id → `{ models: { id → { cost, limit, … } } }`) turned into
 * Switchyard's own catalog format (see `price-catalog.ts`). Pure: the bundling script
 * (`scripts/build-price-catalog.ts`) and the live price sync (`price-sync.ts`) both call it.
 */

/**
 * The models.dev vendors we ship. First parties and the big relays, plus the Chinese vendors'
 * own (`-cn`) price lists, which differ from the international ones. Coding and token plans are
 * left out: models.dev lists them at $0 because they are flat-fee subscriptions, and a $0 price
 * would read as "free" rather than "no price".
 */
export const catalogVendors = [
  'alibaba',
  'alibaba-cn',
  'anthropic',
  'deepseek',
  'google',
  'groq',
  'minimax',
  'minimax-cn',
  'mistral',
  'moonshotai',
  'moonshotai-cn',
  'openai',
  'openrouter',
  'siliconflow',
  'siliconflow-cn',
  'stepfun',
  'xai',
  'xiaomi',
  'zai',
  'zhipuai',
] as const;

const usdPerMillion = z.number().nonnegative();

// models.dev spells the cache prices three ways across vendors; all are read, `cache_read` and
// `cache_write` first.
const cacheFields = {
  cache_read: usdPerMillion.optional(),
  cache_input: usdPerMillion.optional(),
  cached_input: usdPerMillion.optional(),
  cache_write: usdPerMillion.optional(),
  cached_write: usdPerMillion.optional(),
};

const tierSchema = z.object({
  tier: z.object({ type: z.string().optional(), size: z.number().int().positive() }),
  input: usdPerMillion,
  output: usdPerMillion,
  ...cacheFields,
});

const modelSchema = z.object({
  cost: z
    .object({ input: usdPerMillion, output: usdPerMillion, ...cacheFields, tiers: z.array(tierSchema).optional() })
    .optional(),
  // The most tokens one answer may hold; Anthropic's API needs it as `max_tokens` when a client
  // in another format gives none. A 0 is read as unknown, never as "no output".
  limit: z.object({ output: z.number().int().nonnegative().optional() }).optional(),
});

const vendorSchema = z.object({ models: z.record(z.string(), modelSchema) });

/** Only the envelope: each model is then checked on its own, so one odd entry costs only itself. */
const lenientVendorSchema = z.object({ models: z.record(z.string(), z.unknown()) });

type ModelsDevModel = z.output<typeof modelSchema>;
type ModelsDevCost = NonNullable<ModelsDevModel['cost']>;

/** A document that is JSON but not models.dev's `api.json` (an error page, another API's answer). */
export class ModelsDevShapeError extends Error {
  readonly code = 'not_models_dev';
  override readonly name = 'ModelsDevShapeError';
}

export interface ModelsDevConversion {
  vendors: PriceCatalogFile['vendors'];
  /** What was left out, one line each; always empty in strict mode, which throws instead. */
  problems: string[];
}

/**
 * The catalog's `vendors` for a parsed `api.json`. Strict (the bundling script): any shape it cannot
 * carry throws, so a change at models.dev breaks the build loudly rather than dropping prices.
 * Lenient (the live sync): a missing vendor or an unreadable model is left out and named in
 * `problems`; only a document that is not models.dev's at all throws `ModelsDevShapeError`.
 */
export function convertModelsDev(modelsDev: unknown, options: { strict: boolean }): ModelsDevConversion {
  const { strict } = options;
  const problems: string[] = [];
  const fail = (message: string): void => {
    if (strict) throw new Error(message);
    problems.push(message);
  };
  const root = strict ? z.record(z.string(), z.unknown()).parse(modelsDev) : readRoot(modelsDev);
  const vendors: PriceCatalogFile['vendors'] = {};
  for (const vendor of [...catalogVendors].sort()) {
    if (!Object.hasOwn(root, vendor)) {
      fail(`models.dev has no vendor "${vendor}"; update catalogVendors`);
      continue;
    }
    const models = strict ? readVendorStrictly(vendor, root[vendor]) : readVendorLeniently(vendor, root[vendor], fail);
    if (models === null) continue;
    const prices: Record<string, CatalogModel> = {};
    for (const model of Object.keys(models).sort()) {
      const entry = models[model]!;
      // No cost means models.dev does not know it (image and audio models, routers): no price, and
      // no entry, so its output limit is not carried either.
      if (!entry.cost) continue;
      let price: CatalogModel;
      try {
        price = toCatalogPrice(entry.cost, `${vendor}/${model}`);
      } catch (error) {
        fail((error as Error).message);
        continue;
      }
      const maxOutputTokens = entry.limit?.output;
      if (maxOutputTokens !== undefined && maxOutputTokens > 0) price.maxOutputTokens = maxOutputTokens;
      prices[model] = price;
    }
    vendors[vendor] = prices;
  }
  if (!strict) {
    const modelCount = Object.values(vendors).reduce((sum, models) => sum + Object.keys(models).length, 0);
    if (Object.keys(vendors).length === 0 || modelCount === 0) {
      throw new ModelsDevShapeError(
        `it lists none of the vendors Switchyard prices (${catalogVendors.slice(0, 4).join(', ')}, …) with priced models`,
      );
    }
  }
  return { vendors, problems };
}

function readRoot(modelsDev: unknown): Record<string, unknown> {
  if (!isRecord(modelsDev)) {
    throw new ModelsDevShapeError(`it is ${Array.isArray(modelsDev) ? 'an array' : typeof modelsDev === 'object' ? 'null' : `a ${typeof modelsDev}`}, not an object of vendors`);
  }
  return modelsDev;
}

function readVendorStrictly(vendor: string, value: unknown): Record<string, ModelsDevModel> {
  const parsed = vendorSchema.safeParse(value);
  if (!parsed.success) throw new Error(`models.dev vendor "${vendor}": ${z.prettifyError(parsed.error)}`);
  return parsed.data.models;
}

function readVendorLeniently(vendor: string, value: unknown, fail: (message: string) => void): Record<string, ModelsDevModel> | null {
  const envelope = lenientVendorSchema.safeParse(value);
  if (!envelope.success) {
    fail(`models.dev vendor "${vendor}" has no models object; left out`);
    return null;
  }
  const models: Record<string, ModelsDevModel> = {};
  for (const [id, entry] of Object.entries(envelope.data.models)) {
    const parsed = modelSchema.safeParse(entry);
    if (parsed.success) models[id] = parsed.data;
    else fail(`${vendor}/${id}: unreadable price (${z.prettifyError(parsed.error).replace(/\n/g, ' ')}); left out`);
  }
  return models;
}

/** The catalog for a parsed models.dev `api.json`; `generated` is the date to stamp it with. Strict. */
export function buildPriceCatalog(modelsDev: unknown, generated: string, licenseText: string): PriceCatalogFile {
  const { vendors } = convertModelsDev(modelsDev, { strict: true });
  return {
    source: 'models.dev api.json snapshot',
    license: `MIT, ${copyrightLine(licenseText)} — see price-catalog.NOTICE`,
    generated,
    vendors,
  };
}

function toCatalogPrice(cost: ModelsDevCost, name: string): CatalogPrice {
  const price: CatalogPrice = flatPrice(cost);
  const tiers = cost.tiers ?? [];
  if (tiers.length > 1) {
    throw new Error(`${name} has ${tiers.length} price tiers; the catalog format carries one long-context tier`);
  }
  const tier = tiers[0];
  if (tier) {
    if (tier.tier.type !== undefined && tier.tier.type !== 'context') {
      throw new Error(`${name} has a "${tier.tier.type}" price tier; only context-size tiers are understood`);
    }
    const longContext: LongContextPrice = { thresholdTokens: tier.tier.size, ...flatPrice(tier) };
    price.longContext = longContext;
  }
  return price;
}

/** Fields in a fixed order, absent ones left out, so the file diffs cleanly between snapshots. */
function flatPrice(cost: Pick<ModelsDevCost, 'input' | 'output' | keyof typeof cacheFields>): CatalogPrice {
  const price: CatalogPrice = { inputPerMTok: cost.input, outputPerMTok: cost.output };
  const cachedInput = cost.cache_read ?? cost.cache_input ?? cost.cached_input;
  const cacheWrite = cost.cache_write ?? cost.cached_write;
  if (cachedInput !== undefined) price.cachedInputPerMTok = cachedInput;
  if (cacheWrite !== undefined) price.cacheWritePerMTok = cacheWrite;
  return price;
}

function copyrightLine(licenseText: string): string {
  const line = /^Copyright .+$/m.exec(licenseText)?.[0];
  if (!line) throw new Error('the models.dev LICENSE has no Copyright line');
  return line.trim();
}

/**
 * Pretty JSON with one model per line: a price change between snapshots is a one-line diff. Keys
 * are sorted by code unit, not locale, so every machine writes the same bytes. Metadata fields go
 * first, in the order the object has them.
 */
export function serializePriceCatalog(catalog: PriceCatalogFile): string {
  const { vendors, ...metadata } = catalog;
  const lines = ['{'];
  for (const [key, value] of Object.entries(metadata)) lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  lines.push('  "vendors": {');
  const vendorIds = Object.keys(vendors).sort();
  vendorIds.forEach((vendor, vendorIndex) => {
    lines.push(`    ${JSON.stringify(vendor)}: {`);
    const models = Object.keys(vendors[vendor]!).sort();
    models.forEach((model, modelIndex) => {
      const comma = modelIndex < models.length - 1 ? ',' : '';
      lines.push(`      ${JSON.stringify(model)}: ${JSON.stringify(vendors[vendor]![model])}${comma}`);
    });
    lines.push(`    }${vendorIndex < vendorIds.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}', '');
  return lines.join('\n');
}

/** The NOTICE that the MIT licence asks to travel with the data. */
export function buildNotice(licenseText: string): string {
  return [
    'resources/price-catalog.json is derived from the models.dev model database',
    '(https://models.dev, its api.json), used under the following licence:',
    '',
    licenseText.trimEnd(),
    '',
  ].join('\n');
}
