import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { privateFileMode } from './private-files.js';

/**
 * Replaces a file in one step: a reader, or the next start after a crash or a power cut, sees the
 * old file or the new one, never half of one. The data is written to a temporary file beside the
 * target (the same directory, so the same file system and an atomic rename), flushed to disk, then
 * renamed over the target, and the directory is flushed so the rename itself is durable.
 *
 * The temporary file is created private (0600) and exclusively: the files kept this way (the vault,
 * the synced prices, the configuration) are the user's alone, not even for the moment before the
 * rename, and the rename carries that mode over to the target.
 *
 * The directory must exist. On failure the temporary file is removed and the old file is untouched.
 */
export async function writeFileAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  const temporaryPath = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporaryPath, 'wx', privateFileMode);
    try {
      await handle.writeFile(contents);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporaryPath, path);
  } catch (error) {
    await unlink(temporaryPath).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dirname(path));
}

/** Makes the rename itself survive a power cut. */
async function syncDirectory(directory: string): Promise<void> {
  // Windows cannot open a directory as a file; NTFS journals the rename on its own.
  if (process.platform === 'win32') return;
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse to fsync a directory. The rename has happened; only its
    // durability across a power cut is less certain there, which is no reason to fail the write.
  } finally {
    await handle.close();
  }
}
