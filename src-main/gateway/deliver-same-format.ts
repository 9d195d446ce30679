import type { UsageReading } from '../providers/provider-adapter.js';
import type { AttemptContext } from './attempt-context.js';
import { answerBugBeforeSending, answerDeliveryBug, describeFault, isInterruption, logDeliveryBug } from './delivery-faults.js';
import { brokenOpeningResult, streamErrorResult, type AttemptResult } from './exchange-failures.js';
import { peekUntilContent, type StreamPeek } from './peek-stream.js';
import { relayRedactedError } from './relay-redacted-error.js';
import { relayResponse } from './relay-response.js';
import { recordFinal } from './usage-events.js';

/**
 * The upstream speaks the client's format: its bytes go to the client untouched, as they arrive,
 * and usage is read from them on the way (the tap). A stream's opening is peeked at first, so an
 * error event before any content can still fail over.
 */
export async function deliverSameFormat(context: AttemptContext): Promise<AttemptResult> {
  const { response, adapter, reply } = context;
  const isEventStream = String(response.headers['content-type'] ?? '').includes('text/event-stream');
  const success = response.statusCode < 300;
  let peek: StreamPeek | null = null;
  if (isEventStream && success && context.codec && adapter.errorsInsideStreams) {
    try {
      peek = await peekUntilContent(response.body, adapter.createStreamParser());
    } catch (error) {
      if (isInterruption(error)) return brokenOpeningResult(context.firstByteMs);
      // Our parser threw: nothing went to the client yet, so it gets a whole 500 in its format.
      response.body.destroy();
      context.endInFlight();
      answerBugBeforeSending(context, error);
      record(context, 500, null, `internal error: ${describeFault(error)}`);
      return { kind: 'answered' };
    }
    if (peek.kind === 'error') {
      response.body.destroy();
      return streamErrorResult(peek.error, context.codec, context.firstByteMs, context.redactSecrets);
    }
  }
  // Committed: from here on the client gets this upstream's bytes.
  reply.hijack();
  const tap = isEventStream ? adapter.createStreamTap({ dropInjectedUsage: context.injectedUsageRequest }) : null;
  // An error answer may echo the key: it is read, redacted and sent whole; success bytes stream untouched.
  const relayed = !success ? await relayRedactedError(response, reply.raw, context.redactSecrets) : await relayResponse(response, reply.raw, {
    tap,
    keepCopy: !isEventStream && success,
    // Dropping the injected usage chunk changes the length.
    dropHeaders: context.injectedUsageRequest ? new Set(['content-length']) : undefined,
    opening: peek?.chunks,
    ended: peek?.kind === 'ended',
  });
  context.endInFlight();
  if (relayed.bug !== undefined) {
    // The tap threw: a bug of ours. The client's stream ends with an error event in its format.
    logDeliveryBug(context, relayed.bug);
    answerDeliveryBug(reply.raw, context.codec, context.requestedModel);
    record(context, 500, safeReading(context, () => tap?.reading() ?? null), `internal error: ${describeFault(relayed.bug)}`);
    return { kind: 'answered' };
  }
  let reading: UsageReading | null = tap ? safeReading(context, () => tap.reading()) : null;
  if (relayed.copy) reading = readJsonUsage(context, relayed.copy);
  const status = relayed.completed ? response.statusCode : 499;
  const error = relayed.completed ? (success ? null : `upstream answered ${response.statusCode}`) : 'stream ended early';
  record(context, status, reading, error);
  return { kind: 'answered' };
}

function record(context: AttemptContext, status: number, reading: UsageReading | null, error: string | null): void {
  recordFinal(context.dependencies, {
    draft: context.event,
    outcome: { status, error, firstByteMs: context.firstByteMs, modelUsed: reading?.model },
    started: context.started,
    reading,
    entry: context.entry,
    routedModel: context.routedModel,
  });
}

/** Usage from a whole JSON answer: a body that is not JSON has none; a reader that throws is our bug. */
function readJsonUsage(context: AttemptContext, copy: Buffer): UsageReading | null {
  let body: unknown;
  try {
    body = JSON.parse(copy.toString('utf8'));
  } catch {
    return null;
  }
  return safeReading(context, () => context.adapter.usageFromBody(body));
}

/** The client already has its answer: a reader that throws is logged as the bug it is, and no usage is read. */
function safeReading(context: AttemptContext, read: () => UsageReading | null): UsageReading | null {
  try {
    return read();
  } catch (error) {
    logDeliveryBug(context, error);
    return null;
  }
}
