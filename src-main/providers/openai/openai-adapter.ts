import type { ProviderType } from '../../../src-shared/provider-type.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { openaiModelListSchema, openaiUsageCarrierSchema } from './openai-api.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { createOpenAIStreamTap } from './openai-stream-tap.js';
import { prepareOpenAIChatRequest } from './prepare-openai-chat-request.js';

/**
 * The OpenAI wire format, shared by OpenAI itself and every OpenAI-compatible vendor (DeepSeek, xAI,
 * Groq, OpenRouter, Moonshot, Qwen, local servers...): the same paths under the provider's base URL,
 * Bearer auth, the same usage shape.
 */
export function createOpenAIFormatAdapter(type: ProviderType): ProviderAdapter {
  return {
    type,
    nativeFormat: 'openai-chat',
    authHeaders: (secret) => ({ authorization: `Bearer ${secret}` }),
    credentialHeaders: ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'],
    chatTarget: () => ({ path: '/chat/completions' }),
    embeddingsTarget: () => ({ path: '/embeddings' }),
    modelsTarget: () => ({ path: '/models' }),
    parseModelList(body) {
      const parsed = openaiModelListSchema.safeParse(body);
      return parsed.success ? parsed.data.data.map((model) => model.id) : [];
    },
    readChatFacts(body) {
      if (typeof body.model !== 'string' || body.model === '') return null;
      return { model: body.model, stream: body.stream === true };
    },
    prepareChatRequest: prepareOpenAIChatRequest,
    prepareEmbeddingsRequest: (body, upstreamModel) => (body.model === upstreamModel ? null : { ...body, model: upstreamModel }),
    usageFromBody(body) {
      const parsed = openaiUsageCarrierSchema.safeParse(body);
      if (!parsed.success || !parsed.data.usage) return null;
      return {
        usage: convertOpenAIUsage(parsed.data.usage),
        raw: parsed.data.usage,
        ...(parsed.data.model ? { model: parsed.data.model } : {}),
      };
    },
    createStreamTap: createOpenAIStreamTap,
  };
}

export const openaiAdapter = createOpenAIFormatAdapter('openai');
