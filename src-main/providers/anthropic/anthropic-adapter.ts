import type { ProviderConfig } from '../../../src-shared/config-schema.js';
import type { ProviderAdapter } from '../provider-adapter.js';
import { anthropicVersion, anthropicModelListSchema, anthropicUsageCarrierSchema } from './anthropic-api.js';
import { createAnthropicStreamParser } from './anthropic-stream-parser.js';
import { createAnthropicStreamTap } from './anthropic-stream-tap.js';
import { convertAnthropicUsage } from './convert-anthropic-usage.js';
import { convertToAnthropicMessages } from './convert-to-anthropic-messages.js';
import { dropForeignThinking } from './drop-foreign-thinking.js';
import { parseAnthropicError } from './parse-anthropic-error.js';
import { parseAnthropicResponse } from './parse-anthropic-response.js';
import { withoutUnmetThinking } from './tool-loop-thinking.js';
import { parseBaseUrl } from '../shared/parsed-base-url.js';

/**
 * A path under the API version. The base URL is the bare origin, as Anthropic's SDK takes it and as
 * Anthropic and the compatible vendors document it (`https://api.anthropic.com`,
 * `https://api.deepseek.com/anthropic`); one already ending in `/v1` does not get a second.
 */
function versionedPath(provider: ProviderConfig, path: string): string {
  const basePath = parseBaseUrl(provider.baseUrl)?.path ?? '';
  return basePath.endsWith('/v1') ? path : `/v1${path}`;
}

/** The client's `anthropic-beta` flags, forwarded so Claude features a client switched on stay on. */
function betaHeader(clientHeaders: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> | undefined {
  const value = clientHeaders['anthropic-beta'];
  const joined = Array.isArray(value) ? value.join(',') : value;
  return joined ? { 'anthropic-beta': joined } : undefined;
}

/** Anthropic's Messages API, and the vendors that serve the same API under their own base URL. */
export const anthropicAdapter: ProviderAdapter = {
  type: 'anthropic',
  nativeFormat: 'anthropic-messages',
  authHeaders: (secret) => ({ 'x-api-key': secret, 'anthropic-version': anthropicVersion }),
  credentialHeaders: ['authorization', 'x-api-key', 'x-goog-api-key', 'api-key'],
  // Beta features (Claude Code's interleaved thinking, fine-grained tool streaming) are the client's to ask for.
  forwardedClientHeaders: ['anthropic-beta'],
  // Anthropic reports overload as an `error` event inside a 200 stream, often before any content.
  errorsInsideStreams: true,
  chatTarget: (provider) => ({ path: versionedPath(provider, '/messages') }),
  embeddingsTarget: () => null,
  // The list is paged, 20 models unless told; 1000 is the largest page and holds them all.
  modelsTarget: (provider) => ({ path: versionedPath(provider, '/models'), query: { limit: '1000' } }),
  parseModelList(body) {
    const parsed = anthropicModelListSchema.safeParse(body);
    return parsed.success ? parsed.data.data.map((model) => model.id) : [];
  },
  // Anthropic streams always carry usage (message_start, message_delta): only the model changes,
  // thinking another family signed (a Gemini answer earlier in the conversation) is left out, and
  // thinking is turned off when a tool loop then no longer opens with a thinking block, which
  // Anthropic refuses with thinking on (tool-loop-thinking.ts). Otherwise the client's bytes go up.
  prepareChatRequest(body, upstreamModel) {
    const own = dropForeignThinking(body);
    const changed = withoutUnmetThinking(own ?? body) ?? own;
    if (changed === null && body.model === upstreamModel) return { body: null, injectedUsageRequest: false };
    return { body: { ...(changed ?? body), model: upstreamModel }, injectedUsageRequest: false };
  },
  prepareEmbeddingsRequest: () => null,
  usageFromBody(body) {
    const parsed = anthropicUsageCarrierSchema.safeParse(body);
    if (!parsed.success || !parsed.data.usage) return null;
    return {
      usage: convertAnthropicUsage(parsed.data.usage),
      raw: parsed.data.usage,
      ...(parsed.data.model ? { model: parsed.data.model } : {}),
    };
  },
  createStreamTap: createAnthropicStreamTap,

  encodeChatRequest(request, context) {
    const body = convertToAnthropicMessages(request, { upstreamModel: context.upstreamModel, modelOutputLimit: context.modelOutputLimit });
    const headers = betaHeader(context.clientHeaders);
    return { target: { path: versionedPath(context.provider, '/messages') }, body, ...(headers ? { headers } : {}) };
  },
  parseChatResponse: parseAnthropicResponse,
  createStreamParser: createAnthropicStreamParser,
  parseError: parseAnthropicError,
};
