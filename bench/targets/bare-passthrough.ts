/**
 * The limit of this stack: fastify and undici with nothing else. The client's body goes upstream as
 * bytes, the answer comes back as it arrives. No auth, routing, parsing or recording: whatever
 * Switchyard costs beyond this is its own.
 *
 * `node bench/.build/bare-passthrough.js <upstream origin>`; answers `{ type: 'ready', url }` over IPC.
 */
import Fastify from 'fastify';
import { Agent } from 'undici';

const upstreamOrigin = process.argv[2];
if (!upstreamOrigin) throw new Error('usage: bare-passthrough.js <upstream origin>');

/** Connection-level headers (RFC 9110 §7.6.1) are the hop's own and are not passed on. */
const hopByHop = new Set(['connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-connection']);

const agent = new Agent({ keepAliveTimeout: 30_000, connections: 128 });
const app = Fastify({ logger: false });
app.removeAllContentTypeParsers();
app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

app.post('/v1/chat/completions', async (request, reply) => {
  const authorization = request.headers.authorization;
  const upstream = await agent.request({
    origin: upstreamOrigin,
    path: '/v1/chat/completions',
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: request.body as Buffer,
  });
  reply.hijack();
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(upstream.headers)) {
    if (value !== undefined && !hopByHop.has(name)) headers[name] = value;
  }
  const target = reply.raw;
  target.writeHead(upstream.statusCode, headers);
  // As Switchyard does: a stream's headers go out at once, a whole answer's with its body.
  if (String(upstream.headers['content-type'] ?? '').includes('text/event-stream')) target.flushHeaders();
  const body = upstream.body;
  body.on('data', (chunk: Buffer) => {
    if (!target.write(chunk)) {
      body.pause();
      target.once('drain', () => body.resume());
    }
  });
  body.on('end', () => target.end());
  body.on('error', () => target.destroy());
  target.on('close', () => {
    if (!target.writableFinished) body.destroy();
  });
});

const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.send?.({ type: 'ready', url: address });
process.on('disconnect', () => process.exit(0));
