import type { Readable } from 'node:stream';
import type { UpstreamError } from '../conversion/stream-part.js';
import type { StreamParser } from '../providers/provider-adapter.js';
import { isContent } from './converted-stream.js';
import { interrupted } from './delivery-faults.js';

export type StreamPeek = { kind: 'content' | 'ended'; chunks: Buffer[] } | { kind: 'error'; error: UpstreamError };

/**
 * Holds a same-format stream's first bytes until the first content, reading them with the family's
 * own parser, so an error event inside a 200 stream (Anthropic's `overloaded_error`) can still become
 * a real HTTP error and fail over. The held bytes are then sent untouched; the body is left paused.
 */
export function peekUntilContent(body: Readable, parser: StreamParser): Promise<StreamPeek> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let sawContent = false;
    const settle = (result: StreamPeek | Error) => {
      body.off('data', onData);
      body.off('end', onEnd);
      body.off('error', onError);
      body.pause();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    /**
     * The first error event before content in what the parser makes of `read`, or null. A parser
     * that throws is our bug and rejects as it is (then undefined: settled); the body's own failure is
     * marked as the upstream's (delivery-faults.ts), so the caller can tell the two apart.
     */
    const inspect = (read: () => ReturnType<StreamParser['push']>): UpstreamError | null | undefined => {
      let parts: ReturnType<StreamParser['push']>;
      try {
        parts = read();
      } catch (bug) {
        settle(bug instanceof Error ? bug : new Error(String(bug)));
        return undefined;
      }
      for (const part of parts) {
        if (part.type === 'error' && !sawContent) return part.error;
        if (isContent(part)) sawContent = true;
      }
      return null;
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      const error = inspect(() => parser.push(chunk));
      if (error === undefined) return;
      if (error) settle({ kind: 'error', error });
      else if (sawContent) settle({ kind: 'content', chunks });
    };
    const onEnd = () => {
      const error = inspect(() => parser.end());
      if (error === undefined) return;
      settle(error ? { kind: 'error', error } : { kind: 'ended', chunks });
    };
    const onError = (error: Error) => settle(interrupted(error));
    body.on('data', onData);
    body.on('end', onEnd);
    body.on('error', onError);
  });
}
