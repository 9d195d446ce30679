import type { FastifyPluginAsync } from 'fastify';
import { candidateSources } from '../candidate-sources.js';
import type { ChatRequest } from '../../conversion/chat-request.js';
import { anthropicInboundCodec } from '../../providers/anthropic/anthropic-inbound-codec.js';
import { resolveModel } from '../../routing/resolve-model.js';
import { selectCandidates } from '../../routing/select-candidates.js';
import { runChatExchange } from '../chat-exchange.js';
import { forwardedHeaders } from '../forwarded-headers.js';
import type { GatewayDependencies } from '../gateway-dependencies.js';
import { readBody } from '../../upstream/read-body.js';
import { parseJsonObject, requireModel } from '../request-body.js';
import { acceptRawBodies, sameFormatChatRequest } from './raw-json-bodies.js';
import { callUpstream } from '../../upstream/upstream-call.js';
import { createErrorHandler, notFoundHandler } from '../error-handler.js';
import { redactBody } from '../../store/secrets/redact-secrets.js';

/**
 * The Anthropic door: Messages for Claude Code and the Anthropic SDK, routed to any provider.
 * Registered under the `/v1/messages` prefix, so that every error under it, an unknown path and a
 * refused client key included, answers in Anthropic's shape, which those clients read.
 */
export const anthropicRoutes: FastifyPluginAsync<{ dependencies: GatewayDependencies }> = async (app, { dependencies }) => {
  acceptRawBodies(app, dependencies.bodyLimit);
  app.setErrorHandler(createErrorHandler({ log: dependencies.log, bodyLimit: dependencies.bodyLimit, errorBody: anthropicInboundCodec.errorBody }));
  app.setNotFoundHandler(notFoundHandler);

  app.post('/', async (request, reply) => {
    const raw = request.body as Buffer;
    const body = parseJsonObject(raw);
    const model = requireModel(body);
    const stream = body.stream === true;
    await runChatExchange(dependencies, request, reply, {
      endpoint: 'chat',
      format: 'anthropic-messages',
      client: request.clientName,
      requestedModel: model,
      stream,
      // Anthropic's stream always carries usage (message_start, message_delta).
      includeStreamUsage: true,
      outputTokenLimit: typeof body.max_tokens === 'number' ? body.max_tokens : null,
      prepare: sameFormatChatRequest(request, raw, body, stream),
      conversion: { codec: anthropicInboundCodec, decode: () => anthropicInboundCodec.decodeRequest(body) },
    });
  });

  /**
   * Claude Code asks how long a prompt is before sending it. An Anthropic provider answers exactly;
   * for other providers the count is estimated (about four characters a token), which is what the
   * client uses it for: deciding when to compact.
   */
  app.post('/count_tokens', async (request, reply) => {
    const raw = request.body as Buffer;
    const body = parseJsonObject(raw);
    const model = requireModel(body);
    const table = dependencies.routeTable();
    const resolved = resolveModel(table, model);
    const { candidates } = selectCandidates(table, resolved.model, resolved.pinnedProvider, candidateSources(dependencies, table));
    const first = candidates[0];
    const secret = first && table.secretFor(first.provider.config.id, first.key.id);
    if (first && secret !== undefined && first.provider.adapter.nativeFormat === 'anthropic-messages') {
      const adapter = first.provider.adapter;
      const response = await callUpstream(dependencies.agent, {
        provider: first.provider.config,
        target: { path: `${adapter.chatTarget(first.provider.config, resolved.model, false).path}/count_tokens` },
        method: 'POST',
        headers: { ...forwardedHeaders(adapter, request.headers), 'content-type': 'application/json', ...adapter.authHeaders(secret) },
        body: Buffer.from(JSON.stringify({ ...body, model: resolved.model })),
        signal: AbortSignal.timeout(table.config.routing.timeoutMs),
        headersTimeoutMs: table.config.routing.timeoutMs,
      });
      const answer = await readBody(response);
      // An error may echo the key: it goes back redacted.
      return reply.code(response.statusCode).header('content-type', 'application/json').send(response.statusCode >= 400 ? redactBody(answer, table.redactSecrets) : answer);
    }
    return { input_tokens: estimateTokens(anthropicInboundCodec.decodeRequest({ ...body, max_tokens: body.max_tokens ?? 1 })) };
  });
};

function estimateTokens(request: ChatRequest): number {
  const text = JSON.stringify([request.system, request.messages, request.tools]);
  return Math.max(1, Math.ceil(text.length / 4));
}
