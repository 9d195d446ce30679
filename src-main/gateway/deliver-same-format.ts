import type { UsageReading } from '../providers/provider-adapter.js';
import type { AttemptContext } from './attempt-context.js';
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
    } catch {
      return brokenOpeningResult;
    }
    if (peek.kind === 'error') {
      response.body.destroy();
      return streamErrorResult(peek.error, context.codec, context.dependencies.routeTable().redactSecrets);
    }
  }
  // Committed: from here on the client gets this upstream's bytes.
  reply.hijack();
  const tap = isEventStream ? adapter.createStreamTap({ dropInjectedUsage: context.injectedUsageRequest }) : null;
  // An error answer may echo the key: it is read, redacted and sent whole; success bytes stream untouched.
  const relayed = !success ? await relayRedactedError(response, reply.raw, context.dependencies.routeTable().redactSecrets) : await relayResponse(response, reply.raw, {
    tap,
    keepCopy: !isEventStream && success,
    // Dropping the injected usage chunk changes the length.
    dropHeaders: context.injectedUsageRequest ? new Set(['content-length']) : undefined,
    opening: peek?.chunks,
    ended: peek?.kind === 'ended',
  });
  context.endInFlight();
  let reading: UsageReading | null = tap ? tap.reading() : null;
  if (relayed.copy) reading = readJsonUsage(relayed.copy, (body) => adapter.usageFromBody(body));
  const status = relayed.completed ? response.statusCode : 499;
  const error = relayed.completed ? (success ? null : `upstream answered ${response.statusCode}`) : 'stream ended early';
  recordFinal(
    context.dependencies,
    context.event,
    { status, error, firstByteMs: context.firstByteMs, modelUsed: reading?.model },
    context.started,
    reading,
    context.entry,
    context.routedModel,
  );
  return { kind: 'answered' };
}

function readJsonUsage(copy: Buffer, read: (body: unknown) => UsageReading | null): UsageReading | null {
  try {
    return read(JSON.parse(copy.toString('utf8')));
  } catch {
    return null;
  }
}
