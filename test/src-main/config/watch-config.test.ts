import { readFileSync } from 'node:fs';
import { mkdtemp, open, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { watchConfigFile, type ConfigWatcher } from '../../../src-main/config/watch-config.js';
import { waitFor } from '../../support/listen.js';

const debounceMs = 40;

/**
 * Long enough for any event of an earlier step to have been handled. Only used before a later,
 * distinct save, so a stray call would show up in `seen` ahead of it, whatever the machine's speed.
 */
const settle = (): Promise<void> => sleep(debounceMs * 4);

describe('watchConfigFile', () => {
  let directory: string;
  let path: string;
  let watcher: ConfigWatcher | undefined;
  /** The file's content at each call of onChange. */
  let seen: string[];

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-watch-config-'));
    path = join(directory, 'config.json');
    await writeFile(path, '{"version":0}');
    seen = [];
  });

  afterEach(async () => {
    watcher?.close();
    watcher = undefined;
    await rm(directory, { recursive: true, force: true });
  });

  const startWatching = (options: { debounceMs: number } = { debounceMs }): void => {
    // Read synchronously, so what is recorded is the content at the moment of the call.
    watcher = watchConfigFile(path, () => seen.push(readFileSync(path, 'utf8')), options);
  };

  const waitForCalls = async (count: number): Promise<void> => {
    await waitFor(() => seen.length >= count, { description: `${count} onChange calls` });
  };

  it('fires once for a save in place written in several pieces', async () => {
    // A debounce far longer than the pause between the pieces, so only the finished file is read.
    const longDebounceMs = 250;
    startWatching({ debounceMs: longDebounceMs });
    // Truncate, then write in two pieces, as an editor saving in place does.
    const handle = await open(path, 'w');
    await handle.write('{"version":');
    await sleep(longDebounceMs / 10);
    await handle.write('1}');
    await handle.close();
    await waitForCalls(1);
    await sleep(longDebounceMs * 2);
    await writeFile(path, '{"version":2}');
    await waitForCalls(2);
    expect(seen).toEqual(['{"version":1}', '{"version":2}']);
  });

  it('keeps firing after saves that rename a temporary file over the original', async () => {
    startWatching();
    for (const version of [1, 2, 3]) {
      const temporary = join(directory, `.config.json.${version}.tmp`);
      await writeFile(temporary, `{"version":${version}}`);
      await rename(temporary, path);
      await waitForCalls(version);
      await settle();
    }
    expect(seen).toEqual(['{"version":1}', '{"version":2}', '{"version":3}']);
  });

  it('ignores a rewrite with identical bytes and a touch', async () => {
    startWatching();
    await writeFile(path, '{"version":0}');
    const now = new Date();
    await utimes(path, now, now);
    await settle();
    await writeFile(path, '{"version":1}');
    await waitForCalls(1);
    expect(seen).toEqual(['{"version":1}']);
  });

  it('ignores other files in the directory', async () => {
    startWatching();
    await writeFile(join(directory, 'other.json'), '{}');
    await settle();
    await writeFile(path, '{"version":1}');
    await waitForCalls(1);
    expect(seen).toEqual(['{"version":1}']);
  });

  it('stays quiet while the file is deleted and fires when it comes back changed', async () => {
    startWatching();
    await rm(path);
    await settle();
    // Back with the same bytes: nothing to reload.
    await writeFile(path, '{"version":0}');
    await settle();
    await rm(path);
    await settle();
    await writeFile(path, '{"version":1}');
    await waitForCalls(1);
    expect(seen).toEqual(['{"version":1}']);
  });

  it('stops after close', async () => {
    startWatching();
    watcher?.close();
    await writeFile(path, '{"version":1}');
    await settle();
    expect(seen).toEqual([]);
    expect(await readFile(path, 'utf8')).toBe('{"version":1}');
  });
});
