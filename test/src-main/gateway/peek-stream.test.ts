import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../src-main/conversion/stream-part.js';
import { peekUntilContent } from '../../../src-main/gateway/peek-stream.js';
import type { StreamParser } from '../../../src-main/providers/provider-adapter.js';

/** A parser whose parts are named by the chunk's text: `start`, `text`, `error`, anything else → none. */
const scriptedParser = (): StreamParser => ({
  push(chunk) {
    const word = chunk.toString('utf8');
    const parts: Record<string, StreamPart[]> = {
      start: [{ type: 'start', id: 'm', model: 'x' }],
      text: [{ type: 'text-start', index: 0 }, { type: 'text-delta', index: 0, text: 'hi' }],
      error: [{ type: 'error', error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } }],
    };
    return parts[word] ?? [];
  },
  end: () => [],
});

describe('peekUntilContent', () => {
  it('holds the opening chunks until the first content and leaves the rest unread', async () => {
    const body = new PassThrough();
    const peek = peekUntilContent(body, scriptedParser());
    body.write('start');
    body.write('ping');
    body.write('text');
    body.write('later');
    const result = await peek;
    expect(result.kind).toBe('content');
    expect(result.kind !== 'error' && result.chunks.map(String)).toEqual(['start', 'ping', 'text']);
    expect(body.isPaused()).toBe(true);
    expect(String(body.read())).toBe('later');
  });

  it('reports an error event that comes before any content', async () => {
    const body = new PassThrough();
    const peek = peekUntilContent(body, scriptedParser());
    body.write('start');
    body.write('error');
    expect(await peek).toEqual({ kind: 'error', error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } });
  });

  it('hands back everything when the stream ends before any content', async () => {
    const body = new PassThrough();
    const peek = peekUntilContent(body, scriptedParser());
    body.end('start');
    const result = await peek;
    expect(result.kind).toBe('ended');
    expect(result.kind !== 'error' && result.chunks.map(String)).toEqual(['start']);
  });

  it('rejects when the upstream breaks off', async () => {
    const body = new PassThrough();
    const peek = peekUntilContent(body, scriptedParser());
    body.destroy(new Error('socket hang up'));
    await expect(peek).rejects.toThrow('socket hang up');
  });
});
