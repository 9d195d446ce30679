import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { readBody } from '../../../src-main/upstream/read-body.js';

function answer(body: Readable): Dispatcher.ResponseData {
  return { statusCode: 200, headers: {}, body } as unknown as Dispatcher.ResponseData;
}

describe('readBody', () => {
  it('joins every chunk of the answer', async () => {
    const body = Readable.from([Buffer.from('{"a":'), Buffer.from('1,"b":'), Buffer.from('2}')], { objectMode: false });
    expect((await readBody(answer(body))).toString()).toBe('{"a":1,"b":2}');
  });

  it('answers an empty body with an empty buffer', async () => {
    expect((await readBody(answer(Readable.from([], { objectMode: false })))).length).toBe(0);
  });

  it('stops past the limit with what came before it, and lets go of the body', async () => {
    const body = Readable.from([Buffer.alloc(6, 'a'), Buffer.alloc(6, 'b'), Buffer.alloc(6, 'c')], { objectMode: false });
    const read = await readBody(answer(body), 10);
    expect(read.toString()).toBe('aaaaaa');
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.destroyed).toBe(true);
  });

  it('fails when the body breaks off, with or without an error', async () => {
    const failing = new Readable({ read() {} });
    const reading = readBody(answer(failing));
    failing.push('{"partial":');
    failing.destroy(new Error('socket hang up'));
    await expect(reading).rejects.toThrow('socket hang up');

    const cut = new Readable({ read() {} });
    const cutReading = readBody(answer(cut));
    cut.push('{"partial":');
    cut.destroy();
    await expect(cutReading).rejects.toThrow('ended early');
  });
});
