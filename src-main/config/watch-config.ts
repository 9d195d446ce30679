import { createHash } from 'node:crypto';
import { readFileSync, watch } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

export interface WatchConfigOptions {
  /** Quiet time after the last event before the file is read: one save raises several events. */
  debounceMs?: number;
  /** The directory watch broke, or `onChange` threw; without it such errors are dropped. */
  onError?: (error: Error) => void;
}

export interface ConfigWatcher {
  close(): void;
}

const defaultDebounceMs = 150;

/**
 * Calls `onChange` once per save that changes the file's bytes. The parent directory is watched
 * rather than the file: editors that save by writing a temporary file and renaming it over the
 * original (vim, VS Code's atomic save) replace the inode, and a watch on the old inode goes silent
 * after the first save. The same watch sees the file deleted and created again.
 */
export function watchConfigFile(path: string, onChange: () => void, options: WatchConfigOptions = {}): ConfigWatcher {
  const debounceMs = options.debounceMs ?? defaultDebounceMs;
  const fileName = basename(path);
  let closed = false;
  let timer: NodeJS.Timeout | undefined;
  let lastDigest: string | undefined;
  // Checks run one after another so two reads never race to update `lastDigest`.
  let checking: Promise<void> = Promise.resolve();

  const reportError = (error: unknown): void => {
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
  };

  const check = async (): Promise<void> => {
    if (closed) return;
    let content: Buffer;
    try {
      content = await readFile(path);
    } catch (error) {
      // Gone (deleted, or between the two steps of a save): there is nothing new to apply, and the
      // file's return is seen as an ordinary change.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      // Unreadable for another reason: the reload says why in its own words.
      onChange();
      return;
    }
    const digest = digestOf(content);
    // A touch, or a save without edits, leaves the bytes alone and needs no reload.
    if (digest === lastDigest) return;
    lastDigest = digest;
    if (!closed) onChange();
  };

  // Started before the baseline is read, so a save between the two is still seen.
  const watcher = watch(dirname(path), { persistent: false }, (_event, changedName) => {
    // Some platforms do not name the entry; then any change in the directory may be this file.
    if (changedName !== null && changedName !== fileName) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      checking = checking.then(check).catch(reportError);
    }, debounceMs);
  });
  watcher.on('error', reportError);

  lastDigest = readDigest(path);

  return {
    close() {
      closed = true;
      clearTimeout(timer);
      watcher.close();
    },
  };
}

function digestOf(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** The baseline is read synchronously so it is in place before any event can be handled. */
function readDigest(path: string): string | undefined {
  try {
    return digestOf(readFileSync(path));
  } catch {
    // Missing or unreadable now: the first readable content counts as a change.
    return undefined;
  }
}
