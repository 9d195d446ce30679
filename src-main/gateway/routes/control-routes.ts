import type { FastifyInstance } from 'fastify';
import type { ControlEndpoint } from '../../../src-shared/control/rpc.js';

/**
 * The control service over HTTP, built from the endpoint and nothing else: `POST
 * /api/control/<method>` with the method's input as the JSON body (none, or `{}`, for methods that
 * take nothing) answers its result as JSON; `GET /api/events` streams the service's events as
 * server-sent events. Both sit behind the admin token and the origin check of the admin routes.
 */
export function registerControlRoutes(app: FastifyInstance, control: ControlEndpoint): void {
  app.post<{ Params: { method: string } }>('/api/control/:method', async (request) => {
    return control.dispatch(request.params.method, request.body === null ? undefined : request.body);
  });

  app.get('/api/events', (request, reply) => {
    reply.hijack();
    const response = reply.raw;
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      // Proxies in between must not hold events back to fill a buffer.
      'x-accel-buffering': 'no',
    });
    // A comment first, so the window knows the stream is open before anything happens.
    response.write(': connected\n\n');
    const unsubscribe = control.subscribe((event) => {
      response.write(`event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`);
    });
    // Idle connections are closed by some proxies and by the browser's own timeouts.
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), 15_000);
    heartbeat.unref();
    const stop = () => {
      clearInterval(heartbeat);
      unsubscribe();
    };
    request.raw.once('close', stop);
    response.once('close', stop);
  });
}

/**
 * An empty body on a control call is "no input"; fastify's JSON parser refuses one. Everything else
 * goes to that parser, which also guards against prototype poisoning (`__proto__` keys).
 */
export function acceptEmptyJsonBodies(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if ((body as string).trim() === '') {
      done(null, null);
      return;
    }
    parseJson(request, body as string, done);
  });
}
