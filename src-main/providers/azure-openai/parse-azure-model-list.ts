import { azureModelListSchema } from './azure-api.js';

/**
 * The model ids of `GET /openai/models`, leaving out what cannot answer a request: models Azure marks
 * as not usable for inference (retired base models) and fine-tunes that have not finished.
 */
export function parseAzureModelList(body: unknown): string[] {
  const parsed = azureModelListSchema.safeParse(body);
  if (!parsed.success) return [];
  return parsed.data.data
    .filter((model) => model.capabilities?.inference !== false && (model.status == null || model.status === 'succeeded'))
    .map((model) => model.id);
}
