import type { FastifyPluginAsync } from 'fastify';
import { ContractError } from '../../conversion/contract-error.js';
import { openaiInboundCodec } from '../../providers/openai/openai-inbound-codec.js';
import { runChatExchange } from '../chat-exchange.js';
import { createErrorHandler } from '../error-handler.js';
import type { GatewayDependencies } from '../gateway-dependencies.js';
import { parseJsonObject, requireModel } from '../request-body.js';
import { acceptRawBodies, sameFormatChatRequest } from './raw-json-bodies.js';

/** The OpenAI door: Chat Completions, embeddings and the model list; its errors in OpenAI's shape. */
export const openaiRoutes: FastifyPluginAsync<{ dependencies: GatewayDependencies }> = async (app, { dependencies }) => {
  acceptRawBodies(app, dependencies.bodyLimit);
  app.setErrorHandler(createErrorHandler({ log: dependencies.log, bodyLimit: dependencies.bodyLimit, errorBody: openaiInboundCodec.errorBody }));

  app.post('/v1/chat/completions', async (request, reply) => {
    const raw = request.body as Buffer;
    const body = parseJsonObject(raw);
    const model = requireModel(body);
    const stream = body.stream === true;
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
        decode: () => openaiInboundCodec.decodeRequest(body),
        // A body the codec understands but that is not OpenAI's (a Gemini-style one) cannot pass through.
        forceConversion: openaiInboundCodec.needsConversion(body),
      },
    });
  });

  app.post('/v1/embeddings', async (request, reply) => {
    const raw = request.body as Buffer;
    const body = parseJsonObject(raw);
    const model = requireModel(body);
    if (body.input === undefined) throw new ContractError('missing_input', 'The request body needs an "input".');
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
