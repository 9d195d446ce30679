import type { ServerResponse } from 'node:http';
import type { Dispatcher } from 'undici';
import type { StreamTap } from '../providers/provider-adapter.js';
import { forwardableHeaders } from './hop-by-hop.js';

export interface RelayResult {
  /** False when either side went away before the upstream's answer ended. */
  completed: boolean;
  /** The whole body, when asked to keep a copy (non-stream answers, to read usage). */
  copy: Buffer | null;
  /** An exception from the tap (our own code) that stopped the relay; the client's stream is left open to be ended. */
  bug?: unknown;
}

/**
 * Sends an upstream answer to the client as it arrives: status and headers first, then each chunk
 * the moment it comes (through the tap, which only reads or drops Switchyard's own additions),
 * pausing the upstream when the client reads slower than it writes.
 */
export function relayResponse(
  response: Dispatcher.ResponseData,
  target: ServerResponse,
  options: {
    tap: StreamTap | null;
    keepCopy: boolean;
    dropHeaders?: ReadonlySet<string>;
    /** Chunks already read from the body (a peek at the stream's opening), sent first. */
    opening?: Buffer[];
    /** The body already ended while it was peeked at: only the opening is left to send. */
    ended?: boolean;
  },
): Promise<RelayResult> {
  const { tap, keepCopy } = options;
  target.writeHead(response.statusCode, forwardableHeaders(response.headers, options.dropHeaders));
  // An event stream's headers go out now, not with its first event: its time to first byte is the
  // upstream's own. A whole answer goes out with its headers in one write: one syscall less per
  // request, part of the 8% CPU per request saved in docs/benchmarks.md.
  if (String(response.headers['content-type'] ?? '').includes('text/event-stream')) target.flushHeaders();
  const parts: Buffer[] = [];
  const body = response.body;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (completed: boolean, bug?: unknown) => {
      if (settled) return;
      settled = true;
      resolve({ completed, copy: keepCopy ? Buffer.concat(parts) : null, ...(bug === undefined ? {} : { bug }) });
    };
    // A tap that throws is a bug of ours, not the upstream breaking off: stop reading, and let the
    // caller tell the client in its format instead of cutting the connection.
    const fault = (error: unknown) => {
      if (settled) return;
      body.destroy();
      finish(false, error ?? new Error('the stream tap threw'));
    };
    const resume = () => body.resume();
    const send = (chunk: Buffer): boolean => {
      if (keepCopy) parts.push(chunk);
      const out = tap ? tap.transform(chunk) : chunk;
      return out.length === 0 || target.write(out);
    };
    const end = () => {
      const rest = tap?.flush();
      if (rest && rest.length > 0) target.write(rest);
      target.end();
      finish(true);
    };
    let drained = true;
    try {
      for (const chunk of options.opening ?? []) drained = send(chunk) && drained;
      // A peeked body can also end after the peek, while it waits paused for this relay: its `end`
      // event has then been emitted to no one, and waiting for it would hang the client.
      if (options.ended || body.readableEnded) {
        end();
        return;
      }
    } catch (error) {
      fault(error);
      return;
    }
    body.on('data', (chunk: Buffer) => {
      try {
        if (!send(chunk)) {
          body.pause();
          target.once('drain', resume);
        }
      } catch (error) {
        fault(error);
      }
    });
    body.on('end', () => {
      try {
        end();
      } catch (error) {
        fault(error);
      }
    });
    body.on('error', () => {
      // Destroyed by `fault` (undici's body then errors too): the caller ends the client's stream.
      if (settled) return;
      // The upstream broke off or the client left (the abort signal destroys the body): end the
      // client's connection rather than pretend the answer was whole.
      target.destroy();
      finish(false);
    });
    target.on('close', () => {
      if (!target.writableFinished && !settled) {
        body.destroy();
        finish(false);
      }
    });
    // A peeked body was left paused; a fresh one flows once it has a data listener.
    if (drained) body.resume();
    else target.once('drain', resume);
  });
}
