/**
 * Builds `resources/price-catalog.json` (and its NOTICE) from a models.dev `api.json` snapshot: each
 * priced model's prices and its output limit.
 *
 *   npm run catalog [-- path/to/api.json [path/to/LICENSE]]
 *
 * The conversion lives in `src-main/usage/models-dev-catalog.ts` (the live price sync uses it too);
 * this is its command line. It converts strictly: a change in models.dev's shape breaks this script,
 * loudly, rather than the app. The output is byte-for-byte the same for the same snapshot, apart from
 * the `generated` date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildNotice, buildPriceCatalog, serializePriceCatalog } from '../src-main/usage/models-dev-catalog.js';

export { buildNotice, buildPriceCatalog, catalogVendors, serializePriceCatalog } from '../src-main/usage/models-dev-catalog.js';

const projectRoot = new URL('../', import.meta.url);
export const defaultSourcePath = fileURLToPath(new URL('../shared/data/models-dev-api.json', projectRoot));
export const defaultLicensePath = fileURLToPath(new URL('../shared/data/models-dev-LICENSE', projectRoot));
const catalogPath = fileURLToPath(new URL('resources/price-catalog.json', projectRoot));
const noticePath = fileURLToPath(new URL('resources/price-catalog.NOTICE', projectRoot));

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
