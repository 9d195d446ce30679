import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Dispatcher } from 'undici';
import { emptyUsage, type TokenUsage, type UsageEvent } from '../../src-shared/usage.js';
import type { UpstreamTarget, UsageReading, WireFormat } from '../providers/provider-adapter.js';
import { resolveModel } from '../routing/resolve-model.js';
import type { KeyEntry, RouteTable } from '../routing/route-table.js';
import { selectCandidates } from '../routing/select-candidates.js';
import { classifyUpstreamStatus } from '../routing/classify-upstream-status.js';
import type { GatewayDependencies } from './gateway-dependencies.js';
import { GatewayError } from './gateway-error.js';
import { readBody, relayResponse } from './relay-response.js';
import { callUpstream } from './upstream-call.js';

export interface PreparedUpstreamRequest {
  target: UpstreamTarget;
  body: Buffer;
  /** True when Switchyard asked for stream usage the client did not; the tap then drops it. */
  injectedUsageRequest: boolean;
}

export interface Exchange {
  endpoint: 'chat' | 'embeddings';
  /** The client's format; candidates whose adapter speaks another one need conversion. */
  format: WireFormat;
  client: string | null;
  requestedModel: string;
  stream: boolean;
  /** Builds the upstream request for one candidate; null when its family has no such endpoint. */
  prepare(entry: KeyEntry, upstreamModel: string): PreparedUpstreamRequest | null;
}

interface FailedAttempt {
  status: number;
  message: string;
  /** The upstream's own answer, passed on as it is when no candidate is left. */
  response: { headers: Dispatcher.ResponseData['headers']; body: Buffer } | null;
}

/**
 * One same-format request: pick candidates, try them in order until one answers with something other
 * than a retryable failure (SPEC §5), then relay that answer's bytes untouched and record its usage.
 */
export async function runSameFormatExchange(
  dependencies: GatewayDependencies,
  request: FastifyRequest,
  reply: FastifyReply,
  exchange: Exchange,
): Promise<void> {
  const table = dependencies.routeTable();
  const started = performance.now();
  const time = Date.now();
  const resolved = resolveModel(table, exchange.requestedModel);
  const selection = selectCandidates(table, resolved.model, resolved.pinnedProvider, {
    health: dependencies.health,
    spentUsd: dependencies.usage.spentUsd.bind(dependencies.usage),
    serves: (providerId, model) => dependencies.models.serves(table, providerId, model),
  });
  const reachable = selection.candidates.filter((entry) => entry.provider.adapter?.nativeFormat === exchange.format);
  if (reachable.length === 0) throw noCandidateError(table, resolved.model, selection, exchange);

  const abort = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) abort.abort();
  });

  const baseEvent = {
    time,
    client: exchange.client,
    modelRequested: exchange.requestedModel,
    stream: exchange.stream,
    endpoint: exchange.endpoint,
  };
  const maxAttempts = table.config.routing.retries + 1;
  let attempts = 0;
  let lastFailure: FailedAttempt | null = null;
  const failures: string[] = [];

  for (const entry of reachable) {
    if (attempts >= maxAttempts) break;
    const providerId = entry.provider.config.id;
    const adapter = entry.provider.adapter!;
    const secret = table.secretFor(providerId, entry.key.id);
    const prepared = exchange.prepare(entry, resolved.model);
    if (secret === undefined || prepared === null) continue;

    const endInFlight = dependencies.metrics.start(providerId, resolved.model);
    const attemptEvent = { ...baseEvent, provider: providerId, keyId: entry.key.id, modelUsed: resolved.model };
    let response: Dispatcher.ResponseData;
    try {
      response = await callUpstream(dependencies.agent, {
        provider: entry.provider.config,
        target: prepared.target,
        method: 'POST',
        headers: {
          ...entry.provider.config.headers,
          'content-type': 'application/json',
          accept: exchange.stream ? 'text/event-stream' : 'application/json',
          // Usage is read from the bytes as they pass: they must not arrive compressed.
          'accept-encoding': 'identity',
          ...adapter.authHeaders(secret),
        },
        body: prepared.body,
        signal: abort.signal,
        headersTimeoutMs: table.config.routing.timeoutMs,
      });
    } catch (error) {
      endInFlight();
      if (abort.signal.aborted) {
        recordFinal(dependencies, { ...attemptEvent, status: 499, error: 'client closed the request' }, started, null, null, resolved.model);
        return;
      }
      attempts++;
      const message = describeConnectionError(error);
      failures.push(`${providerId}/${entry.key.id}: ${message}`);
      lastFailure = { status: isTimeout(error) ? 504 : 502, message, response: null };
      recordAttempt(dependencies, { ...attemptEvent, status: lastFailure.status, error: message }, started);
      continue;
    }

    const firstByteMs = performance.now() - started;
    const verdict = classifyUpstreamStatus(response.statusCode);
    if (verdict !== 'deliver') {
      endInFlight();
      const body = await readBody(response).catch(() => Buffer.alloc(0));
      const message = `upstream answered ${response.statusCode}`;
      failures.push(`${providerId}/${entry.key.id}: ${message}`);
      if (verdict === 'key-rejected') {
        dependencies.health.disable(providerId, entry.key.id, `${message}: the key was refused`);
        dependencies.log.warn(`key ${providerId}/${entry.key.id} disabled: ${message} (the key was refused; fix or re-enable it)`);
      } else {
        attempts++;
      }
      lastFailure = { status: response.statusCode, message, response: { headers: response.headers, body } };
      recordAttempt(dependencies, { ...attemptEvent, status: response.statusCode, error: message, firstByteMs }, started);
      continue;
    }

    // Committed: from here on the client gets this upstream's bytes.
    reply.hijack();
    const isEventStream = String(response.headers['content-type'] ?? '').includes('text/event-stream');
    const tap = isEventStream ? adapter.createStreamTap({ dropInjectedUsage: prepared.injectedUsageRequest }) : null;
    const success = response.statusCode < 300;
    const relayed = await relayResponse(response, reply.raw, {
      tap,
      keepCopy: !isEventStream && success,
      // Dropping the injected usage chunk changes the length.
      dropHeaders: prepared.injectedUsageRequest ? new Set(['content-length']) : undefined,
    });
    endInFlight();
    let reading: UsageReading | null = tap ? tap.reading() : null;
    if (relayed.copy) reading = readJsonUsage(relayed.copy, (body) => adapter.usageFromBody(body));
    const status = relayed.completed ? response.statusCode : 499;
    recordFinal(
      dependencies,
      {
        ...attemptEvent,
        modelUsed: reading?.model ?? resolved.model,
        status,
        firstByteMs,
        error: relayed.completed ? (success ? null : `upstream answered ${response.statusCode}`) : 'stream ended early',
      },
      started,
      reading,
      entry,
      resolved.model,
    );
    return;
  }

  if (lastFailure?.response) {
    reply
      .code(lastFailure.status)
      .header('content-type', String(lastFailure.response.headers['content-type'] ?? 'application/json'))
      .send(lastFailure.response.body);
    recordFinal(dependencies, { ...baseEvent, provider: null, keyId: null, modelUsed: resolved.model, status: lastFailure.status, error: lastFailure.message }, started, null, null, resolved.model);
    return;
  }
  const status = lastFailure?.status ?? 502;
  recordFinal(dependencies, { ...baseEvent, provider: null, keyId: null, modelUsed: resolved.model, status, error: 'no upstream answered' }, started, null, null, resolved.model);
  throw new GatewayError(
    status,
    'upstream_unavailable',
    failures.length > 0
      ? `No upstream answered for model "${resolved.model}": ${failures.join('; ')}.`
      : `No key with a stored secret serves model "${resolved.model}".`,
    'api_error',
  );
}

type EventDraft = Pick<UsageEvent, 'time' | 'client' | 'modelRequested' | 'modelUsed' | 'status' | 'stream' | 'endpoint' | 'provider' | 'keyId'> &
  Partial<Pick<UsageEvent, 'error' | 'firstByteMs'>>;

function recordAttempt(dependencies: GatewayDependencies, draft: EventDraft, started: number): void {
  dependencies.usage.record(toEvent(draft, started, emptyUsage(), 0, null, false));
}

function recordFinal(
  dependencies: GatewayDependencies,
  draft: EventDraft,
  started: number,
  reading: UsageReading | null,
  entry: KeyEntry | null,
  /**
   * The model routed on (asked for, after aliases). Metrics are labelled with it so one model's
   * successes and failures share a series, and it is priced when the user set a price for it but
   * not for the snapshot name the upstream answered with.
   */
  routedModel: string,
): void {
  const latencyMs = performance.now() - started;
  const usage = reading?.usage ?? emptyUsage();
  // No reading means no tokens were billed (an error answer, or a stream cut before its usage).
  const cost = entry && reading ? dependencies.prices.costUsd(entry.provider.config, draft.modelUsed ?? '', usage, routedModel) : 0;
  dependencies.metrics.observe(draft.provider ?? '(none)', routedModel, draft.status, latencyMs);
  dependencies.usage.record(toEvent(draft, started, usage, cost, reading ? JSON.stringify(reading.raw) : null, true));
}

function toEvent(draft: EventDraft, started: number, usage: TokenUsage, costUsd: number | null, rawUsage: string | null, final: boolean): UsageEvent {
  return {
    time: draft.time,
    client: draft.client,
    provider: draft.provider,
    keyId: draft.keyId,
    modelRequested: draft.modelRequested,
    modelUsed: draft.modelUsed,
    status: draft.status,
    latencyMs: performance.now() - started,
    firstByteMs: draft.firstByteMs ?? null,
    usage,
    costUsd,
    stream: draft.stream,
    error: draft.error ?? null,
    endpoint: draft.endpoint,
    final,
    rawUsage,
  };
}

function readJsonUsage(copy: Buffer, read: (body: unknown) => UsageReading | null): UsageReading | null {
  try {
    return read(JSON.parse(copy.toString('utf8')));
  } catch {
    return null;
  }
}

function noCandidateError(
  table: RouteTable,
  model: string,
  selection: { candidates: KeyEntry[]; skippedForMoney: number; skippedDisabled: number },
  exchange: Exchange,
): GatewayError {
  if (selection.skippedForMoney > 0 && selection.candidates.length === 0) {
    return new GatewayError(
      429,
      'insufficient_quota',
      `Every key that serves model "${model}" has spent its budget or credit. Raise budgetUsd/creditUsd or add a key.`,
      'insufficient_quota',
    );
  }
  if (selection.candidates.length > 0) {
    const types = [...new Set(selection.candidates.map((entry) => entry.provider.config.type))].join(', ');
    return new GatewayError(
      400,
      'conversion_not_supported',
      `Model "${model}" is served only by ${types} providers, which this route cannot reach yet: converting ${exchange.format} requests to them is not built.`,
    );
  }
  if (selection.skippedDisabled > 0) {
    return new GatewayError(503, 'no_enabled_key', `Every key that serves model "${model}" is disabled. Re-enable or replace one.`, 'api_error');
  }
  const known = table.providers.size === 0 ? ' No providers are configured yet.' : '';
  return new GatewayError(404, 'model_not_found', `The model "${model}" is not served by any configured provider.${known}`);
}

function isTimeout(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
}

/** A short reason that can be shown and logged: undici's codes and messages carry no secrets. */
function describeConnectionError(error: unknown): string {
  const { code, message, cause } = error as { code?: string; message?: string; cause?: { code?: string } };
  if (isTimeout(error)) return 'timed out waiting for the upstream';
  return [code ?? cause?.code, message].filter(Boolean).join(' ') || 'connection failed';
}
