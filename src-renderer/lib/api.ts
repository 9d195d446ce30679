import { createBridgeTransport, createControlClient, type ControlBridge, type ControlClient } from '../../src-shared/control/rpc.js';
import { createHttpTransport } from './http-transport.js';
import { session } from '../state/session.svelte.js';

/**
 * The window's one way to Switchyard: the control service, over Electron IPC when the tray app's
 * preload offers it, else over HTTP with the admin token (headless, `npm run serve`). Nothing else in
 * the window calls fetch or IPC.
 */

declare global {
  interface Window {
    /** Set by the tray app's preload (src-main/app/preload.ts): the control bridge over IPC, and nothing else. */
    switchyard?: { control: ControlBridge };
  }
}

/** Whether the window runs inside the tray app, where IPC needs no token. */
export const insideTrayApp = typeof window !== 'undefined' && window.switchyard !== undefined;

export const api: ControlClient = createControlClient(
  (window.switchyard && createBridgeTransport(window.switchyard.control)) ??
    createHttpTransport({
      baseUrl: window.location.origin,
      token: () => session.token,
      onUnauthorized: () => session.expire(),
    }),
);
