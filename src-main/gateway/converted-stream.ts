import type { ServerResponse } from 'node:http';
import type { TokenUsage } from '../../src-shared/usage.js';
import type { StreamEncoder } from '../conversion/inbound-codec.js';
import type { StreamPart, UpstreamError } from '../conversion/stream-part.js';
import type { StreamParser, UsageReading } from '../providers/provider-adapter.js';
import type { RedactSecrets } from '../store/secrets/redact-secrets.js';
import { redactUpstreamError } from '../store/secrets/redact-upstream-error.js';
import { interrupted, isInterruption } from './delivery-faults.js';

/** What a converted stream said before anything was sent to the client. */
export type StreamOpening =
  | { kind: 'content'; parts: StreamPart[] }
  | { kind: 'error'; error: UpstreamError }
  | { kind: 'empty'; parts: StreamPart[] };

/** Parts that mean the model has started answering: from here on the client must get this stream. */
export function isContent(part: StreamPart): boolean {
  return part.type !== 'start' && part.type !== 'usage' && part.type !== 'error';
}

/**
 * Reads the upstream stream up to its first content (or, with `untilContent` false, its first part
 * of any kind). Status and headers are not sent before that, so an error event inside a 200 stream
 * (Anthropic's `overloaded_error`, say) becomes a real HTTP error and the request can still fail
 * over (STYLE.md, after vercel/ai).
 */
export async function openConvertedStream(chunks: AsyncIterator<Buffer>, parser: StreamParser, untilContent: boolean): Promise<StreamOpening> {
  const held: StreamPart[] = [];
  const opened = () => held.some((part) => !untilContent || isContent(part));
  for (;;) {
    const next = await pull(chunks);
    const parts = next.done ? parser.end() : parser.push(next.value);
    for (const part of parts) {
      if (part.type === 'error' && !held.some(isContent)) return { kind: 'error', error: part.error };
      held.push(part);
    }
    if (opened()) return { kind: 'content', parts: held };
    if (next.done) return { kind: 'empty', parts: held };
  }
}

export interface ConvertedRelay {
  completed: boolean;
  reading: UsageReading | null;
  model: string | null;
  /** An exception from our own parser or encoder that ended the stream; null when there was none. */
  bug: unknown;
}

/**
 * Sends the opened stream and the rest of it through the client's encoder; returns the usage seen.
 * When the upstream or the client goes away the client's connection is cut; when our own code
 * throws, the stream is left open for the caller to end with an error event (`bug`).
 */
export async function relayConvertedStream(
  opening: StreamPart[],
  chunks: AsyncIterator<Buffer> | null,
  parser: StreamParser,
  encoder: StreamEncoder,
  target: ServerResponse,
  redactSecrets: RedactSecrets,
): Promise<ConvertedRelay> {
  let usage: Partial<TokenUsage> | null = null;
  let raw: unknown = null;
  let model: string | null = null;
  const send = async (parts: StreamPart[]) => {
    let text = '';
    for (const part of parts) {
      if (part.type === 'usage') {
        usage = { ...usage, ...part.usage };
        raw = part.raw;
      } else if (part.type === 'start') {
        model = part.model;
      } else if (part.type === 'error') {
        // The vendor's words go to the client: without any key they echo.
        text += encoder.encode({ type: 'error', error: redactUpstreamError(part.error, redactSecrets) });
        continue;
      }
      text += encoder.encode(part);
    }
    if (text !== '' && !target.write(text)) await waitForDrain(target);
  };
  let completed = true;
  let bug: unknown = null;
  try {
    await send(opening);
    // An opening with nothing to say in the client's format: the headers still go out now.
    if (!target.headersSent) target.flushHeaders();
    if (chunks) {
      for (;;) {
        const next = await pull(chunks);
        if (next.done) {
          await send(parser.end());
          break;
        }
        await send(parser.push(next.value));
      }
    }
    target.end();
  } catch (error) {
    completed = false;
    // The upstream broke off or the client left: end the client's connection rather than pretend.
    if (isInterruption(error)) target.destroy();
    else bug = error;
  }
  const reading: UsageReading | null = usage === null ? null : { usage: completeUsage(usage), raw, ...(model ? { model } : {}) };
  return { completed, reading, model, bug };
}

/** The next chunk of the upstream body; its failure is the upstream's, not a bug of ours. */
async function pull(chunks: AsyncIterator<Buffer>): Promise<IteratorResult<Buffer>> {
  try {
    return await chunks.next();
  } catch (error) {
    throw interrupted(error);
  }
}

function completeUsage(partial: Partial<TokenUsage>): TokenUsage {
  return {
    inputTokens: partial.inputTokens ?? 0,
    outputTokens: partial.outputTokens ?? 0,
    cachedInputTokens: partial.cachedInputTokens ?? 0,
    cacheWriteTokens: partial.cacheWriteTokens ?? 0,
    reasoningTokens: partial.reasoningTokens ?? 0,
  };
}

function waitForDrain(target: ServerResponse): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      target.off('close', onClose);
      resolve();
    };
    const onClose = () => {
      target.off('drain', onDrain);
      reject(interrupted(new Error('client closed the connection')));
    };
    target.once('drain', onDrain);
    target.once('close', onClose);
  });
}
