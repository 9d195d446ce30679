import type { Dispatcher } from 'undici';

/** Why a JSON document could not be had; matched on, so the caller can say which. */
export type FetchJsonFailure = 'unreachable' | 'timeout' | 'status' | 'too_large' | 'bad_json';

export class FetchJsonError extends Error {
  override readonly name = 'FetchJsonError';
  constructor(
    readonly code: FetchJsonFailure,
    message: string,
    /** The HTTP status, for `status`. */
    readonly statusCode?: number,
  ) {
    super(message);
  }
}

export interface FetchJsonOptions {
  headers?: Record<string, string>;
  /** For the whole exchange, headers and body. */
  timeoutMs: number;
  /** A body longer than this is refused (and its download stopped) rather than buffered. */
  maxBytes: number;
  /**
   * How many redirects to follow. Only for requests without credentials: a redirect to another host
   * must never carry a key there.
   */
  maxRedirects?: number;
  /** Stops the request early (a shutdown); reported as `unreachable`. */
  signal?: AbortSignal;
}

/**
 * GETs a JSON document through the shared undici dispatcher. Error messages name the host, the
 * status or the cause, never the request headers, so a key sent with the request cannot leak into a
 * log through them.
 */
export async function fetchJson(agent: Dispatcher, url: URL, options: FetchJsonOptions): Promise<unknown> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
  let location = url;
  for (let redirects = 0; ; redirects += 1) {
    let response: Dispatcher.ResponseData;
    try {
      response = await agent.request({
        origin: location.origin,
        path: `${location.pathname}${location.search}`,
        method: 'GET',
        headers: { accept: 'application/json', ...options.headers },
        signal,
        headersTimeout: options.timeoutMs,
        bodyTimeout: options.timeoutMs,
      });
    } catch (error) {
      throw networkError(error, location, timeout, options.timeoutMs);
    }
    const redirect = response.headers.location;
    if (response.statusCode >= 300 && response.statusCode < 400 && typeof redirect === 'string' && redirects < (options.maxRedirects ?? 0)) {
      await response.body.dump();
      location = new URL(redirect, location);
      continue;
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      await response.body.dump().catch(() => undefined);
      throw new FetchJsonError('status', `${location.host} answered HTTP ${response.statusCode}`, response.statusCode);
    }
    const text = await readLimited(response, options.maxBytes, location, timeout, options.timeoutMs);
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new FetchJsonError('bad_json', `${location.host} did not answer JSON: ${(error as Error).message}`);
    }
  }
}

async function readLimited(response: Dispatcher.ResponseData, maxBytes: number, location: URL, timeout: AbortSignal, timeoutMs: number): Promise<string> {
  const tooLarge = () => new FetchJsonError('too_large', `${location.host} sent more than ${maxBytes} bytes`);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw tooLarge();
  }
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        response.body.destroy();
        throw tooLarge();
      }
      parts.push(chunk);
    }
  } catch (error) {
    if (error instanceof FetchJsonError) throw error;
    throw networkError(error, location, timeout, timeoutMs);
  }
  return Buffer.concat(parts).toString('utf8');
}

function networkError(error: unknown, location: URL, timeout: AbortSignal, timeoutMs: number): FetchJsonError {
  const code = (error as { code?: string }).code;
  if (timeout.aborted || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
    return new FetchJsonError('timeout', `${location.host} did not answer within ${timeoutMs} ms`);
  }
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? code ?? (error as Error).message;
  return new FetchJsonError('unreachable', `${location.host} could not be reached (${detail})`);
}
