/**
 * Builds `resources/price-catalog.json` (and its NOTICE) from a models.dev `api.json` snapshot: each
 * priced model's prices and its output limit.
 *
 *   npm run catalog [-- path/to/api.json [path/to/LICENSE]]
 *
 * The catalog is our own format (see `src-main/usage/price-catalog.ts`), so a change in models.dev's
 * shape breaks this script, loudly, rather than the app. The output is byte-for-byte the same for
 * the same snapshot, apart from the `generated` date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { z } from 'zod';
import type { CatalogModel, CatalogPrice, LongContextPrice, PriceCatalogFile } from '../src-main/usage/price-catalog.js';

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

const projectRoot = new URL('../', import.meta.url);
export const defaultSourcePath = fileURLToPath(new URL('../shared/data/models-dev-api.json', projectRoot));
export const defaultLicensePath = fileURLToPath(new URL('../shared/data/models-dev-LICENSE', projectRoot));
const catalogPath = fileURLToPath(new URL('resources/price-catalog.json', projectRoot));
const noticePath = fileURLToPath(new URL('resources/price-catalog.NOTICE', projectRoot));

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

const vendorSchema = z.object({
  models: z.record(
    z.string(),
    z.object({
      cost: z
        .object({ input: usdPerMillion, output: usdPerMillion, ...cacheFields, tiers: z.array(tierSchema).optional() })
        .optional(),
      // The most tokens one answer may hold; Anthropic's API needs it as `max_tokens` when a client
      // in another format gives none. A 0 is read as unknown, never as "no output".
      limit: z.object({ output: z.number().int().nonnegative().optional() }).optional(),
    }),
  ),
});

type ModelsDevModel = z.output<typeof vendorSchema>['models'][string];
type ModelsDevCost = NonNullable<ModelsDevModel['cost']>;

/** The catalog for a parsed models.dev `api.json`; `generated` is the date to stamp it with. */
export function buildPriceCatalog(modelsDev: unknown, generated: string, licenseText: string): PriceCatalogFile {
  const root = z.record(z.string(), z.unknown()).parse(modelsDev);
  const vendors: PriceCatalogFile['vendors'] = {};
  for (const vendor of [...catalogVendors].sort()) {
    if (!(vendor in root)) throw new Error(`models.dev has no vendor "${vendor}"; update catalogVendors`);
    const parsed = vendorSchema.safeParse(root[vendor]);
    if (!parsed.success) throw new Error(`models.dev vendor "${vendor}": ${z.prettifyError(parsed.error)}`);
    const prices: Record<string, CatalogModel> = {};
    for (const model of Object.keys(parsed.data.models).sort()) {
      const entry = parsed.data.models[model]!;
      // No cost means models.dev does not know it (image and audio models, routers): no price, and
      // no entry, so its output limit is not carried either.
      if (!entry.cost) continue;
      const price: CatalogModel = toCatalogPrice(entry.cost, `${vendor}/${model}`);
      const maxOutputTokens = entry.limit?.output;
      if (maxOutputTokens !== undefined && maxOutputTokens > 0) price.maxOutputTokens = maxOutputTokens;
      prices[model] = price;
    }
    vendors[vendor] = prices;
  }
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
 * are sorted by code unit, not locale, so every machine writes the same bytes.
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

function main(): void {
  const [sourcePath = defaultSourcePath, licensePath = defaultLicensePath] = process.argv.slice(2);
  const licenseText = readFileSync(licensePath, 'utf8');
  const modelsDev: unknown = JSON.parse(readFileSync(sourcePath, 'utf8'));
  const catalog = buildPriceCatalog(modelsDev, new Date().toISOString().slice(0, 10), licenseText);
  const text = serializePriceCatalog(catalog);
  writeFileSync(catalogPath, text);
  writeFileSync(noticePath, buildNotice(licenseText));
  const modelCount = Object.values(catalog.vendors).reduce((sum, models) => sum + Object.keys(models).length, 0);
  console.log(`wrote ${catalogPath}: ${Object.keys(catalog.vendors).length} vendors, ${modelCount} models, ${Buffer.byteLength(text)} bytes`);
}

// Imported by the tests for its functions; run only as `tsx scripts/build-price-catalog.ts`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
