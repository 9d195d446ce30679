import type { Notification, NotificationKind } from '../../src-shared/control/settings-api.js';
import type { Database } from './database.js';

/** What is raised: the repository decides whether it is a new entry or a repeat of an unread one. */
export interface RaisedNotification {
  kind: NotificationKind;
  subject: string | null;
  values: Record<string, string | number>;
  at: number;
}

interface NotificationRow {
  id: number;
  kind: NotificationKind;
  subject: string | null;
  at: number;
  count: number;
  values_json: string;
  read: number;
}

/** Enough history for the bell; older entries go so the table never grows without end. */
export const defaultNotificationCap = 500;

export function createNotificationsRepository(database: Database, cap = defaultNotificationCap) {
  // `IS` matches a null subject too, where `=` would not.
  const selectUnread = database.prepare<[string, string | null], NotificationRow>(
    'SELECT * FROM notifications WHERE kind = ? AND subject IS ? AND read = 0 ORDER BY id DESC LIMIT 1',
  );
  const bump = database.prepare<[number, string, number]>('UPDATE notifications SET count = count + 1, at = ?, values_json = ? WHERE id = ?');
  const insert = database.prepare<[string, string | null, number, string]>(
    'INSERT INTO notifications (kind, subject, at, values_json) VALUES (?, ?, ?, ?)',
  );
  const selectOne = database.prepare<[number], NotificationRow>('SELECT * FROM notifications WHERE id = ?');
  const selectAll = database.prepare<[], NotificationRow>('SELECT * FROM notifications ORDER BY at DESC, id DESC');
  const trim = database.prepare<[number]>('DELETE FROM notifications WHERE id NOT IN (SELECT id FROM notifications ORDER BY at DESC, id DESC LIMIT ?)');
  const markAll = database.prepare('UPDATE notifications SET read = 1 WHERE read = 0');
  const markOne = database.prepare<[number]>('UPDATE notifications SET read = 1 WHERE id = ?');
  const selectArm = database.prepare<[string, string], { armed_for: string }>('SELECT armed_for FROM quota_alerts WHERE subject = ? AND level = ?');
  const upsertArm = database.prepare<[string, string, string]>(
    'INSERT INTO quota_alerts (subject, level, armed_for) VALUES (?, ?, ?) ON CONFLICT (subject, level) DO UPDATE SET armed_for = excluded.armed_for',
  );

  /** Adds the notification, or counts it against the unread one of the same kind and subject. */
  const raise = database.transaction((raised: RaisedNotification): Notification => {
    const valuesJson = JSON.stringify(raised.values);
    const unread = selectUnread.get(raised.kind, raised.subject);
    let id: number;
    if (unread === undefined) {
      id = Number(insert.run(raised.kind, raised.subject, raised.at, valuesJson).lastInsertRowid);
      trim.run(cap);
    } else {
      id = unread.id;
      bump.run(raised.at, valuesJson, id);
    }
    return toNotification(selectOne.get(id)!);
  });

  const markRead = database.transaction((ids: readonly string[] | undefined) => {
    if (ids === undefined) {
      markAll.run();
      return;
    }
    for (const id of ids) if (/^\d+$/.test(id)) markOne.run(Number(id));
  });

  return {
    raise: (raised: RaisedNotification) => raise(raised),
    list: (): Notification[] => selectAll.all().map(toNotification),
    /** Marks the listed ids read, or every one without a list; an unknown id is no error (it may have been trimmed). */
    markRead: (ids?: readonly string[]) => markRead(ids),
    /** The period or figure the key last crossed `level` in, or null. */
    quotaArm: (subject: string, level: string): string | null => selectArm.get(subject, level)?.armed_for ?? null,
    setQuotaArm: (subject: string, level: string, armedFor: string): void => void upsertArm.run(subject, level, armedFor),
  };
}

export type NotificationsRepository = ReturnType<typeof createNotificationsRepository>;

function toNotification(row: NotificationRow): Notification {
  return {
    id: String(row.id),
    kind: row.kind,
    at: new Date(row.at).toISOString(),
    count: row.count,
    subject: row.subject,
    values: JSON.parse(row.values_json) as Record<string, string | number>,
    read: row.read === 1,
  };
}
