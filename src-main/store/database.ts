import BetterSqlite3 from 'better-sqlite3';
import { runMigrations } from './migrations.js';
import { createPrivateFile, restrictFileIfPresent } from './private-files.js';

export type Database = BetterSqlite3.Database;

/** How long a statement waits for another connection's write lock before failing with SQLITE_BUSY. */
const busyTimeoutMs = 5_000;

/**
 * Opens (creating if needed) the SQLite file and brings its schema up to date. `':memory:'` gives a
 * private in-memory database, for tests. The directory must already exist.
 */
export function openDatabase(file: string): Database {
  const onDisk = file !== ':memory:' && file !== '';
  // Created private before SQLite opens it: its WAL and shm files take the database file's mode.
  if (onDisk) createPrivateFile(file);
  const database = new BetterSqlite3(file);
  try {
    // WAL lets the window read stats while the gateway writes usage; with WAL, NORMAL only risks the
    // last transactions on power loss, never corruption, and saves an fsync per commit.
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
    runMigrations(database);
    // Left by an older version with wider modes, they keep them: SQLite only sets the mode on creation.
    if (onDisk) for (const suffix of ['-wal', '-shm']) restrictFileIfPresent(`${file}${suffix}`);
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}
