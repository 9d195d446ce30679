import { createServer, request as httpRequest } from 'node:http';
import { closeServer, listenOnLoopback } from './listen.js';

/** A balance endpoint's answer: status (default 200) and a JSON body. */
export interface BalanceAnswer {
  status?: number;
  json: unknown;
}

export interface BalanceFront {
  /** `http://127.0.0.1:<port>/v1`: a provider's baseUrl; the balance paths live on the same origin. */
  readonly baseUrl: string;
  /** Balance requests seen: path and the bearer key. */
  readonly balanceRequests: Array<{ path: string; apiKey: string | undefined }>;
  close(): Promise<void>;
}

/**
 * A vendor's API in front of the OpenAI mock: the balance paths (`/user/balance`, …) are answered
 * here by `answer`, per bearer key, and every other request is passed through to `upstreamOrigin`,
 * so one provider baseUrl serves both chat and balance as a real vendor's host does.
 */
export async function startBalanceFront(
  upstreamOrigin: string,
  balancePaths: readonly string[],
  answer: (path: string, apiKey: string | undefined) => BalanceAnswer,
): Promise<BalanceFront> {
  const balanceRequests: BalanceFront['balanceRequests'] = [];
  const upstream = new URL(upstreamOrigin);
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    const apiKey = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (balancePaths.includes(path)) {
      request.resume();
      balanceRequests.push({ path, apiKey });
      const { status = 200, json } = answer(path, apiKey);
      response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      return;
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: request.method, path, headers: { ...request.headers, host: upstream.host } },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    forward.on('error', () => response.destroy());
    request.pipe(forward);
  });
  const port = await listenOnLoopback(server);
  return { baseUrl: `http://127.0.0.1:${port}/v1`, balanceRequests, close: () => closeServer(server) };
}
