import type { ControlEvent } from '../../src-shared/control/control-service.js';
import { ControlCallError, isControlErrorBody, type ControlTransport } from '../../src-shared/control/rpc.js';

export interface HttpTransportOptions {
  /** The gateway's origin; the page's own when served headless. */
  baseUrl: string;
  /** The admin token, read for every call (it is set after the login screen). */
  token(): string | null;
  /** Told when the gateway refuses the token, so the window can ask for it again. */
  onUnauthorized(): void;
}

/**
 * The control service over HTTP: `POST /api/control/<method>` per call and one `GET /api/events`
 * stream for every listener. The stream is read with fetch, not EventSource, because EventSource
 * cannot send the Authorization header (and the token must not go in a URL or a cookie).
 */
export function createHttpTransport(options: HttpTransportOptions): ControlTransport {
  const listeners = new Set<(event: ControlEvent) => void>();
  let stream: AbortController | null = null;

  const headers = (): Record<string, string> => {
    const token = options.token();
    return token === null ? {} : { authorization: `Bearer ${token}` };
  };

  async function call(method: string, input: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetch(`${options.baseUrl}/api/control/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { ...headers(), 'content-type': 'application/json' },
        body: input === undefined ? '' : JSON.stringify(input),
      });
    } catch {
      throw new ControlCallError({ code: 'network_error', message: 'Switchyard did not answer. Is it still running?' });
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return body;
    const error = (body as { error?: unknown } | null)?.error;
    if (response.status === 401) options.onUnauthorized();
    if (isControlErrorBody(error)) throw new ControlCallError(error);
    throw new ControlCallError({ code: 'internal_error', message: `Switchyard answered ${response.status}.` });
  }

  function openStream(): void {
    const controller = new AbortController();
    stream = controller;
    let delayMs = 1_000;
    const run = async (): Promise<void> => {
      while (!controller.signal.aborted) {
        try {
          const response = await fetch(`${options.baseUrl}/api/events`, { headers: headers(), signal: controller.signal });
          if (response.status === 401) {
            options.onUnauthorized();
            return;
          }
          if (!response.ok || response.body === null) throw new Error(`events answered ${response.status}`);
          delayMs = 1_000;
          await readEvents(response.body, (event) => {
            for (const listener of listeners) listener(event);
          });
        } catch {
          if (controller.signal.aborted) return;
        }
        // The gateway restarted or the network dropped: try again, less often each time.
        await new Promise((resolve) => setTimeout(resolve, delayMs));
        delayMs = Math.min(delayMs * 2, 30_000);
      }
    };
    void run();
  }

  return {
    call,
    subscribe(listener) {
      listeners.add(listener);
      if (stream === null) openStream();
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && stream !== null) {
          stream.abort();
          stream = null;
        }
      };
    },
  };
}

/** Server-sent events, as the gateway writes them: `event:` and one `data:` line, a blank line between. */
async function readEvents(body: ReadableStream<Uint8Array>, deliver: (event: ControlEvent) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => line.slice(6))
        .join('\n');
      if (data !== '') deliver(JSON.parse(data) as ControlEvent);
    }
  }
}
