import type { FastifyReply, FastifyRequest } from 'fastify';
import { captureBodies } from './body-capture.js';
import { candidateSources } from './candidate-sources.js';
import type { ChatRequest } from '../conversion/chat-request.js';
import type { InboundCodec } from '../conversion/inbound-codec.js';
import { hasErrorCode } from '../conversion/contract-error.js';
import type { WireFormat } from '../conversion/wire-format.js';
import type { ProviderAdapter } from '../providers/provider-adapter.js';
import { resolveModel } from '../routing/resolve-model.js';
import type { KeyEntry } from '../routing/route-table.js';
import { runFailover, type FailoverAttempts } from '../routing/run-failover.js';
import { selectCandidates } from '../routing/select-candidates.js';
import { orderCandidates } from '../routing/strategies/order-candidates.js';
import type { GatewayDependencies } from './gateway-dependencies.js';
import { strategyContextFor } from './routing-context.js';
import { cancelOnClientClose } from './client-disconnect.js';
import { sendAttempt, type AttemptPlan, type ExchangeRun, type PreparedUpstreamRequest } from './send-attempt.js';
import { recordAttempt, recordFinal, type EventDraft } from './usage-events.js';

export type { PreparedUpstreamRequest } from './send-attempt.js';

export interface Exchange {
  endpoint: 'chat' | 'embeddings';
  /** The client's format; a candidate whose adapter speaks it gets the client's bytes untouched. */
  format: WireFormat;
  client: string | null;
  requestedModel: string;
  stream: boolean;
  /** Whether the client asked for usage in its stream (OpenAI's `stream_options.include_usage`). */
  includeStreamUsage: boolean;
  /** The most output tokens the request allows (`max_tokens`), for the `cost` strategy's estimate. */
  outputTokenLimit?: number | null;
  /** Builds a same-format upstream request; null when the family has no such endpoint. */
  prepare(entry: KeyEntry, upstreamModel: string): PreparedUpstreamRequest | null;
  /**
   * The client's door, for converting to and from other formats; null where the route has no
   * conversion (embeddings). With `forceConversion`, even same-format candidates get a converted
   * request (a Gemini-style body on the OpenAI door is not an OpenAI body).
   */
  conversion: { codec: InboundCodec; decode(): ChatRequest; forceConversion?: boolean } | null;
}

/**
 * One chat (or embeddings) request: pick and order candidates, let routing walk them (runFailover:
 * breaker, retries, refused keys), and for each attempt plan the upstream request, send it and
 * deliver the answer — the upstream's bytes untouched when it speaks the client's format, converted
 * through the internal contract when not — recording its usage.
 */
export async function runChatExchange(dependencies: GatewayDependencies, request: FastifyRequest, reply: FastifyReply, exchange: Exchange): Promise<void> {
  const table = dependencies.routeTable();
  const started = performance.now();
  const resolved = resolveModel(table, exchange.requestedModel);
  const selection = selectCandidates(table, resolved.model, resolved.pinnedProvider, candidateSources(dependencies, table));
  const reachable = orderCandidates(
    resolved.strategy ?? table.config.routing.strategy,
    selection.candidates.filter((entry) => isSameFormat(entry.provider.adapter, exchange) || exchange.conversion !== null),
    strategyContextFor(dependencies, resolved, request, exchange.outputTokenLimit),
  );
  const clientGone = cancelOnClientClose(reply.raw);
  let decoded: ChatRequest | null = null;
  const decode = () => (decoded ??= exchange.conversion!.decode());
  const time = Date.now();
  const bodies = dependencies.logBodies?.() === true ? captureBodies(request, reply, table.redactSecrets) : undefined;
  const draft = (provider: string | null, keyId: string | null): EventDraft => ({
    time,
    bodies,
    client: exchange.client,
    modelRequested: exchange.requestedModel,
    stream: exchange.stream,
    endpoint: exchange.endpoint,
    provider,
    keyId,
    modelUsed: resolved.model,
  });

  const run: ExchangeRun = {
    dependencies,
    request,
    reply,
    table,
    codec: exchange.conversion?.codec ?? null,
    requestedModel: exchange.requestedModel,
    routedModel: resolved.model,
    stream: exchange.stream,
    includeStreamUsage: exchange.includeStreamUsage,
    started,
    clientGone,
    draft,
  };
  const attempts: FailoverAttempts<AttemptPlan, FastifyReply> = {
    prepare(entry) {
      const secret = table.secretFor(entry.provider.config.id, entry.key.id);
      if (secret === undefined) return { kind: 'skip' };
      const sameFormat = isSameFormat(entry.provider.adapter, exchange);
      try {
        const prepared = sameFormat ? exchange.prepare(entry, resolved.model) : convertedPlan(dependencies, request, entry, entry.provider.adapter, decode(), resolved.model);
        return prepared === null ? { kind: 'skip' } : { kind: 'ready', plan: { prepared, secret, sameFormat } };
      } catch (error) {
        // This family cannot express the request; another candidate may.
        if (hasErrorCode(error, 'unsupported_feature')) return { kind: 'unsupported', error };
        throw error;
      }
    },
    send: (entry, plan) => sendAttempt(run, entry, plan),
    retried(entry, failure) {
      recordAttempt(dependencies, draft(entry.provider.config.id, entry.key.id), { status: failure.status, error: failure.message, firstByteMs: failure.firstByteMs }, started);
    },
  };

  const outcome = await runFailover({
    table,
    model: resolved.model,
    endpoint: exchange.endpoint,
    selection,
    candidates: reachable,
    retries: table.config.routing.retries,
    breaker: dependencies.breaker,
    health: dependencies.health,
    attempts,
    warn: (message) => dependencies.log.warn(message),
    failedOver: dependencies.failedOver && ((from, to) => dependencies.failedOver!(from, to, resolved.model)),
  });
  switch (outcome.kind) {
    case 'answered':
    case 'abandoned':
      return;
    case 'failed': {
      outcome.failure.send(reply);
      const { entry, failure } = outcome;
      const event = entry === null ? draft(null, null) : draft(entry.provider.config.id, entry.key.id);
      const firstByteMs = entry === null ? null : failure.firstByteMs;
      recordFinal(dependencies, { draft: event, outcome: { status: failure.status, firstByteMs, error: failure.message }, started, entry, routedModel: resolved.model });
      return;
    }
    case 'refused':
      if (outcome.recordedError !== null) {
        recordFinal(dependencies, { draft: draft(null, null), outcome: { status: outcome.refusal.status, error: outcome.recordedError }, started, routedModel: resolved.model });
      }
      throw outcome.refusal;
    case 'unsupported':
      throw outcome.error;
  }
}

function isSameFormat(adapter: ProviderAdapter, exchange: Exchange): boolean {
  return adapter.nativeFormat === exchange.format && !exchange.conversion?.forceConversion;
}

function convertedPlan(
  dependencies: GatewayDependencies,
  request: FastifyRequest,
  entry: KeyEntry,
  adapter: ProviderAdapter,
  chatRequest: ChatRequest,
  upstreamModel: string,
): PreparedUpstreamRequest {
  const encoded = adapter.encodeChatRequest(chatRequest, {
    provider: entry.provider.config,
    upstreamModel,
    modelOutputLimit: dependencies.modelOutputLimit?.(entry.provider.config, upstreamModel),
    clientHeaders: request.headers,
  });
  return { target: encoded.target, body: Buffer.from(JSON.stringify(encoded.body)), headers: encoded.headers ?? {}, injectedUsageRequest: false };
}
