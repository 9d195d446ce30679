import { chmodSync, closeSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The data dir holds usage history, key hints and, without a keychain, the vault: on a machine with
 * other users none of it is theirs to read. Only the owner may enter the directory or read its files.
 */
export const privateDirectoryMode = 0o700;
export const privateFileMode = 0o600;

/** Windows has no POSIX modes (its ACLs already keep a profile's AppData private); chmod there means nothing. */
const posixModes = process.platform !== 'win32';

/**
 * Creates the data dir if needed and makes it and everything already in it private: an existing dir
 * may have been made with wider modes (by an older version, or by hand), and so may its files.
 */
export function preparePrivateDataDir(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: privateDirectoryMode });
  if (!posixModes) return;
  restrictTree(directory);
}

function restrictTree(directory: string): void {
  chmodSync(directory, privateDirectoryMode);
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) restrictTree(path);
    else if (entry.isFile()) chmodSync(path, privateFileMode);
  }
}

/** Creates the directory (private) if it is missing; an existing one is made private too. */
export function ensurePrivateDirectory(directory: string): void {
  mkdirSync(directory, { recursive: true, mode: privateDirectoryMode });
  if (posixModes) chmodSync(directory, privateDirectoryMode);
}

/**
 * Creates `file` empty and private if it is missing, or makes it private if it exists. SQLite then
 * gives its WAL and shared-memory files the database file's mode when it creates them.
 */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', privateFileMode));
  if (posixModes) chmodSync(file, privateFileMode);
}

/** Makes `file` private if it exists. */
export function restrictFileIfPresent(file: string): void {
  if (!posixModes) return;
  try {
    chmodSync(file, privateFileMode);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
