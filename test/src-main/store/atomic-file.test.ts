import { mkdtemp, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { writeFileAtomically } from '../../../src-main/store/atomic-file.js';

// Lets a test make the final rename fail, as a crash between the write and the rename would leave it.
vi.mock('node:fs/promises', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:fs/promises')>();
  return { ...actual, rename: vi.fn(actual.rename) };
});

describe('writeFileAtomically', () => {
  let directory: string;
  let target: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'switchyard-atomic-'));
    target = join(directory, 'config.json');
  });
  afterEach(async () => {
    vi.mocked(rename).mockClear();
    await rm(directory, { recursive: true, force: true });
  });

  it('creates the file with the contents and nothing else beside it', async () => {
    await writeFileAtomically(target, '{"a":1}\n');
    expect(await readFile(target, 'utf8')).toBe('{"a":1}\n');
    expect(await readdir(directory)).toEqual(['config.json']);
  });

  it('replaces an existing file whole, through a rename from beside it', async () => {
    await writeFile(target, 'old contents that are longer than the new ones');
    await writeFileAtomically(target, Buffer.from('new'));
    expect(await readFile(target, 'utf8')).toBe('new');
    const [from, to] = vi.mocked(rename).mock.calls[0]!;
    expect(to).toBe(target);
    expect(String(from).startsWith(`${target}.`) && String(from).endsWith('.tmp')).toBe(true);
  });

  it('makes the file private from the start, even over a file others could read', async () => {
    await writeFile(target, 'old', { mode: 0o644 });
    let temporaryMode: number | undefined;
    vi.mocked(rename).mockImplementationOnce(async (from, to) => {
      temporaryMode = (await stat(from)).mode & 0o777;
      const actual = await vi.importActual<typeof import('node:fs/promises')>('node:fs/promises');
      await actual.rename(from, to);
    });
    await writeFileAtomically(target, 'new');
    expect(temporaryMode).toBe(0o600);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
  });

  it('leaves the old file whole and removes the temporary when the rename fails', async () => {
    await writeFile(target, 'the old configuration');
    vi.mocked(rename).mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }));
    await expect(writeFileAtomically(target, 'the new configuration')).rejects.toMatchObject({ code: 'EIO' });
    expect(await readFile(target, 'utf8')).toBe('the old configuration');
    expect(await readdir(directory)).toEqual(['config.json']);
  });

  it('fails without leaving anything when the directory is missing', async () => {
    const missing = join(directory, 'not-there', 'config.json');
    await expect(writeFileAtomically(missing, 'x')).rejects.toMatchObject({ code: 'ENOENT' });
    expect(await readdir(directory)).toEqual([]);
  });
});
