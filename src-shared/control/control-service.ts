import type { Notification, SettingsApi } from './settings-api.js';
import type { ProvidersApi } from './providers-api.js';
import type { RequestLogRow, UsageApi } from './usage-api.js';

/**
 * The one service behind the window: every method takes at most one JSON input and answers JSON.
 * Implemented once in src-main/control/; reached over HTTP (`POST /api/control/<method>`) and over
 * Electron IPC by transports built from this interface, never by a route or channel per method.
 */
export interface ControlService extends ProvidersApi, UsageApi, SettingsApi {}

export type ControlMethod = keyof ControlService;
export type ControlInput<Method extends ControlMethod> = Parameters<ControlService[Method]> extends [infer Input] ? Input : undefined;
export type ControlOutput<Method extends ControlMethod> = Awaited<ReturnType<ControlService[Method]>>;

/**
 * What the window is told without asking, so nothing needs a reload: over HTTP as server-sent events
 * (`GET /api/events`, `event:` is the type), over IPC as messages.
 */
export type ControlEvent =
  /** A request finished and was recorded. */
  | { type: 'request'; row: RequestLogRow }
  /** A key was disabled, cooled down, came back or changed its balance. */
  | { type: 'keys-changed' }
  | { type: 'notification'; notification: Notification }
  /** The configuration was applied anew (from the window, a hand edit or an import). */
  | { type: 'configuration-changed' }
  | { type: 'prices-changed' }
  | { type: 'settings-changed' };

export type ControlEventType = ControlEvent['type'];
