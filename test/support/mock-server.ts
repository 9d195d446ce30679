/**
 * What the vendor mocks (mock-*-upstream.ts) share: a node:http server on 127.0.0.1:0 that records
 * every request, picks each one's scripted behaviour (per API key, else the next queued one), tracks
 * whether the client left or the answer completed, and writes JSON answers and SSE streams with the
 * scripted delays, hangs and resets. What a vendor answers, how it authenticates and validates, and how
 * it frames its events stay in its own mock.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { closeServer, listenOnLoopback } from './listen.js';

/** One request as a mock saw it. */
export interface MockRecordedRequest {
  method: string;
  /** Path with the query string, e.g. `/v1/chat/completions?x=1`. */
  path: string;
  /** As Node gives them: names lower-cased. */
  headers: IncomingHttpHeaders;
  /** The key of the vendor's auth header (OpenAI's bearer token, Anthropic's `x-api-key`, …), if any. */
  apiKey: string | undefined;
  /** The raw body. */
  body: string;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  /** The client closed the connection before the response ended (not set by `resetConnection`). */
  aborted: boolean;
  /** Status the mock sent, once it sent headers; undefined for a reset or an abort before headers. */
  status: number | undefined;
  /** The response was completely written. */
  completed: boolean;
  /** `performance.timeOrigin + performance.now()` when the request arrived. */
  receivedAt: number;
}

/** The behaviour fields this module acts on; each mock's behaviour type adds its own. */
export interface MockScript {
  resetConnection?: boolean;
  delayHeadersMs?: number;
  /** Extra response headers, for any answer. */
  headers?: Record<string, string>;
  chunkDelayMs?: number;
  hang?: boolean;
}

/** What handling one request shares: its record, its behaviour, and a signal for the client leaving. */
export interface MockExchange<Behaviour extends MockScript, Recorded extends MockRecordedRequest> {
  request: IncomingMessage;
  response: ServerResponse;
  url: URL;
  recorded: Recorded;
  behaviour: Behaviour;
  signal: AbortSignal;
  /** Marks a socket the mock itself destroyed, so it is not counted as a client abort. */
  resetByMock: () => void;
}

export interface MockServerSetup<Behaviour extends MockScript, Recorded extends MockRecordedRequest> {
  /** The API key a request carries, by the vendor's rules; it selects per-key behaviours. */
  apiKeyOf(headers: IncomingHttpHeaders): string | undefined;
  /** Vendor-specific fields of a record, beyond `MockRecordedRequest`. */
  recordExtras?(url: URL): Omit<Recorded, keyof MockRecordedRequest>;
  handle(exchange: MockExchange<Behaviour, Recorded>): Promise<void>;
  /** Answers a failure of the mock itself, in the vendor's error shape, when headers are not sent yet. */
  sendInternalError(response: ServerResponse, error: unknown): void;
}

export interface MockServer<Behaviour, Recorded> {
  /** `http://127.0.0.1:<port>`. */
  readonly origin: string;
  readonly port: number;
  /** Every request, in arrival order. */
  readonly requests: Recorded[];
  /** Scripts the next requests, one behaviour each, in order (after per-key behaviours). */
  enqueue(...behaviours: Behaviour[]): void;
  /**
   * Scripts every request bearing this API key until changed; `undefined` removes it. A per-key
   * behaviour wins over the queue, and such a request leaves the queue untouched.
   */
  behaviourFor(apiKey: string, behaviour: Behaviour | undefined): void;
  /** Forgets the recorded requests, the queue and the per-key behaviours. */
  reset(): void;
  /** Stops listening and ends every connection, hung streams included. */
  close(): Promise<void>;
}

export async function startMockServer<Behaviour extends MockScript, Recorded extends MockRecordedRequest>(
  setup: MockServerSetup<Behaviour, Recorded>,
): Promise<MockServer<Behaviour, Recorded>> {
  const requests: Recorded[] = [];
  const queue: Behaviour[] = [];
  const perKey = new Map<string, Behaviour>();

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const path = request.url ?? '/';
    const url = new URL(path, 'http://mock.invalid');
    const apiKey = setup.apiKeyOf(request.headers);
    const recorded = {
      method: request.method ?? 'GET',
      path,
      headers: request.headers,
      apiKey,
      ...setup.recordExtras?.(url),
      body: '',
      json: undefined,
      aborted: false,
      status: undefined,
      completed: false,
      receivedAt: now(),
    } as Recorded;
    requests.push(recorded);

    // Chosen on arrival, so queued behaviours go to requests in the order they reach the mock.
    const keyed = apiKey === undefined ? undefined : perKey.get(apiKey);
    const behaviour = keyed ?? queue.shift() ?? ({} as Behaviour);

    const abort = new AbortController();
    let resetByMock = false;
    response.on('close', () => {
      recorded.completed = response.writableFinished;
      if (!response.writableFinished && !resetByMock) recorded.aborted = true;
      abort.abort();
    });
    response.on('finish', () => {
      recorded.completed = true;
    });
    answers.set(response, { recorded, headers: behaviour.headers });
    await setup.handle({
      request,
      response,
      url,
      recorded,
      behaviour,
      signal: abort.signal,
      resetByMock: () => {
        resetByMock = true;
      },
    });
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent && !response.destroyed) setup.sendInternalError(response, error);
      else response.destroy();
    });
  });
  const port = await listenOnLoopback(server);
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    requests,
    enqueue: (...behaviours) => {
      queue.push(...behaviours);
    },
    behaviourFor: (apiKey, behaviour) => {
      if (behaviour) perKey.set(apiKey, behaviour);
      else perKey.delete(apiKey);
    },
    reset: () => {
      requests.length = 0;
      queue.length = 0;
      perKey.clear();
    },
    close: () => closeServer(server),
  };
}

/** The header value when it is a single string. */
export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : undefined;
}

/** Reads the whole body into the record; false when the client went away mid-body. */
export async function readBodyInto(exchange: MockExchange<MockScript, MockRecordedRequest>): Promise<boolean> {
  const body = await readBody(exchange.request);
  if (body === undefined) return false;
  exchange.recorded.body = body;
  exchange.recorded.json = parseJson(body);
  return true;
}

/**
 * Acts on `resetConnection` (destroy the socket, answer nothing) and `delayHeadersMs` (wait, stopped
 * early if the client goes away); false when the request needs no more handling.
 */
export async function runConnectionScript(exchange: MockExchange<MockScript, MockRecordedRequest>): Promise<boolean> {
  const { behaviour } = exchange;
  if (behaviour.resetConnection) {
    exchange.resetByMock();
    exchange.request.socket.destroy();
    return false;
  }
  if (behaviour.delayHeadersMs !== undefined && behaviour.delayHeadersMs > 0) {
    return pause(behaviour.delayHeadersMs, exchange.signal);
  }
  return true;
}

// Ties a response to its record and its script's extra headers, so plain error helpers need no exchange.
const answers = new WeakMap<ServerResponse, { recorded: MockRecordedRequest; headers: Record<string, string> | undefined }>();

/**
 * Sends a JSON text and notes the status on the request's record. Headers go, later winning: the
 * vendor's, the behaviour's scripted ones, the call's own, then `content-length`.
 */
export function sendJsonText(response: ServerResponse, status: number, text: string, vendorHeaders: Record<string, string>, headers: Record<string, string>): void {
  if (response.destroyed) return;
  const answer = answers.get(response);
  if (answer) answer.recorded.status = status;
  response.writeHead(status, {
    ...vendorHeaders,
    ...answer?.headers,
    ...headers,
    'content-length': String(Buffer.byteLength(text)),
  });
  response.end(text);
}

export interface EventStreamOptions {
  /** The vendor's stream headers; the behaviour's scripted ones go over them. */
  headers: Record<string, string>;
  /** One payload as the vendor frames it on the wire; called as it is sent (so send-time stamps are). */
  frame: (payload: string) => string;
  /** Pause `chunkDelayMs` before the ending too, as OpenAI-style streams do before `[DONE]`. */
  delayBeforeEnd?: boolean;
  /** How the stream ends: with a last frame, with the response simply ending, or with the socket destroyed. */
  end: { frame: string } | 'close' | 'reset';
}

/**
 * Answers 200 with an event stream of `payloads`, honouring `chunkDelayMs` (before every payload after
 * the first) and `hang` (the first payload, then nothing until the client or close() ends it).
 */
export async function writeEventStream(exchange: MockExchange<MockScript, MockRecordedRequest>, payloads: readonly string[], options: EventStreamOptions): Promise<void> {
  const { response, behaviour, recorded, signal } = exchange;
  if (response.destroyed) return;
  recorded.status = 200;
  response.writeHead(200, { ...options.headers, ...behaviour.headers });
  response.flushHeaders();

  const delayMs = behaviour.chunkDelayMs ?? 0;
  for (const [index, payload] of payloads.entries()) {
    if (index > 0 && delayMs > 0 && !(await pause(delayMs, signal))) return;
    if (response.destroyed) return;
    response.write(options.frame(payload));
    if (behaviour.hang) break;
  }
  if (behaviour.hang) {
    // Held open until the client (or close()) ends the connection.
    if (!signal.aborted) await new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
    return;
  }
  if (options.delayBeforeEnd && delayMs > 0 && !(await pause(delayMs, signal))) return;
  if (response.destroyed) return;
  if (options.end === 'reset') {
    exchange.resetByMock();
    response.socket?.destroy();
  } else if (options.end === 'close') {
    response.end();
  } else {
    response.end(options.end.frame);
  }
}

/** A JSON payload with `x_sent_at` (ms, `performance.timeOrigin + performance.now()`) added; other text as it is. */
export function stampSendTime(payload: string): string {
  const value = parseJson(payload);
  if (!isRecord(value)) return payload;
  return JSON.stringify({ ...value, x_sent_at: now() });
}

// ---------------------------------------------------------------------------------------------------
// Small helpers

export async function readBody(request: IncomingMessage): Promise<string | undefined> {
  const pieces: Buffer[] = [];
  try {
    for await (const piece of request) pieces.push(piece as Buffer);
  } catch {
    // The client went away mid-body; the close handler marks the record aborted.
    return undefined;
  }
  return Buffer.concat(pieces).toString('utf8');
}

/** Waits, and says false if the client left meanwhile. */
export async function pause(ms: number, signal: AbortSignal): Promise<boolean> {
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text of a message's content: a string, or the `text` of its text parts. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => (isRecord(part) && typeof part['text'] === 'string' ? part['text'] : '')).join('');
}

export function randomAlphanumeric(length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

export function now(): number {
  return performance.timeOrigin + performance.now();
}
