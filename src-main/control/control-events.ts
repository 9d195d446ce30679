import type { ControlEvent } from '../../src-shared/control/control-service.js';

/** The service's events, fanned out to every open window and event stream. */
export interface ControlEvents {
  emit(event: ControlEvent): void;
  subscribe(listener: (event: ControlEvent) => void): () => void;
}

export function createControlEvents(onListenerError: (error: unknown) => void = () => {}): ControlEvents {
  const listeners = new Set<(event: ControlEvent) => void>();
  return {
    emit(event) {
      for (const listener of listeners) {
        // One broken window must not stop the others hearing of it.
        try {
          listener(event);
        } catch (error) {
          onListenerError(error);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
