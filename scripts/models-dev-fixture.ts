/**
 * The models.dev snapshot the tests read (`test/fixtures/models-dev/api.json`): the full `api.json`
 * cut down to the vendors the catalog ships and, of each model, only what the catalog reads. The
 * bundled catalog is built from the full snapshot; a test checks that the fixture builds the very
 * same catalog, so `npm run catalog` rewrites both together.
 */
import { catalogVendors } from '../src-main/usage/models-dev-catalog.js';

/** The model fields kept: the two the catalog reads (`cost`, `limit`) and the two that name it. */
const keptModelFields = ['id', 'name', 'cost', 'limit'];

/** A models.dev `api.json` as far as the fixture needs it: vendors of models, each model an object. */
export type ModelsDevDocument = Record<string, { models: Record<string, Record<string, unknown>> } & Record<string, unknown>>;

/**
 * The snapshot with every vendor but the catalog's left out, and every model reduced to its kept
 * fields; vendor metadata (name, env, npm, doc, api) stays so the file is still models.dev-shaped.
 * Models without a price stay too: the catalog leaving them out is part of what the tests check.
 * Run it on a snapshot the strict catalog build has accepted, which has checked that shape.
 */
export function trimModelsDevSnapshot(modelsDev: ModelsDevDocument): ModelsDevDocument {
  const trimmed: ModelsDevDocument = {};
  for (const [vendorId, { models, ...metadata }] of Object.entries(modelsDev)) {
    if (!(catalogVendors as readonly string[]).includes(vendorId)) continue;
    const keptModels: Record<string, Record<string, unknown>> = {};
    for (const [modelId, model] of Object.entries(models)) {
      keptModels[modelId] = Object.fromEntries(Object.entries(model).filter(([field]) => keptModelFields.includes(field)));
    }
    trimmed[vendorId] = { ...metadata, models: keptModels };
  }
  return trimmed;
}

/** JSON with one model per line, so a price change at models.dev is a one-line diff of the fixture. */
export function serializeModelsDevFixture(trimmed: ModelsDevDocument): string {
  const vendorIds = Object.keys(trimmed);
  const lines = ['{'];
  vendorIds.forEach((vendorId, vendorIndex) => {
    const { models, ...metadata } = trimmed[vendorId]!;
    lines.push(`  ${JSON.stringify(vendorId)}: {`);
    for (const [field, value] of Object.entries(metadata)) lines.push(`    ${JSON.stringify(field)}: ${JSON.stringify(value)},`);
    lines.push('    "models": {');
    const entries = Object.entries(models);
    entries.forEach(([modelId, model], modelIndex) => {
      lines.push(`      ${JSON.stringify(modelId)}: ${JSON.stringify(model)}${modelIndex < entries.length - 1 ? ',' : ''}`);
    });
    lines.push('    }', `  }${vendorIndex < vendorIds.length - 1 ? ',' : ''}`);
  });
  lines.push('}', '');
  return lines.join('\n');
}
