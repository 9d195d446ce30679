import type { ServerResponse } from 'node:http';
import type { InboundCodec } from '../conversion/inbound-codec.js';
import type { UpstreamError } from '../conversion/stream-part.js';
import { errorCodeEntry } from '../../src-shared/error-codes.js';
import { openaiErrorBody } from '../providers/openai/openai-error-body.js';
import { keyName } from '../routing/route-table.js';
import type { AttemptContext } from './attempt-context.js';

/**
 * While an answer is delivered, two kinds of exception can happen, and they must not be confused:
 * the upstream or the client going away (a socket error, a body that ends early), which is the
 * key's or nobody's doing, and an exception from Switchyard's own parser, encoder or tap, which is a
 * bug. The first is wrapped where the stream is read or written (`interrupted`); anything else is
 * taken for a bug: logged with its stack, answered as a 500 and not charged to the key.
 */
const interruptionCode = 'stream_interrupted';

/** Marks an exception from reading the upstream body or writing to the client. */
export function interrupted(cause: unknown): Error {
  const error = new Error(`the stream was interrupted: ${(cause as Error | undefined)?.message ?? String(cause)}`, { cause });
  (error as Error & { code: string }).code = interruptionCode;
  return error;
}

export function isInterruption(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === interruptionCode;
}

/**
 * What the client is told about our own bug: no internals, a pointer to the log. An error event's
 * shape, since it may have to go out inside a stream already begun; its status and type are the
 * catalogue's `internal_error`.
 */
export const internalError: UpstreamError = {
  status: errorCodeEntry('internal_error').status,
  type: errorCodeEntry('internal_error').openaiType,
  message: 'Switchyard hit an internal error while delivering the answer; the log has the details.',
  code: 'internal_error',
};

/** A thrown value's message for the usage record; the stack goes to the log only. */
export function describeFault(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Our own code threw before anything was sent: the client gets a whole 500 in its format and the log
 * the stack. An error a parser throws on purpose about the upstream's answer is a contract error
 * (`invalid_upstream_response`) and is not a bug; callers tell the two apart with `isContractError`.
 */
export function answerBugBeforeSending(context: Pick<AttemptContext, 'dependencies' | 'entry' | 'reply' | 'codec'>, error: unknown): void {
  logDeliveryBug(context, error);
  context.reply.code(500).send(context.codec === null ? openaiErrorBody(internalError) : context.codec.errorBody(internalError));
}

/** Logs our own bug with its stack, naming the key whose answer was being delivered. */
export function logDeliveryBug(context: Pick<AttemptContext, 'dependencies' | 'entry'>, error: unknown): void {
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  context.dependencies.log.error(`internal_error while delivering the answer of ${keyName(context.entry)}: ${detail}`);
}

/**
 * Tells the client about our bug in its own format: a 500 when nothing was sent yet, else an error
 * event in the stream it is reading, and the end of that stream.
 */
export function answerDeliveryBug(target: ServerResponse, codec: InboundCodec | null, requestedModel: string): void {
  if (target.destroyed || target.writableEnded) return;
  if (!target.headersSent) {
    const body = codec === null ? openaiErrorBody(internalError) : codec.errorBody(internalError);
    target.writeHead(500, { 'content-type': 'application/json' });
    target.end(JSON.stringify(body));
    return;
  }
  try {
    const event = codec === null ? `data: ${JSON.stringify(openaiErrorBody(internalError))}\n\n` : codec.createStreamEncoder({ requestedModel, includeUsage: false }).encode({ type: 'error', error: internalError });
    target.end(event);
  } catch {
    // The encoder itself is what broke: cut the stream rather than send half an event.
    target.destroy();
  }
}
