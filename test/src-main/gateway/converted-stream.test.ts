import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../src-main/conversion/stream-part.js';
import { isContent, openConvertedStream } from '../../../src-main/gateway/converted-stream.js';
import type { StreamParser } from '../../../src-main/providers/provider-adapter.js';

const jsonParser = (): StreamParser => ({
  push: (chunk) => JSON.parse(chunk.toString('utf8')) as StreamPart[],
  end: () => [],
});

async function* chunksOf(...parts: StreamPart[][]): AsyncGenerator<Buffer> {
  for (const group of parts) yield Buffer.from(JSON.stringify(group));
}

const start: StreamPart = { type: 'start', id: 'm', model: 'x' };
const usage: StreamPart = { type: 'usage', usage: { inputTokens: 3 }, raw: {} };
const text: StreamPart = { type: 'text-delta', index: 0, text: 'hi' };
const overloaded: StreamPart = { type: 'error', error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } };

describe('isContent', () => {
  it('counts everything but start, usage and error as the model answering', () => {
    expect([start, usage, overloaded, text, { type: 'finish', reason: 'stop' } as StreamPart].map(isContent)).toEqual([false, false, false, true, true]);
  });
});

describe('openConvertedStream', () => {
  it('holds parts until the first content when the family reports errors inside streams', async () => {
    const opening = await openConvertedStream(chunksOf([start], [usage], [text]), jsonParser(), true);
    expect(opening).toEqual({ kind: 'content', parts: [start, usage, text] });
  });

  it('opens at the first part when the family reports errors with HTTP statuses', async () => {
    const opening = await openConvertedStream(chunksOf([start], [text]), jsonParser(), false);
    expect(opening).toEqual({ kind: 'content', parts: [start] });
  });

  it('turns an error before any content into an error opening, so the request can fail over', async () => {
    expect(await openConvertedStream(chunksOf([start], [overloaded]), jsonParser(), true)).toEqual({ kind: 'error', error: overloaded.error });
  });

  it('reports an empty stream with what it held', async () => {
    expect(await openConvertedStream(chunksOf([start]), jsonParser(), true)).toEqual({ kind: 'empty', parts: [start] });
  });

  it('passes an upstream break on to the caller', async () => {
    const body = new PassThrough();
    const opening = openConvertedStream(body[Symbol.asyncIterator](), jsonParser(), true);
    body.destroy(new Error('reset'));
    await expect(opening).rejects.toThrow('reset');
  });
});
