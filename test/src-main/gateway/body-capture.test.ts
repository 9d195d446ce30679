import { afterEach, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import type { LoggedBodies } from '../../../src-shared/usage.js';
import { captureBodies, loggedBodyLimit } from '../../../src-main/gateway/body-capture.js';
import { createSecretRedactor } from '../../../src-main/store/secrets/redact-secrets.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A route that answers `answer` (written in pieces, as a stream is) and hands over what was captured. */
async function capture(requestBody: string, answer: string[], headers: Record<string, string> = {}): Promise<LoggedBodies> {
  let logged: Promise<LoggedBodies> | null = null;
  app = Fastify();
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
  app.post('/chat', async (request, reply) => {
    logged = captureBodies(request, reply, createSecretRedactor(['sk-provider-secret-0001'])).settled();
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream' });
    for (const part of answer.slice(0, -1)) reply.raw.write(part);
    reply.raw.end(Buffer.from(answer.at(-1)!));
  });
  await app.inject({ method: 'POST', url: '/chat', headers: { 'content-type': 'application/json', ...headers }, payload: requestBody });
  return logged!;
}

describe('captureBodies', () => {
  it('keeps the request and every piece of the answer, with stored secrets, the client key and bearer tokens redacted', async () => {
    const bodies = await capture(
      '{"note":"sk-provider-secret-0001","authorization":"Bearer tok_abcdefghijkl"}',
      ['data: {"a":"sk-local-client-key-7"}\n\n', 'data: [DONE]\n\n'],
      { authorization: 'Bearer sk-local-client-key-7' },
    );
    expect(bodies.request).toBe('{"note":"[redacted]","authorization":"[redacted]"}');
    expect(bodies.response).toBe('data: {"a":"[redacted]"}\n\ndata: [DONE]\n\n');
    expect(bodies).toMatchObject({ requestTruncated: false, responseTruncated: false });
  });

  it('keeps at most the cap of each body and marks what was cut', async () => {
    const big = 'x'.repeat(loggedBodyLimit);
    const bodies = await capture(`"${big}"`, [big, 'tail']);
    expect(bodies.request).toHaveLength(loggedBodyLimit);
    expect(bodies.response).toBe(big);
    expect(bodies).toMatchObject({ requestTruncated: true, responseTruncated: true });
  });
});
