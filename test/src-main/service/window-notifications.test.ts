import { describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../../src-shared/control/control-service.js';
import { createControlEvents } from '../../../src-main/control/control-events.js';
import { notifyingPriceSync } from '../../../src-main/service/window-notifications.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { createNotificationsRepository } from '../../../src-main/store/notifications-repository.js';
import { NotificationCenter } from '../../../src-main/usage/notification-center.js';
import type { PriceSyncSummary } from '../../../src-main/usage/price-sync.js';

function summary(changes: Pick<PriceSyncSummary, 'changed' | 'added' | 'removed'>): PriceSyncSummary {
  return { url: 'https://models.dev/api.json', fetchedAt: '2025-03-07T10:00:00.000Z', path: '/data/x.json', vendors: 3, problems: [], models: 12, ...changes };
}

function setUp(result: PriceSyncSummary | Error) {
  const errors: unknown[] = [];
  const notifications = new NotificationCenter({ repository: createNotificationsRepository(openDatabase(':memory:')), onListenerError: (error) => errors.push(error) });
  const events = createControlEvents();
  const heard: ControlEvent[] = [];
  events.subscribe((event) => heard.push(event));
  const synced: string[] = [];
  const sync = notifyingPriceSync(
    async () => {
      if (result instanceof Error) throw result;
      return result;
    },
    { notifications, events, synced: (done) => synced.push(done.fetchedAt) },
  );
  return { sync, notifications, heard, synced, errors };
}

describe('notifyingPriceSync', () => {
  it('tells the windows and raises a notification when prices changed', async () => {
    const { sync, notifications, heard, synced } = setUp(summary({ changed: 2, added: 1, removed: 0 }));
    expect((await sync(undefined)).changed).toBe(2);
    expect(heard).toEqual([{ type: 'prices-changed' }]);
    expect(synced).toEqual(['2025-03-07T10:00:00.000Z']);
    expect(notifications.list()).toEqual([expect.objectContaining({ kind: 'prices-changed', subject: null, values: { changed: 2, added: 1, removed: 0 } })]);
  });

  it('raises nothing when the sync changed no price', async () => {
    const { sync, notifications, heard } = setUp(summary({ changed: 0, added: 0, removed: 0 }));
    await sync(undefined);
    expect(heard).toEqual([{ type: 'prices-changed' }]);
    expect(notifications.list()).toEqual([]);
  });

  it('passes a failed sync on untouched, telling no one', async () => {
    const failure = new Error('unreachable');
    const { sync, notifications, heard, synced } = setUp(failure);
    await expect(sync(undefined)).rejects.toBe(failure);
    expect([heard, synced, notifications.list()]).toEqual([[], [], []]);
  });
});

describe('NotificationCenter', () => {
  it('still tells the other listeners, and stores it, when one listener throws', () => {
    const { notifications, errors } = setUp(summary({ changed: 0, added: 0, removed: 0 }));
    const told: string[] = [];
    notifications.subscribe(() => {
      throw new Error('tray gone');
    });
    const stop = notifications.subscribe((notification) => told.push(notification.kind));
    notifications.raise('key-disabled', 'openai/k1');
    stop();
    notifications.raise('key-disabled', 'openai/k1');
    expect(told).toEqual(['key-disabled']);
    expect(errors).toHaveLength(2);
    expect(notifications.list()).toEqual([expect.objectContaining({ kind: 'key-disabled', count: 2 })]);
  });
});
