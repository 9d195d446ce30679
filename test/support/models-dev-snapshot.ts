import { readFileSync } from 'node:fs';

/** The models.dev `api.json` snapshot in ../shared/data (CI checks it out beside the project). */
export const modelsDevSnapshotPath = new URL('../../../shared/data/models-dev-api.json', import.meta.url);

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
