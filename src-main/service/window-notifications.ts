import type { ControlEvents } from '../control/control-events.js';
import type { KeyEntry } from '../routing/route-table.js';
import { keyName } from '../routing/route-table.js';
import type { NotificationCenter } from '../usage/notification-center.js';
import type { PriceSyncSummary } from '../usage/price-sync.js';

/**
 * The running service's happenings turned into notifications. Each is a thin wrapper here so the
 * parts that notice them (routing, the price sync) stay unaware of the window.
 */

/** A price sync that changed, added or removed prices is told; the window reloads its prices either way. */
export function notifyingPriceSync(
  sync: (url: string | undefined) => Promise<PriceSyncSummary>,
  parts: { notifications: NotificationCenter; events: ControlEvents; synced(summary: PriceSyncSummary): void },
): (url: string | undefined) => Promise<PriceSyncSummary> {
  return async (url) => {
    const summary = await sync(url);
    parts.synced(summary);
    parts.events.emit({ type: 'prices-changed' });
    if (summary.changed + summary.added + summary.removed > 0) {
      parts.notifications.raise('prices-changed', null, { changed: summary.changed, added: summary.added, removed: summary.removed });
    }
    return summary;
  };
}

/** Traffic for a model moved to another provider after a key failed; one entry per provider left. */
export function notifyFailover(notifications: NotificationCenter, from: KeyEntry, to: KeyEntry, model: string): void {
  notifications.raise('failover', from.provider.config.id, { from: keyName(from), to: keyName(to), model });
}
