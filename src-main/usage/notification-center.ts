import type { Notification, NotificationKind } from '../../src-shared/control/settings-api.js';
import type { NotificationsRepository } from '../store/notifications-repository.js';

export interface NotificationCenterOptions {
  repository: NotificationsRepository;
  now?: () => number;
  /** Told when a listener throws: one broken listener must not keep the others from hearing. */
  onListenerError?: (error: unknown) => void;
}

/**
 * Where everything worth telling the user goes: stored (so the bell survives a restart), merged with
 * an unread one of the same kind and subject, and handed to the listeners — the window's event hub
 * and the tray's system notifications.
 */
export class NotificationCenter {
  private readonly listeners = new Set<(notification: Notification) => void>();
  private readonly now: () => number;

  constructor(private readonly options: NotificationCenterOptions) {
    this.now = options.now ?? Date.now;
  }

  raise(kind: NotificationKind, subject: string | null, values: Record<string, string | number> = {}): Notification {
    const notification = this.options.repository.raise({ kind, subject, values, at: this.now() });
    for (const listener of this.listeners) {
      try {
        listener(notification);
      } catch (error) {
        this.options.onListenerError?.(error);
      }
    }
    return notification;
  }

  list(): Notification[] {
    return this.options.repository.list();
  }

  markRead(ids?: readonly string[]): void {
    this.options.repository.markRead(ids);
  }

  /** Every notification raised from now on, new or repeated; the returned function stops it. */
  subscribe(listener: (notification: Notification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
