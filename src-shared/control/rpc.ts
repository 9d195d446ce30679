import type { ControlEvent, ControlMethod, ControlService } from './control-service.js';

/**
 * A transport moves one call and its answer, and the service's events, between the window and the
 * main process. HTTP and Electron IPC are two; tests use the in-memory pair below. Nothing here
 * knows the service's methods: the client is a Proxy, the server a dispatcher over any object.
 */
export interface ControlTransport {
  call(method: string, input: unknown): Promise<unknown>;
  /** Starts delivering events to `listener`; the returned function stops it. */
  subscribe(listener: (event: ControlEvent) => void): () => void;
}

/** How a failed call travels: the catalogue code, its message and the input field at fault. */
export interface ControlErrorBody {
  code: string;
  message: string;
  field?: string;
}

/** A failed call as the window sees it, whatever the transport. */
export class ControlCallError extends Error {
  readonly code: string;
  readonly field: string | undefined;
  constructor(body: ControlErrorBody) {
    super(body.message);
    this.name = 'ControlCallError';
    this.code = body.code;
    this.field = body.field;
  }
}

export function isControlErrorBody(value: unknown): value is ControlErrorBody {
  if (typeof value !== 'object' || value === null) return false;
  const { code, message } = value as Record<string, unknown>;
  return typeof code === 'string' && typeof message === 'string';
}

export type ControlClient = ControlService & {
  /** Events from the main process; the returned function unsubscribes. */
  onEvent(listener: (event: ControlEvent) => void): () => void;
};

/**
 * The service as the window calls it: `client.listProviders()` becomes
 * `transport.call('listProviders', undefined)`, whatever the method, as VS Code's ProxyChannel does.
 */
export function createControlClient(transport: ControlTransport): ControlClient {
  const onEvent = (listener: (event: ControlEvent) => void) => transport.subscribe(listener);
  return new Proxy({} as ControlClient, {
    get(_target, property) {
      if (property === 'onEvent') return onEvent;
      // A Promise resolver checks `then`; the client is no thenable.
      if (typeof property !== 'string' || property === 'then') return undefined;
      return (input?: unknown) => transport.call(property, input);
    },
  });
}

/** The main process's side of a transport: what it calls for each message. */
export interface ControlEndpoint {
  /** Runs one call; rejects with a ControlCallError-shaped error for a refusal. */
  dispatch(method: string, input: unknown): Promise<unknown>;
  subscribe(listener: (event: ControlEvent) => void): () => void;
}

/**
 * Two ends joined in memory, as an IPC pair is: the client end serializes each input and answer
 * through JSON, so a test catches anything that would not survive a real channel (a Date, a Map, a
 * function, a key held in a closure).
 */
export function createMemoryTransport(endpoint: ControlEndpoint): ControlTransport {
  const throughJson = (value: unknown): unknown => (value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  return {
    async call(method, input) {
      try {
        return throughJson(await endpoint.dispatch(method, throughJson(input)));
      } catch (error) {
        throw new ControlCallError(toErrorBody(error));
      }
    },
    subscribe: (listener) => endpoint.subscribe((event) => listener(throughJson(event) as ControlEvent)),
  };
}

/** The wire form of an error thrown by the endpoint; anything without a code is an internal error. */
export function toErrorBody(error: unknown): ControlErrorBody {
  if (isControlErrorBody(error)) {
    const { code, message, field } = error;
    return field === undefined ? { code, message } : { code, message, field };
  }
  return { code: 'internal_error', message: 'A bug in Switchyard; the log has the details.' };
}

/** One call's answer as it crosses Electron's IPC: rejections would lose the code and field on the way. */
export type ControlAnswer = { ok: true; result: unknown } | { ok: false; error: ControlErrorBody };

/**
 * What the tray app's preload puts on `window.switchyard.control`: one generic call and one event
 * subscription, never a function per method (the window issue's rule, VS Code's ProxyChannel).
 */
export interface ControlBridge {
  invoke(method: string, input: unknown): Promise<ControlAnswer>;
  subscribe(listener: (event: ControlEvent) => void): () => void;
}

/** The window's transport over the preload's bridge. */
export function createBridgeTransport(bridge: ControlBridge): ControlTransport {
  return {
    async call(method, input) {
      const answer = await bridge.invoke(method, input);
      if (answer.ok) return answer.result;
      throw new ControlCallError(answer.error);
    },
    subscribe: (listener) => bridge.subscribe(listener),
  };
}

export type { ControlMethod };
