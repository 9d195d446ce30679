import { ContractError } from '../conversion/contract-error.js';
import type { UsageReading } from '../providers/provider-adapter.js';
import { classifyUpstreamStatus } from '../routing/classify-upstream-status.js';
import type { AttemptContext } from './attempt-context.js';
import { openConvertedStream, relayConvertedStream } from './converted-stream.js';
import { brokenOpeningResult, streamErrorResult, type AttemptResult } from './exchange-failures.js';
import { readChunks } from './read-chunks.js';
import { readBody } from '../upstream/read-body.js';
import { sendJson } from './send-json.js';
import { recordFinal } from './usage-events.js';
import { redactUpstreamError } from '../store/secrets/redact-upstream-error.js';

/** Largest non-stream answer read whole for conversion. */
const convertedBodyLimit = 64 * 1024 * 1024;

/**
 * The upstream speaks another format: its answer goes through the family's parser into the internal
 * contract, and out through the client's encoder. A stream is held until its first content, so an
 * error event before any content can still fail over.
 */
export async function deliverConverted(context: AttemptContext): Promise<AttemptResult> {
  const { response, adapter, reply } = context;
  const codec = context.codec!;
  const { redactSecrets } = context.dependencies.routeTable();
  const record = (status: number, reading: UsageReading | null, error: string | null, modelUsed?: string | null) =>
    recordFinal(
      context.dependencies,
      context.event,
      { status, error, firstByteMs: context.firstByteMs, modelUsed },
      context.started,
      reading,
      context.entry,
      context.routedModel,
    );

  if (response.statusCode >= 300) {
    // A 4xx about the request itself: the client gets it, in its own format.
    const body = await readBody(response).catch(() => Buffer.alloc(0));
    const upstreamError = redactUpstreamError(adapter.parseError(response.statusCode, body), redactSecrets);
    // Some vendors refuse a bad key with a 400 (Google's API_KEY_INVALID); the parsed error says so.
    if (classifyUpstreamStatus(upstreamError.status) === 'key-rejected') {
      const message = `upstream refused the key: ${upstreamError.message}`;
      return {
        kind: 'failed',
        retryable: true,
        keyRejected: true,
        failure: { status: upstreamError.status, message, send: (target) => void target.code(upstreamError.status).send(codec.errorBody(upstreamError)) },
      };
    }
    context.endInFlight();
    reply.code(response.statusCode).send(codec.errorBody(upstreamError));
    record(response.statusCode, null, upstreamError.message);
    return { kind: 'answered' };
  }

  if (!context.stream) {
    let reading: UsageReading;
    try {
      const body = await readBody(response, convertedBodyLimit);
      const answer = adapter.parseChatResponse(JSON.parse(body.toString('utf8')));
      reading = { usage: answer.usage, raw: answer.rawUsage, model: answer.model };
      sendJson(reply, 200, codec.encodeResponse(answer, { requestedModel: context.requestedModel }));
    } catch (error) {
      context.endInFlight();
      if (context.aborted()) {
        record(499, null, 'client closed the request');
        return { kind: 'answered' };
      }
      const message = redactSecrets(`the upstream's answer could not be read: ${(error as Error).message}`);
      reply.code(502).send(codec.errorBody(new ContractError('invalid_upstream_response', message)));
      record(502, null, message);
      return { kind: 'answered' };
    }
    context.endInFlight();
    record(200, reading, null, reading.model);
    return { kind: 'answered' };
  }

  const chunks = readChunks(response.body);
  const parser = adapter.createStreamParser();
  let opening;
  try {
    opening = await openConvertedStream(chunks, parser, adapter.errorsInsideStreams === true);
  } catch {
    return brokenOpeningResult;
  }
  if (opening.kind === 'error') {
    response.body.destroy();
    return streamErrorResult(opening.error, codec, redactSecrets);
  }
  reply.hijack();
  // Headers go out with the opening's first write (relayConvertedStream), one packet, not two.
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  const encoder = codec.createStreamEncoder({ requestedModel: context.requestedModel, includeUsage: context.includeStreamUsage });
  const relayed = await relayConvertedStream(opening.parts, opening.kind === 'content' ? chunks : null, parser, encoder, reply.raw, redactSecrets);
  context.endInFlight();
  record(relayed.completed ? 200 : 499, relayed.reading, relayed.completed ? null : 'stream ended early', relayed.model);
  return { kind: 'answered' };
}
