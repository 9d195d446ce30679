import type { ServerResponse } from 'node:http';
import { PassThrough, Readable, Writable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import type { StreamParser } from '../../../src-main/providers/provider-adapter.js';
import { peekUntilContent } from '../../../src-main/gateway/peek-stream.js';
import { relayResponse, type RelayResult } from '../../../src-main/gateway/relay-response.js';

/** A client response that keeps what it was sent. */
class CollectingResponse extends Writable {
  status = 0;
  readonly chunks: Buffer[] = [];

  writeHead(status: number): this {
    this.status = status;
    return this;
  }

  flushHeaders(): void {}

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk);
    callback();
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** Every chunk is content: the peek settles on the first one. */
const contentParser = (): StreamParser => ({ push: () => [{ type: 'text-delta', index: 0, text: 'x' }], end: () => [] });

function upstreamAnswer(body: Readable): Dispatcher.ResponseData {
  return { statusCode: 200, headers: { 'content-type': 'text/event-stream' }, body } as unknown as Dispatcher.ResponseData;
}

function withinOneSecond(relay: Promise<RelayResult>): Promise<RelayResult | 'hung'> {
  return Promise.race([relay, new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 1_000))]);
}

describe('relayResponse', () => {
  it('ends the client answer when the peeked stream ended after the peek settled', async () => {
    // The whole stream in one read, as a short answer from a fast upstream comes: the peek takes its
    // one chunk and pauses, and the body's `end` follows on the next tick, before the relay listens.
    const body = new Readable({ read() {} });
    const peek = peekUntilContent(body, contentParser());
    body.push(Buffer.from('event: one\n\n'));
    body.push(null);
    const opening = await peek;
    if (opening.kind === 'error') throw new Error('the peek saw content');
    expect(body.readableEnded).toBe(true);

    const client = new CollectingResponse();
    const relayed = await withinOneSecond(relayResponse(upstreamAnswer(body), client as unknown as ServerResponse, { tap: null, keepCopy: false, opening: opening.chunks }));

    expect(relayed).toEqual({ completed: true, copy: null });
    expect(client.status).toBe(200);
    expect(client.writableEnded).toBe(true);
    expect(client.text()).toBe('event: one\n\n');
  });

  it('sends the rest of a peeked stream that is still open', async () => {
    const body = new PassThrough();
    const peek = peekUntilContent(body, contentParser());
    body.write('event: one\n\n');
    const opening = await peek;
    if (opening.kind === 'error') throw new Error('the peek saw content');

    const client = new CollectingResponse();
    const relay = withinOneSecond(relayResponse(upstreamAnswer(body), client as unknown as ServerResponse, { tap: null, keepCopy: false, opening: opening.chunks }));
    body.end('event: two\n\n');

    expect(await relay).toEqual({ completed: true, copy: null });
    expect(client.text()).toBe('event: one\n\nevent: two\n\n');
  });
});
