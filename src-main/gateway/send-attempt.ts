import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import type { InboundCodec } from '../conversion/inbound-codec.js';
import type { UpstreamTarget } from '../providers/provider-adapter.js';
import { classifyUpstreamStatus } from '../routing/classify-upstream-status.js';
import { retryAfterMs } from '../routing/parse-retry-after.js';
import type { KeyEntry, RouteTable } from '../routing/route-table.js';
import { readBody } from '../upstream/read-body.js';
import { callUpstream } from '../upstream/upstream-call.js';
import type { AttemptContext } from './attempt-context.js';
import type { ClientDisconnect } from './client-disconnect.js';
import { deliverConverted } from './deliver-converted.js';
import { deliverSameFormat } from './deliver-same-format.js';
import { describeConnectionError, isTimeout, upstreamErrorSender, type AttemptResult } from './exchange-failures.js';
import type { GatewayDependencies } from './gateway-dependencies.js';
import { upstreamChatHeaders } from './upstream-headers.js';
import { recordFinal, type EventDraft } from './usage-events.js';

export interface PreparedUpstreamRequest {
  target: UpstreamTarget;
  body: Buffer;
  /** True when Switchyard asked for stream usage the client did not; the tap then drops it. */
  injectedUsageRequest: boolean;
  /** Client headers the family wants forwarded on this path. */
  headers: Record<string, string>;
}

/** A candidate's request, ready to send. */
export interface AttemptPlan {
  prepared: PreparedUpstreamRequest;
  secret: string;
  /** The provider speaks the client's format: its bytes go to the client untouched. */
  sameFormat: boolean;
}

/** What every attempt of one client request shares. */
export interface ExchangeRun {
  dependencies: GatewayDependencies;
  request: FastifyRequest;
  reply: FastifyReply;
  /** The table the request started with, kept through a reload. */
  table: RouteTable;
  /** The client's door codec; null on routes without conversion. */
  codec: InboundCodec | null;
  requestedModel: string;
  routedModel: string;
  stream: boolean;
  includeStreamUsage: boolean;
  started: number;
  clientGone: ClientDisconnect;
  draft(provider: string | null, keyId: string | null): EventDraft;
}

/**
 * One attempt: the HTTP call with the candidate's key, then, when the upstream answered with
 * something to deliver, the delivery; otherwise the failure, as a plain value for routing to weigh.
 */
export async function sendAttempt(run: ExchangeRun, entry: KeyEntry, plan: AttemptPlan): Promise<AttemptResult> {
  const { dependencies, started, clientGone } = run;
  const providerId = entry.provider.config.id;
  const adapter = entry.provider.adapter;
  const endInFlight = dependencies.metrics.start(providerId, run.routedModel);
  const event = run.draft(providerId, entry.key.id);
  let response: Dispatcher.ResponseData;
  const attemptStarted = performance.now();
  try {
    response = await callUpstream(dependencies.agent, {
      provider: entry.provider.config,
      target: plan.prepared.target,
      method: 'POST',
      headers: upstreamChatHeaders(entry, adapter, plan.secret, run.stream, plan.prepared.headers),
      body: plan.prepared.body,
      signal: clientGone,
      headersTimeoutMs: run.table.config.routing.timeoutMs,
    });
  } catch (error) {
    endInFlight();
    if (clientGone.aborted) {
      recordFinal(dependencies, { draft: event, outcome: { status: 499, error: 'client closed the request' }, started, routedModel: run.routedModel });
      return { kind: 'abandoned' };
    }
    const message = describeConnectionError(error);
    return {
      kind: 'failed',
      failure: { status: isTimeout(error) ? 504 : 502, message, retryable: true, keyRejected: false, retryAfterMs: null, firstByteMs: null, upstream: null, send: null },
    };
  }

  const firstByteMs = performance.now() - started;
  const attemptFirstByteMs = performance.now() - attemptStarted;
  const verdict = classifyUpstreamStatus(response.statusCode);
  let result: AttemptResult;
  if (verdict === 'deliver') {
    const context: AttemptContext = {
      dependencies,
      request: run.request,
      reply: run.reply,
      entry,
      adapter,
      response,
      codec: run.codec,
      requestedModel: run.requestedModel,
      routedModel: run.routedModel,
      stream: run.stream,
      injectedUsageRequest: plan.prepared.injectedUsageRequest,
      includeStreamUsage: run.includeStreamUsage,
      redactSecrets: run.table.redactSecrets,
      event,
      started,
      firstByteMs,
      aborted: () => clientGone.aborted,
      endInFlight,
    };
    result = plan.sameFormat ? await deliverSameFormat(context) : await deliverConverted(context);
    if (result.kind === 'answered') {
      if (response.statusCode < 300) dependencies.routing.recordFirstByte(providerId, entry.key.id, attemptFirstByteMs);
      return result;
    }
  } else {
    const body = await readBody(response).catch(() => Buffer.alloc(0));
    const status = response.statusCode;
    const keyRejected = verdict === 'key-rejected';
    const send = upstreamErrorSender(run.codec, adapter, plan.sameFormat, status, response.headers, body, run.table.redactSecrets);
    result = {
      kind: 'failed',
      failure: {
        status,
        message: `upstream answered ${status}`,
        retryable: true,
        keyRejected,
        retryAfterMs: retryAfterMs(response.headers, dependencies.breaker.now()),
        firstByteMs,
        // The vendor's words are only worth reading when they may end up in our own error; vendors
        // echo the refused key in them, so they are redacted first.
        upstream: keyRejected ? { status, message: run.table.redactSecrets(adapter.parseError(status, body).message) } : null,
        send,
      },
    };
  }
  endInFlight();
  return result;
}
