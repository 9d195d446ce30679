import { describe, expect, it } from 'vitest';
import { eventData, SseEventFramer, splitEvents } from '../../../../src-main/providers/shared/sse-event-framer.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Pushes every chunk and returns what the framer released after each, as text. */
function pushAll(framer: SseEventFramer, chunks: string[]): string[] {
  return chunks.map((chunk) => framer.push(bytes(chunk)).toString('utf8'));
}

describe('SseEventFramer', () => {
  it('releases a whole event that arrives in one chunk', () => {
    const framer = new SseEventFramer();
    expect(framer.push(bytes('data: {"a":1}\n\n')).toString()).toBe('data: {"a":1}\n\n');
    expect(framer.rest().length).toBe(0);
  });

  it('holds an incomplete event until the blank line arrives', () => {
    const framer = new SseEventFramer();
    expect(pushAll(framer, ['data: {"a"', ':1}\n', '\n'])).toEqual(['', '', 'data: {"a":1}\n\n']);
  });

  it('releases every complete event of a chunk and keeps the tail of the next one', () => {
    const framer = new SseEventFramer();
    const released = framer.push(bytes('data: one\n\ndata: two\n\ndata: thr'));
    expect(released.toString()).toBe('data: one\n\ndata: two\n\n');
    expect(framer.push(bytes('ee\n\n')).toString()).toBe('data: three\n\n');
  });

  it.each([
    ['LF', 'event: message\ndata: {"x":"é€😀"}\n\ndata: [DONE]\n\n'],
    ['CRLF', 'event: message\r\ndata: {"x":"é€😀"}\r\n\r\ndata: [DONE]\r\n\r\n'],
    ['multi-line data', 'data: first\ndata: second\n\n: comment\n\ndata:nospace\n\n'],
  ])('gives back the same bytes whatever byte the stream is split at (%s)', (_name, stream) => {
    const whole = bytes(stream);
    for (let split = 0; split <= whole.length; split++) {
      const framer = new SseEventFramer();
      const first = framer.push(whole.subarray(0, split));
      const second = framer.push(whole.subarray(split));
      expect(Buffer.concat([first, second]).equals(whole), `split at byte ${split}`).toBe(true);
      expect(framer.rest().length).toBe(0);
      // Nothing is released before its event ends: every release ends on a blank line.
      for (const released of [first, second]) {
        if (released.length > 0) expect(released.toString()).toMatch(/\r?\n\r?\n$/);
      }
    }
  });

  it('releases events one byte at a time exactly when each one ends', () => {
    const stream = 'data: a\r\n\r\ndata: b\n\n';
    const framer = new SseEventFramer();
    const releases: Array<[number, string]> = [];
    [...bytes(stream)].forEach((byte, index) => {
      const released = framer.push(Buffer.from([byte]));
      if (released.length > 0) releases.push([index, released.toString()]);
    });
    expect(releases).toEqual([
      [10, 'data: a\r\n\r\n'],
      [19, 'data: b\n\n'],
    ]);
  });

  it('does not keep a reference to a chunk the caller may reuse', () => {
    const framer = new SseEventFramer();
    const chunk = bytes('data: kept');
    framer.push(chunk);
    chunk.fill(0x58);
    expect(framer.push(bytes('\n\n')).toString()).toBe('data: kept\n\n');
  });

  it('rest() hands back what never completed an event, and only once', () => {
    const framer = new SseEventFramer();
    framer.push(bytes('data: done\n\ndata: cut o'));
    framer.push(bytes('ff'));
    expect(framer.rest().toString()).toBe('data: cut off');
    expect(framer.rest().length).toBe(0);
    expect(framer.push(bytes('data: next\n\n')).toString()).toBe('data: next\n\n');
  });
});

describe('splitEvents', () => {
  it('splits LF and CRLF framed events and skips empty ones', () => {
    expect(splitEvents(bytes('data: a\n\ndata: b\r\n\r\n\n\ndata: c\ndata: d\n\n'))).toEqual([
      'data: a',
      'data: b',
      'data: c\ndata: d',
    ]);
  });
});

describe('eventData', () => {
  it('strips one optional space after the colon, and only one', () => {
    expect(eventData('data: {"a":1}')).toBe('{"a":1}');
    expect(eventData('data:{"a":1}')).toBe('{"a":1}');
    expect(eventData('data:  two spaces')).toBe(' two spaces');
  });

  it('joins multi-line data with newlines, across LF and CRLF lines', () => {
    expect(eventData('data: first\ndata:second\r\ndata: third')).toBe('first\nsecond\nthird');
  });

  it('ignores other fields and comments', () => {
    expect(eventData('event: ping\nid: 7\n: keep-alive\ndata: payload\nretry: 10')).toBe('payload');
  });

  it('is null for an event with no data line, and empty for an empty data line', () => {
    expect(eventData(': just a comment')).toBeNull();
    expect(eventData('event: ping')).toBeNull();
    expect(eventData('data:')).toBe('');
  });
});
