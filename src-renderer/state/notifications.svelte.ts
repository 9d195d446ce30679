import type { Notification } from '../../src-shared/control/settings-api.js';
import type { ControlCallError } from '../../src-shared/control/rpc.js';
import { api } from '../lib/api.js';
import { Resource, asControlError } from './resource.svelte.js';

/** Unread first, then the latest occurrence first. */
export function sortNotifications(list: readonly Notification[]): Notification[] {
  return [...list].sort((a, b) => Number(a.read) - Number(b.read) || Date.parse(b.at) - Date.parse(a.at));
}

export const notificationList = new Resource<Notification[]>(async () => sortNotifications(await api.listNotifications()));

export const notificationActions = $state({
  marking: false,
  error: null as ControlCallError | null,
});

/** How many are unread, for the page and the navigation's dot. */
export function unreadCount(): number {
  return notificationList.data?.filter((notification) => !notification.read).length ?? 0;
}

/** Marks the given ones read, or all of them without ids. */
export async function markRead(ids?: string[]): Promise<void> {
  notificationActions.marking = true;
  notificationActions.error = null;
  try {
    await api.markNotificationsRead(ids === undefined ? {} : { ids });
    await notificationList.load();
  } catch (error) {
    notificationActions.error = asControlError(error);
  } finally {
    notificationActions.marking = false;
  }
}
