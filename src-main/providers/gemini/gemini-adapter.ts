import type { ProviderConfig } from '../../../src-shared/config-schema.js';
import type { ProviderAdapter, UpstreamTarget } from '../provider-adapter.js';
import { convertToGeminiRequest } from './convert-to-gemini-request.js';
import { geminiModelListSchema } from './gemini-api.js';
import { createGeminiStreamParser } from './gemini-stream-parser.js';
import { createGeminiStreamTap, geminiUsageReading } from './gemini-stream-tap.js';
import { parseGeminiError } from './parse-gemini-error.js';
import { parseGeminiResponse } from './parse-gemini-response.js';
import { parseBaseUrl } from '../shared/parsed-base-url.js';

/**
 * Google's Generative Language API (`type: "gemini"`, base URL https://generativelanguage.googleapis.com).
 *
 * - The key goes in `x-goog-api-key`, never in a `?key=` query: URLs end up in logs and stack traces.
 * - The model is part of the path (`/v1beta/models/{model}:generateContent`), and streams are asked for
 *   as SSE (`:streamGenerateContent?alt=sse`); without `alt=sse` Google streams one JSON array.
 * - No embeddings target: Gemini's `:embedContent`/`:batchEmbedContents` take and return other shapes
 *   than OpenAI's /v1/embeddings, and that conversion is not written yet.
 * - `errorsInsideStreams` is left off: Google answers errors with HTTP statuses before a stream starts
 *   (an `{"error":…}` event mid-stream is read by the stream parser as an error part).
 * - The same-format members serve a future Gemini door. Its model would come from the URL path, which
 *   these members do not see (the door must read the path itself); bodies go up unchanged because
 *   they name no model, and Gemini streams always carry usage.
 */
export const geminiAdapter: ProviderAdapter = {
  type: 'gemini',
  nativeFormat: 'gemini-generate',
  authHeaders: (secret) => ({ 'x-goog-api-key': secret }),
  credentialHeaders: ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'],
  // Google's SDKs and docs also accept the key as `?key=`; Switchyard never sends it that way.
  credentialQueryParameters: ['key'],
  chatTarget: geminiChatTarget,
  embeddingsTarget: () => null,
  // 1000 is the largest page Google serves: one request lists every model.
  modelsTarget: (provider) => ({ path: `${versionPrefix(provider)}/models`, query: { pageSize: '1000' } }),
  parseModelList(body) {
    const parsed = geminiModelListSchema.safeParse(body);
    if (!parsed.success) return [];
    return (parsed.data.models ?? [])
      .filter((model) => model.supportedGenerationMethods?.includes('generateContent') ?? false)
      .map((model) => model.name.replace(/^models\//, ''));
  },
  prepareChatRequest: () => ({ body: null, injectedUsageRequest: false }),
  prepareEmbeddingsRequest: () => null,
  usageFromBody: geminiUsageReading,
  createStreamTap: () => createGeminiStreamTap(),

  encodeChatRequest: (request, context) => ({
    target: geminiChatTarget(context.provider, context.upstreamModel, request.stream),
    body: { ...convertToGeminiRequest(request, { model: context.upstreamModel }) },
  }),
  parseChatResponse: parseGeminiResponse,
  createStreamParser: createGeminiStreamParser,
  parseError: parseGeminiError,
};

function geminiChatTarget(provider: ProviderConfig, model: string, stream: boolean): UpstreamTarget {
  const path = `${versionPrefix(provider)}/${modelPath(model)}:${stream ? 'streamGenerateContent' : 'generateContent'}`;
  return stream ? { path, query: { alt: 'sse' } } : { path };
}

/** `/v1beta`, unless the configured base URL already ends in an API version (`…/v1beta`, `…/v1`). */
function versionPrefix(provider: ProviderConfig): string {
  return /\/v1(alpha|beta)?$/.test(parseBaseUrl(provider.baseUrl)?.path ?? '') ? '' : '/v1beta';
}

/** `models/{model}`; a name already carrying its collection (`models/…`, `tunedModels/…`) is kept. */
function modelPath(model: string): string {
  if (/^(models|tunedModels)\/[^/]+$/.test(model)) return model;
  return `models/${encodeURIComponent(model)}`;
}
