import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, listenOnLoopback } from './listen.js';

export interface JsonServerRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
}

/** A route's answer: a JSON value (200), or a status, headers and a raw body. */
export type JsonServerAnswer = { status?: number; headers?: Record<string, string>; body?: string | Buffer; json?: unknown } | null;

export interface JsonServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  readonly requests: JsonServerRequest[];
  /** What every request gets; a null answer (or none) is a 404. Replaceable at any time. */
  handle: (request: JsonServerRequest) => JsonServerAnswer | Promise<JsonServerAnswer>;
  close(): Promise<void>;
}

/** A small node:http server on 127.0.0.1:0 for tests of code that fetches JSON: balance endpoints, models.dev. */
export async function startJsonServer(handle: JsonServer['handle'] = () => null): Promise<JsonServer> {
  const requests: JsonServerRequest[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const record: JsonServerRequest = { method: request.method ?? 'GET', path: request.url ?? '/', headers: request.headers };
    requests.push(record);
    request.resume();
    void Promise.resolve(state.handle(record)).then((answer) => {
      if (answer === null) {
        response.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"not found"}');
        return;
      }
      const body = answer.body ?? JSON.stringify(answer.json);
      response.writeHead(answer.status ?? 200, { 'content-type': 'application/json', ...answer.headers }).end(body);
    });
  });
  const port = await listenOnLoopback(server);
  const state: JsonServer = {
    origin: `http://127.0.0.1:${port}`,
    requests,
    handle,
    close: () => closeServer(server),
  };
  return state;
}
