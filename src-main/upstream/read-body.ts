import type { Dispatcher } from 'undici';

/**
 * Reads a whole (small) upstream answer: an error body kept to pass on after failover, a converted
 * answer. Past `limit` it stops and answers with what it has. Events, not `for await`: the async
 * iterator cost about 2 µs per answer in a profile of converted requests.
 */
export function readBody(response: Dispatcher.ResponseData, limit = 1 << 20): Promise<Buffer> {
  const body = response.body;
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    let settled = false;
    body.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        settled = true;
        resolve(Buffer.concat(parts));
        body.destroy();
        return;
      }
      parts.push(chunk);
    });
    body.once('end', () => {
      settled = true;
      resolve(parts.length === 1 ? parts[0]! : Buffer.concat(parts));
    });
    body.once('error', (error) => {
      settled = true;
      reject(error);
    });
    // Destroyed without an error. `close` follows every `end` too: the Error (its stack costs
    // microseconds) is only made when nothing settled the promise first.
    body.once('close', () => {
      if (!settled) reject(new Error('the upstream answer ended early'));
    });
  });
}
