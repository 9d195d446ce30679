import { readFileSync } from 'node:fs';

/**
 * The models.dev `api.json` snapshot, trimmed to the vendors the catalog ships and the fields it
 * reads (test/fixtures/README.md says where it comes from; `npm run catalog` rewrites it).
 */
export const modelsDevSnapshotPath = new URL('../fixtures/models-dev/api.json', import.meta.url);

/** models.dev's MIT licence, which travels with the snapshot. */
export const modelsDevLicensePath = new URL('../fixtures/models-dev/LICENSE', import.meta.url);

export function readModelsDevSnapshot(): Buffer {
  return readFileSync(modelsDevSnapshotPath);
}

/** The snapshot with one model's input and output prices replaced, as a changed upstream would be. */
export function modelsDevWithPrice(vendor: string, model: string, input: number, output: number): Buffer {
  const document = JSON.parse(readModelsDevSnapshot().toString('utf8')) as Record<string, { models: Record<string, { cost: Record<string, number> }> }>;
  const entry = document[vendor]!.models[model]!;
  entry.cost = { ...entry.cost, input, output };
  return Buffer.from(JSON.stringify(document));
}
