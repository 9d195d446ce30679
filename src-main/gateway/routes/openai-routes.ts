import type { FastifyPluginAsync } from 'fastify';
import { openaiInboundCodec } from '../../providers/openai/openai-inbound-codec.js';
import { decodeGeminiStyleBody, isGeminiStyleBody } from '../../providers/gemini/gemini-style-openai-body.js';
import { runChatExchange } from '../chat-exchange.js';
import type { GatewayDependencies } from '../gateway-dependencies.js';
import { GatewayError } from '../gateway-error.js';
import { parseJsonObject, requireModel } from '../request-body.js';
import { acceptRawBodies, sameFormatChatRequest } from './raw-json-bodies.js';

/** The OpenAI door: Chat Completions, embeddings and the model list (SPEC §4). */
export const openaiRoutes: FastifyPluginAsync<{ dependencies: GatewayDependencies }> = async (app, { dependencies }) => {
  acceptRawBodies(app, dependencies.bodyLimit);

  app.post('/v1/chat/completions', async (request, reply) => {
    const raw = request.body as Buffer;
    const body = parseJsonObject(raw);
    const model = requireModel(body);
    const stream = body.stream === true;
    // A seed behaviour: Gemini `contents` sent to the OpenAI door are understood, then converted
    // for every candidate (the body is not an OpenAI body, so nothing can pass through untouched).
    const geminiStyle = isGeminiStyleBody(body);
    await runChatExchange(dependencies, request, reply, {
      endpoint: 'chat',
      format: 'openai-chat',
      client: request.clientName,
      requestedModel: model,
      stream,
      includeStreamUsage: (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true,
      outputTokenLimit: numberOrNull(body.max_completion_tokens) ?? numberOrNull(body.max_tokens),
      prepare: sameFormatChatRequest(request, raw, body, stream),
      conversion: {
        codec: openaiInboundCodec,
        decode: () => (geminiStyle ? decodeGeminiStyleBody(body) : openaiInboundCodec.decodeRequest(body)),
        forceConversion: geminiStyle,
      },
    });
  });

  app.post('/v1/embeddings', async (request, reply) => {
    const raw = request.body as Buffer;
    const body = parseJsonObject(raw);
    const model = requireModel(body);
    if (body.input === undefined) throw new GatewayError(400, 'missing_input', 'The request body needs an "input".');
    await runChatExchange(dependencies, request, reply, {
      endpoint: 'embeddings',
      format: 'openai-chat',
      client: request.clientName,
      requestedModel: model,
      stream: false,
      includeStreamUsage: false,
      prepare(entry, upstreamModel) {
        const adapter = entry.provider.adapter;
        const target = adapter.embeddingsTarget(entry.provider.config, upstreamModel);
        if (target === null) return null;
        const rewritten = adapter.prepareEmbeddingsRequest(body, upstreamModel);
        return { target, body: rewritten ? Buffer.from(JSON.stringify(rewritten)) : raw, injectedUsageRequest: false, headers: {} };
      },
      conversion: null,
    });
  });

  app.get('/v1/models', async () => {
    const models = await dependencies.models.list(dependencies.routeTable());
    return {
      object: 'list',
      data: models.map((model) => ({ id: model.id, object: 'model', created: 0, owned_by: model.ownedBy })),
    };
  });
};

function numberOrNull(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
