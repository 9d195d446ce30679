import { ContractError, isContractError } from '../conversion/contract-error.js';
import type { UsageReading } from '../providers/provider-adapter.js';
import { classifyUpstreamStatus } from '../routing/classify-upstream-status.js';
import type { AttemptContext } from './attempt-context.js';
import type { ChatResponse } from '../conversion/chat-response.js';
import { openConvertedStream, relayConvertedStream, type ConvertedRelay } from './converted-stream.js';
import { answerBugBeforeSending, answerDeliveryBug, describeFault, isInterruption, logDeliveryBug } from './delivery-faults.js';
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
  const { redactSecrets } = context;
  const record = (status: number, reading: UsageReading | null, error: string | null, modelUsed?: string | null) =>
    recordFinal(context.dependencies, {
      draft: context.event,
      outcome: { status, error, firstByteMs: context.firstByteMs, modelUsed },
      started: context.started,
      reading,
      entry: context.entry,
      routedModel: context.routedModel,
    });

  if (response.statusCode >= 300) {
    // A 4xx about the request itself: the client gets it, in its own format.
    const body = await readBody(response).catch(() => Buffer.alloc(0));
    const upstreamError = redactUpstreamError(adapter.parseError(response.statusCode, body), redactSecrets);
    // Some vendors refuse a bad key with a 400 (Google's API_KEY_INVALID); the parsed error says so.
    if (classifyUpstreamStatus(upstreamError.status) === 'key-rejected') {
      const message = `upstream refused the key: ${upstreamError.message}`;
      return {
        kind: 'failed',
        failure: {
          status: upstreamError.status,
          message,
          retryable: true,
          keyRejected: true,
          retryAfterMs: null,
          firstByteMs: context.firstByteMs,
          upstream: { status: upstreamError.status, message: upstreamError.message },
          send: (target) => void target.code(upstreamError.status).send(codec.errorBody(upstreamError)),
        },
      };
    }
    context.endInFlight();
    reply.code(response.statusCode).send(codec.errorBody(upstreamError));
    record(response.statusCode, null, upstreamError.message);
    return { kind: 'answered' };
  }

  if (!context.stream) {
    const unreadable = (error: unknown): AttemptResult => {
      context.endInFlight();
      if (context.aborted()) {
        record(499, null, 'client closed the request');
        return { kind: 'answered' };
      }
      const message = redactSecrets(`the upstream's answer could not be read: ${describeFault(error)}`);
      reply.code(502).send(codec.errorBody(new ContractError('invalid_upstream_response', message)));
      record(502, null, message);
      return { kind: 'answered' };
    };
    let json: unknown;
    try {
      // A body cut short or not JSON is the upstream's doing; so is one that is not a chat response.
      json = JSON.parse((await readBody(response, convertedBodyLimit)).toString('utf8'));
    } catch (error) {
      return unreadable(error);
    }
    let answer: ChatResponse;
    let encoded: unknown;
    try {
      answer = adapter.parseChatResponse(json);
      encoded = codec.encodeResponse(answer, { requestedModel: context.requestedModel });
    } catch (error) {
      // A parser's own verdict on the upstream's answer (invalid_upstream_response), not a bug.
      if (isContractError(error)) return unreadable(error);
      context.endInFlight();
      return answerBug(context, error, record);
    }
    sendJson(reply, 200, encoded);
    context.endInFlight();
    const reading: UsageReading = { usage: answer.usage, raw: answer.rawUsage, model: answer.model };
    record(200, reading, null, reading.model);
    return { kind: 'answered' };
  }

  const chunks = readChunks(response.body);
  const parser = adapter.createStreamParser();
  let opening;
  try {
    opening = await openConvertedStream(chunks, parser, adapter.errorsInsideStreams === true);
  } catch (error) {
    if (isInterruption(error)) return brokenOpeningResult(context.firstByteMs);
    response.body.destroy();
    context.endInFlight();
    return answerBug(context, error, record);
  }
  if (opening.kind === 'error') {
    response.body.destroy();
    return streamErrorResult(opening.error, codec, context.firstByteMs, redactSecrets);
  }
  reply.hijack();
  // Headers go out with the opening's first write (relayConvertedStream), one packet, not two.
  reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  let relayed: ConvertedRelay;
  try {
    const encoder = codec.createStreamEncoder({ requestedModel: context.requestedModel, includeUsage: context.includeStreamUsage });
    relayed = await relayConvertedStream(opening.parts, opening.kind === 'content' ? chunks : null, parser, encoder, reply.raw, redactSecrets);
  } catch (error) {
    relayed = { completed: false, reading: null, model: null, bug: error };
  }
  context.endInFlight();
  if (relayed.bug !== null) {
    response.body.destroy();
    logDeliveryBug(context, relayed.bug);
    answerDeliveryBug(reply.raw, codec, context.requestedModel);
    record(500, relayed.reading, `internal error: ${describeFault(relayed.bug)}`, relayed.model);
    return { kind: 'answered' };
  }
  record(relayed.completed ? 200 : 499, relayed.reading, relayed.completed ? null : 'stream ended early', relayed.model);
  return { kind: 'answered' };
}

/** Our own code threw before anything was sent: a 500 for the client, nothing against the key. */
function answerBug(context: AttemptContext, error: unknown, record: (status: number, reading: null, error: string) => void): AttemptResult {
  answerBugBeforeSending(context, error);
  record(500, null, `internal error: ${describeFault(error)}`);
  return { kind: 'answered' };
}
