import { PassThrough } from 'node:stream';
import { setImmediate as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { readChunks } from '../../../src-main/gateway/read-chunks.js';

const text = (result: IteratorResult<Buffer>) => (result.done ? null : result.value.toString('utf8'));

describe('readChunks', () => {
  it('gives chunks that queued up while nobody read one at a time, as they were read', async () => {
    const body = new PassThrough();
    const chunks = readChunks(body);
    body.write('data: one\n\n');
    body.write('data: two\n\n');
    await tick();
    expect(text(await chunks.next())).toBe('data: one\n\n');
    expect(text(await chunks.next())).toBe('data: two\n\n');
    body.end('data: three\n\n');
    expect(text(await chunks.next())).toBe('data: three\n\n');
    expect((await chunks.next()).done).toBe(true);
  });

  it('waits for the next chunk when none is queued', async () => {
    const body = new PassThrough();
    const chunks = readChunks(body);
    const next = chunks.next();
    setTimeout(() => body.write('late'), 5);
    expect(text(await next)).toBe('late');
  });

  it('pauses the upstream while many chunks wait and resumes it as they are read', async () => {
    const body = new PassThrough();
    const chunks = readChunks(body);
    for (let index = 0; index < 20; index++) body.write(`chunk ${index}`);
    await tick();
    expect(body.isPaused()).toBe(true);
    for (let index = 0; index < 12; index++) await chunks.next();
    expect(body.isPaused()).toBe(false);
    const rest: Array<string | null> = [];
    body.end();
    for (let result = await chunks.next(); !result.done; result = await chunks.next()) rest.push(text(result));
    expect(rest).toEqual(Array.from({ length: 8 }, (_, index) => `chunk ${index + 12}`));
  });

  it('throws the body’s error', async () => {
    const body = new PassThrough();
    const chunks = readChunks(body);
    const next = chunks.next();
    body.destroy(new Error('socket hang up'));
    await expect(next).rejects.toThrow('socket hang up');
  });

  it('does not leave a reader waiting when the body is destroyed without an error', async () => {
    const body = new PassThrough();
    const chunks = readChunks(body);
    const next = chunks.next();
    body.destroy();
    await expect(next).rejects.toThrow(/closed before its end/);
  });
});
