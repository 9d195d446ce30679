import type { FastifyReply, FastifyRequest } from 'fastify';
import { candidateSources } from './candidate-sources.js';
import type { Dispatcher } from 'undici';
import type { ChatRequest } from '../conversion/chat-request.js';
import type { InboundCodec } from '../conversion/inbound-codec.js';
import { ContractError, hasErrorCode } from '../conversion/contract-error.js';
import type { WireFormat } from '../conversion/wire-format.js';
import type { ProviderAdapter, UpstreamTarget } from '../providers/provider-adapter.js';
import { classifyUpstreamStatus } from '../routing/classify-upstream-status.js';
import { retryAfterMs } from '../routing/parse-retry-after.js';
import { resolveModel } from '../routing/resolve-model.js';
import type { KeyEntry } from '../routing/route-table.js';
import { selectCandidates } from '../routing/select-candidates.js';
import { orderCandidates } from '../routing/strategies/order-candidates.js';
import type { AttemptContext } from './attempt-context.js';
import { deliverConverted } from './deliver-converted.js';
import { deliverSameFormat } from './deliver-same-format.js';
import { describeConnectionError, isTimeout, noCandidateError, upstreamErrorSender, type AttemptResult, type FailedAttempt } from './exchange-failures.js';
import type { GatewayDependencies } from './gateway-dependencies.js';
import { readBody } from '../upstream/read-body.js';
import { secondsUntilFirstReopens, strategyContextFor } from './routing-context.js';
import { cancelOnClientClose } from './client-disconnect.js';
import { callUpstream } from '../upstream/upstream-call.js';
import { upstreamChatHeaders } from './upstream-headers.js';
import { recordAttempt, recordFinal, type EventDraft } from './usage-events.js';

export interface PreparedUpstreamRequest {
  target: UpstreamTarget;
  body: Buffer;
  /** True when Switchyard asked for stream usage the client did not; the tap then drops it. */
  injectedUsageRequest: boolean;
  /** Client headers the family wants forwarded on this path. */
  headers: Record<string, string>;
}

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
 * One chat (or embeddings) request: pick candidates, try them in order until one answers with
 * something other than a retryable failure (SPEC §5), then deliver that answer — the upstream's bytes
 * untouched when it speaks the client's format, converted through the internal contract when not —
 * and record its usage.
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
  if (reachable.length === 0) {
    throw noCandidateError(table, resolved.model, selection, exchange.endpoint, secondsUntilFirstReopens(dependencies.breaker, selection.coolingDown));
  }

  const clientGone = cancelOnClientClose(reply.raw);
  let decoded: ChatRequest | null = null;
  const decode = () => (decoded ??= exchange.conversion!.decode());
  const time = Date.now();
  const draft = (provider: string | null, keyId: string | null): EventDraft => ({
    time,
    client: exchange.client,
    modelRequested: exchange.requestedModel,
    stream: exchange.stream,
    endpoint: exchange.endpoint,
    provider,
    keyId,
    modelUsed: resolved.model,
  });
  const maxAttempts = table.config.routing.retries + 1;
  let attempts = 0;
  let lastFailure: FailedAttempt | null = null;
  let refusal: ContractError | null = null;
  const failures: string[] = [];
  /** Keys that cooled down, or got a probe from another request, between selection and their turn. */
  const passedBy: KeyEntry[] = [];

  for (const entry of reachable) {
    if (attempts >= maxAttempts) break;
    const providerId = entry.provider.config.id;
    const adapter = entry.provider.adapter;
    const secret = table.secretFor(providerId, entry.key.id);
    if (secret === undefined) continue;
    const sameFormat = isSameFormat(adapter, exchange);

    let plan: PreparedUpstreamRequest | null;
    try {
      plan = sameFormat ? exchange.prepare(entry, resolved.model) : convertedPlan(dependencies, request, entry, adapter, decode(), resolved.model);
    } catch (error) {
      // This family cannot express the request; another candidate may.
      if (!hasErrorCode(error, 'unsupported_feature')) throw error;
      refusal ??= error;
      continue;
    }
    if (plan === null) continue;
    // Null while the key cools down, or while another request probes it (half-open).
    const attempt = dependencies.breaker.tryAcquire(providerId, entry.key.id);
    if (attempt === null) {
      passedBy.push(entry);
      continue;
    }

    const endInFlight = dependencies.metrics.start(providerId, resolved.model);
    const event = draft(providerId, entry.key.id);
    let response: Dispatcher.ResponseData;
    const attemptStarted = performance.now();
    try {
      response = await callUpstream(dependencies.agent, {
        provider: entry.provider.config,
        target: plan.target,
        method: 'POST',
        headers: upstreamChatHeaders(entry, adapter, secret, exchange.stream, plan.headers),
        body: plan.body,
        signal: clientGone,
        headersTimeoutMs: table.config.routing.timeoutMs,
      });
    } catch (error) {
      endInFlight();
      if (clientGone.aborted) {
        attempt.released();
        recordFinal(dependencies, event, { status: 499, error: 'client closed the request' }, started, null, null, resolved.model);
        return;
      }
      const message = describeConnectionError(error);
      lastFailure = { status: isTimeout(error) ? 504 : 502, message, send: null };
      attempt.failed(message, null);
      attempts++;
      failures.push(`${providerId}/${entry.key.id}: ${message}`);
      recordAttempt(dependencies, event, { status: lastFailure.status, error: message }, started);
      continue;
    }

    const firstByteMs = performance.now() - started;
    const attemptFirstByteMs = performance.now() - attemptStarted;
    let retryAfter: number | null = null;
    const verdict = classifyUpstreamStatus(response.statusCode);
    let result: AttemptResult;
    if (verdict === 'deliver') {
      const context: AttemptContext = {
        dependencies,
        request,
        reply,
        entry,
        adapter,
        response,
        codec: exchange.conversion?.codec ?? null,
        requestedModel: exchange.requestedModel,
        routedModel: resolved.model,
        stream: exchange.stream,
        injectedUsageRequest: plan.injectedUsageRequest,
        includeStreamUsage: exchange.includeStreamUsage,
        event,
        started,
        firstByteMs,
        aborted: () => clientGone.aborted,
        endInFlight,
      };
      result = sameFormat ? await deliverSameFormat(context) : await deliverConverted(context);
      if (result.kind === 'answered') {
        attempt.succeeded();
        if (response.statusCode < 300) dependencies.routing.recordFirstByte(providerId, entry.key.id, attemptFirstByteMs);
        return;
      }
    } else {
      const body = await readBody(response).catch(() => Buffer.alloc(0));
      const message = `upstream answered ${response.statusCode}`;
      retryAfter = retryAfterMs(response.headers, dependencies.breaker.now());
      const send = upstreamErrorSender(exchange.conversion?.codec ?? null, adapter, sameFormat, response.statusCode, response.headers, body, table.redactSecrets);
      result = { kind: 'failed', retryable: true, keyRejected: verdict === 'key-rejected', failure: { status: response.statusCode, message, send } };
    }
    endInFlight();
    if (result.keyRejected) attempt.released();
    else if (result.retryable) attempt.failed(result.failure.message, retryAfter);
    else attempt.succeeded();
    if (result.keyRejected) {
      dependencies.health.disable(providerId, entry.key.id, `${result.failure.message}: the key was refused`);
      dependencies.log.warn(`key ${providerId}/${entry.key.id} disabled: ${result.failure.message} (the key was refused; fix or re-enable it)`);
    }
    lastFailure = result.failure;
    failures.push(`${providerId}/${entry.key.id}: ${result.failure.message}`);
    if (!result.retryable) {
      result.failure.send?.(reply);
      recordFinal(dependencies, event, { status: result.failure.status, firstByteMs, error: result.failure.message }, started, null, entry, resolved.model);
      return;
    }
    // A refused key says nothing about the request: it does not use up a retry.
    if (!result.keyRejected) attempts++;
    recordAttempt(dependencies, event, { status: result.failure.status, error: result.failure.message, firstByteMs }, started);
  }

  const final = draft(null, null);
  const finalStatus = lastFailure?.status ?? 502;
  if (lastFailure?.send) {
    lastFailure.send(reply);
    recordFinal(dependencies, final, { status: finalStatus, error: lastFailure.message }, started, null, null, resolved.model);
    return;
  }
  if (attempts === 0 && refusal) throw refusal;
  if (failures.length === 0 && passedBy.length > 0) {
    throw noCandidateError(table, resolved.model, { ...selection, candidates: [] }, exchange.endpoint, secondsUntilFirstReopens(dependencies.breaker, passedBy));
  }
  recordFinal(dependencies, final, { status: finalStatus, error: 'no upstream answered' }, started, null, null, resolved.model);
  throw new ContractError(
    'upstream_unavailable',
    failures.length > 0
      ? `No upstream answered for model "${resolved.model}": ${failures.join('; ')}.`
      : `No key with a stored secret serves model "${resolved.model}".`,
    { status: finalStatus },
  );
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
