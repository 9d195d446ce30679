import type { ControlEvent, ControlEventType } from '../../src-shared/control/control-service.js';
import type { RequestLogRow } from '../../src-shared/control/usage-api.js';
import { api } from '../lib/api.js';

/**
 * What the main process pushes: a counter per event type that pages read to know when to fetch
 * again (a page that reads `live.versions.request` reloads on every new request), and the latest
 * requests for anything that wants them at once.
 */
export const live = $state({
  versions: { request: 0, 'keys-changed': 0, notification: 0, 'configuration-changed': 0, 'prices-changed': 0, 'settings-changed': 0 } as Record<ControlEventType, number>,
  recentRequests: [] as RequestLogRow[],
  connected: false,
});

let stop: (() => void) | null = null;

export function receive(event: ControlEvent): void {
  live.versions[event.type] += 1;
  if (event.type === 'request') live.recentRequests = [event.row, ...live.recentRequests].slice(0, 50);
}

/** Starts listening (after sign-in); safe to call again. */
export function connectLive(): void {
  if (stop !== null) return;
  stop = api.onEvent(receive);
  live.connected = true;
}

export function disconnectLive(): void {
  stop?.();
  stop = null;
  live.connected = false;
}
