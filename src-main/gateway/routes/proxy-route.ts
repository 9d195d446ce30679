import type { FastifyPluginAsync } from 'fastify';
import { candidateSources } from '../candidate-sources.js';
import type { Dispatcher } from 'undici';
import { emptyUsage } from '../../../src-shared/usage.js';
import { selectCandidates } from '../../routing/select-candidates.js';
import type { GatewayDependencies } from '../gateway-dependencies.js';
import { ContractError } from '../../conversion/contract-error.js';
import { forwardableHeaders } from '../hop-by-hop.js';
import { relayRedactedError } from '../relay-redacted-error.js';
import { relayResponse } from '../relay-response.js';
import { cancelOnClientClose } from '../client-disconnect.js';
import { callUpstream } from '../../upstream/upstream-call.js';

/** Headers that describe this hop or the client's own credentials, never forwarded upstream. */
const localHeaders = ['host', 'content-length'];

/**
 * `ANY /proxy/{providerId}/{path}`: method, query, body and headers go to the provider's
 * base URL + path as a stream, the client's key is swapped for the stored one, and the answer streams
 * back as it arrives. Nothing is parsed, so any endpoint of the vendor's API works.
 */
export const proxyRoute: FastifyPluginAsync<{ dependencies: GatewayDependencies }> = async (app, { dependencies }) => {
  // Every body stays a stream: nothing is buffered, whatever its type or size.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.all('/proxy/:providerId/*', async (request, reply) => {
    const { providerId } = request.params as { providerId: string; '*': string };
    const table = dependencies.routeTable();
    const provider = table.providers.get(providerId);
    if (!provider) throw new ContractError('provider_not_found', `No provider with id "${providerId}" is configured.`);
    // Any path of the vendor's API may be asked for, so every key of the provider serves it.
    const { candidates, skippedForMoney } = selectCandidates(table, '', providerId, candidateSources(dependencies, table, () => true));
    const entry = candidates.find((candidate) => table.secretFor(providerId, candidate.key.id) !== undefined);
    if (!entry) {
      throw skippedForMoney > 0
        ? new ContractError('insufficient_quota', `Every key of provider "${providerId}" has spent its budget or credit.`)
        : new ContractError('no_enabled_key', `Provider "${providerId}" has no enabled key with a stored secret.`);
    }
    const secret = table.secretFor(providerId, entry.key.id)!;
    const started = performance.now();
    const time = Date.now();
    const signal = cancelOnClientClose(reply.raw);
    const url = request.raw.url ?? '';
    const queryStart = url.indexOf('?');
    // The path goes on as the client encoded it. Fastify's wildcard param is decoded: `%20` would make
    // an invalid request line, `%2F` a new segment and `%3F` the start of a query.
    const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
    const upstreamPath = /^\/proxy\/[^/]*(\/.*)?$/.exec(rawPath)?.[1] ?? '/';
    const headers = forwardableHeaders(request.headers, new Set([...localHeaders, ...provider.adapter.credentialHeaders]));
    const hasBody = request.body !== undefined && request.body !== null;
    if (hasBody && request.headers['content-length'] !== undefined) headers['content-length'] = request.headers['content-length'];

    const endInFlight = dependencies.metrics.start(providerId, '(proxy)');
    let response: Dispatcher.ResponseData;
    try {
      response = await callUpstream(
        dependencies.agent,
        {
          provider: provider.config,
          target: { path: upstreamPath },
          method: request.method as Dispatcher.HttpMethod,
          headers: { ...provider.config.headers, ...headers, ...provider.adapter.authHeaders(secret) },
          body: hasBody ? (request.body as NodeJS.ReadableStream) : null,
          signal,
          headersTimeoutMs: table.config.routing.timeoutMs,
        },
        withoutCredentials(queryStart === -1 ? '' : url.slice(queryStart + 1), provider.adapter.credentialQueryParameters ?? []),
      );
    } catch (error) {
      endInFlight();
      if (signal.aborted) return;
      throw new ContractError('upstream_unavailable', `Provider "${providerId}" did not answer: ${(error as Error).message}`);
    }
    const firstByteMs = performance.now() - started;
    if (response.statusCode === 401 || response.statusCode === 403) {
      dependencies.health.disable(providerId, entry.key.id, `upstream answered ${response.statusCode}: the key was refused`);
    }
    reply.hijack();
    // Vendors echo the key in some errors: those are read (bounded) and redacted; the rest streams untouched.
    const relayed =
      response.statusCode >= 400
        ? await relayRedactedError(response, reply.raw, table.redactSecrets)
        : await relayResponse(response, reply.raw, { tap: null, keepCopy: false });
    endInFlight();
    const status = relayed.completed ? response.statusCode : 499;
    const latencyMs = performance.now() - started;
    dependencies.metrics.observe(providerId, '(proxy)', status, latencyMs);
    dependencies.usage.record({
      time,
      client: request.clientName,
      provider: providerId,
      keyId: entry.key.id,
      modelRequested: null,
      modelUsed: null,
      status,
      latencyMs,
      firstByteMs,
      usage: emptyUsage(),
      costUsd: null,
      stream: String(response.headers['content-type'] ?? '').includes('text/event-stream'),
      error: status >= 400 ? `upstream answered ${status}` : null,
      endpoint: 'proxy',
      final: true,
      rawUsage: null,
    });
  });
};

/** The client's query as it sent it, less any parameter that carries a key in this family's URLs. */
function withoutCredentials(query: string, names: readonly string[]): string {
  if (query === '' || names.length === 0) return query;
  const kept = query.split('&').filter((pair) => !names.includes(decodeURIComponent(pair.split('=')[0]!.replace(/\+/g, ' '))));
  return kept.join('&');
}
