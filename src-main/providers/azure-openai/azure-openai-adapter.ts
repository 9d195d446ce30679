import { createOpenAIFormatAdapter } from '../openai/openai-adapter.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { azureDeploymentTarget, azureModelsTarget } from './azure-targets.js';
import { createAzureStreamParser } from './azure-stream-parser.js';
import { parseAzureError } from './parse-azure-error.js';
import { parseAzureModelList } from './parse-azure-model-list.js';

const openaiFormat = createOpenAIFormatAdapter('azure-openai');

/**
 * Azure OpenAI speaks OpenAI's Chat Completions format, so bodies, usage, the same-format stream tap
 * and the converted-path encoder and parsers are OpenAI's. What differs is where requests go (a
 * deployment path plus `api-version`, see azure-targets.ts), how the key is sent (`api-key`, not
 * Bearer), the model list, the error bodies, and the content-filter annotations in streams.
 *
 * The same-format path needs nothing extra for those annotations: the OpenAI tap passes every byte on
 * and only drops a `choices: []` chunk that carries usage, which Azure's leading
 * `prompt_filter_results` chunk never does.
 */
export const azureOpenAIAdapter: ProviderAdapter = {
  ...openaiFormat,
  authHeaders: (secret) => ({ 'api-key': secret }),
  chatTarget: (provider, model) => azureDeploymentTarget(provider, model, 'chat/completions'),
  embeddingsTarget: (provider, model) => azureDeploymentTarget(provider, model, 'embeddings'),
  modelsTarget: azureModelsTarget,
  parseModelList: parseAzureModelList,
  encodeChatRequest(request, context) {
    const encoded = openaiFormat.encodeChatRequest(request, context);
    return { ...encoded, target: azureDeploymentTarget(context.provider, context.upstreamModel, 'chat/completions') };
  },
  createStreamParser: () => createAzureStreamParser(openaiFormat.createStreamParser()),
  parseError: parseAzureError,
};
