import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PreparedUpstreamRequest } from '../chat-exchange.js';
import { forwardedHeaders } from '../forwarded-headers.js';
import type { KeyEntry } from '../../routing/route-table.js';

/**
 * Bodies stay raw Buffers in the chat doors: the same-format path forwards the client's bytes when
 * nothing needs rewriting, and bad JSON must get the door's own 400 rather than fastify's. curl
 * without `-H content-type` sends form encoding; a JSON body is still what is meant.
 */
export function acceptRawBodies(app: FastifyInstance, bodyLimit: number): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));
}

/**
 * The same-format request of a chat door: the client's body with only the model rewritten (and, for
 * OpenAI streams, usage asked for), its bytes untouched when nothing changed.
 */
export function sameFormatChatRequest(
  request: FastifyRequest,
  raw: Buffer,
  body: Record<string, unknown>,
  stream: boolean,
): (entry: KeyEntry, upstreamModel: string) => PreparedUpstreamRequest {
  return (entry, upstreamModel) => {
    const adapter = entry.provider.adapter;
    const prepared = adapter.prepareChatRequest(body, upstreamModel);
    return {
      target: adapter.chatTarget(entry.provider.config, upstreamModel, stream),
      body: prepared.body ? Buffer.from(JSON.stringify(prepared.body)) : raw,
      injectedUsageRequest: prepared.injectedUsageRequest,
      headers: forwardedHeaders(adapter, request.headers),
    };
  };
}
