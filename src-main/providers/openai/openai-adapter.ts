import type { ProviderType } from '../../../src-shared/provider-type.js';
import type { ProviderAdapter, UpstreamTarget, UsageReading } from '../provider-adapter.js';
import { openaiModelListSchema, openaiUsageSchema } from './openai-api.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { convertToOpenAIChat } from './convert-to-openai-chat.js';
import { openaiChatDialect } from './openai-chat-dialect.js';
import { createOpenAIStreamParser } from './openai-stream-parser.js';
import { createOpenAIStreamTap } from './openai-stream-tap.js';
import { parseOpenAIChatResponse } from './parse-openai-chat-response.js';
import { parseOpenAIError } from './parse-openai-error.js';
import { prepareOpenAIChatRequest } from './prepare-openai-chat-request.js';

/**
 * The OpenAI wire format, shared by OpenAI itself and every OpenAI-compatible vendor (DeepSeek, xAI,
 * Groq, OpenRouter, Moonshot, Qwen, local servers...): the same paths under the provider's base URL,
 * Bearer auth, the same usage shape.
 */
export function createOpenAIFormatAdapter(type: ProviderType): ProviderAdapter {
  const chatTarget = (): UpstreamTarget => ({ path: '/chat/completions' });
  return {
    type,
    nativeFormat: 'openai-chat',
    authHeaders: (secret) => ({ authorization: `Bearer ${secret}` }),
    credentialHeaders: ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'],
    chatTarget,
    embeddingsTarget: () => ({ path: '/embeddings' }),
    modelsTarget: () => ({ path: '/models' }),
    parseModelList(body) {
      const parsed = openaiModelListSchema.safeParse(body);
      return parsed.success ? parsed.data.data.map((model) => model.id) : [];
    },
    prepareChatRequest: prepareOpenAIChatRequest,
    prepareEmbeddingsRequest: (body, upstreamModel) => (body.model === upstreamModel ? null : { ...body, model: upstreamModel }),
    usageFromBody(body) {
      if (typeof body !== 'object' || body === null) return null;
      const { usage, model } = body as { usage?: unknown; model?: unknown };
      // Only the usage is checked: the choices, most of an answer, are passed on and never read.
      const parsed = openaiUsageSchema.safeParse(usage);
      if (!parsed.success) return null;
      const reading: UsageReading = { usage: convertOpenAIUsage(parsed.data), raw: parsed.data };
      if (typeof model === 'string' && model !== '') reading.model = model;
      return reading;
    },
    createStreamTap: createOpenAIStreamTap,
    encodeChatRequest(request, context) {
      const dialect = openaiChatDialect(type, context.provider, context.upstreamModel);
      return { target: chatTarget(), body: convertToOpenAIChat(request, context.upstreamModel, dialect) };
    },
    parseChatResponse: parseOpenAIChatResponse,
    createStreamParser: createOpenAIStreamParser,
    parseError: parseOpenAIError,
  };
}

export const openaiAdapter = createOpenAIFormatAdapter('openai');
