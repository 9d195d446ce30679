/**
 * Builds `resources/price-catalog.json` (and its NOTICE) from a models.dev `api.json` snapshot: each
 * priced model's prices and its output limit. It also rewrites the tests' trimmed copy of the
 * snapshot (`test/fixtures/models-dev/`), from which a test checks the bundled catalog is built.
 *
 *   npm run catalog [-- path/to/api.json [path/to/LICENSE]]
 *
 * The conversion lives in `src-main/usage/models-dev-catalog.ts` (the live price sync uses it too);
 * this is its command line. It converts strictly: a change in models.dev's shape breaks this script,
 * loudly, rather than the app. The output is byte-for-byte the same for the same snapshot, apart from
 * the `generated` date.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildNotice, buildPriceCatalog, serializePriceCatalog } from '../src-main/usage/models-dev-catalog.js';
import { serializeModelsDevFixture, trimModelsDevSnapshot, type ModelsDevDocument } from './models-dev-fixture.js';

export { buildNotice, buildPriceCatalog, catalogVendors, serializePriceCatalog } from '../src-main/usage/models-dev-catalog.js';

const projectRoot = new URL('../', import.meta.url);
// The full snapshot lives beside the project, not in it: a developer refreshing the catalog has it.
export const defaultSourcePath = fileURLToPath(new URL('../shared/data/models-dev-api.json', projectRoot));
export const defaultLicensePath = fileURLToPath(new URL('../shared/data/models-dev-LICENSE', projectRoot));
const catalogPath = fileURLToPath(new URL('resources/price-catalog.json', projectRoot));
const noticePath = fileURLToPath(new URL('resources/price-catalog.NOTICE', projectRoot));
export const fixtureSourcePath = fileURLToPath(new URL('test/fixtures/models-dev/api.json', projectRoot));
export const fixtureLicensePath = fileURLToPath(new URL('test/fixtures/models-dev/LICENSE', projectRoot));

function main(): void {
  const [sourcePath = defaultSourcePath, licensePath = defaultLicensePath] = process.argv.slice(2);
  const licenseText = readFileSync(licensePath, 'utf8');
  const modelsDev: unknown = JSON.parse(readFileSync(sourcePath, 'utf8'));
  // Strict: it throws on any shape it cannot carry, so the trimming below meets only checked data.
  const catalog = buildPriceCatalog(modelsDev, new Date().toISOString().slice(0, 10), licenseText);
  const text = serializePriceCatalog(catalog);
  writeFileSync(catalogPath, text);
  writeFileSync(noticePath, buildNotice(licenseText));
  writeFileSync(fixtureSourcePath, serializeModelsDevFixture(trimModelsDevSnapshot(modelsDev as ModelsDevDocument)));
  copyFileSync(licensePath, fixtureLicensePath);
  const modelCount = Object.values(catalog.vendors).reduce((sum, models) => sum + Object.keys(models).length, 0);
  console.log(`wrote ${catalogPath}: ${Object.keys(catalog.vendors).length} vendors, ${modelCount} models, ${Buffer.byteLength(text)} bytes`);
  console.log(`wrote ${fixtureSourcePath}, the tests' trimmed copy of the snapshot`);
}

// Imported by the tests for its functions; run only as `tsx scripts/build-price-catalog.ts`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) main();
