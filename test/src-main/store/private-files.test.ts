import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src-main/store/database.js';
import { createPrivateFile, ensurePrivateDirectory, preparePrivateDataDir } from '../../../src-main/store/private-files.js';

let root: string;
const modeOf = (path: string) => statSync(path).mode & 0o777;

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'switchyard-private-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('preparePrivateDataDir', () => {
  it('creates a missing data dir 0700', () => {
    const directory = join(root, 'a', 'Switchyard');
    preparePrivateDataDir(directory);
    expect(modeOf(directory)).toBe(0o700);
  });

  it('makes an existing wide-open dir 0700, its files 0600 and its folders 0700, at any depth', () => {
    const directory = join(root, 'data');
    mkdirSync(join(directory, 'inner'), { recursive: true });
    writeFileSync(join(directory, 'switchyard.db'), '');
    writeFileSync(join(directory, 'inner', 'old.json'), '{}');
    chmodSync(join(directory, 'switchyard.db'), 0o644);
    chmodSync(join(directory, 'inner', 'old.json'), 0o666);
    chmodSync(join(directory, 'inner'), 0o755);
    chmodSync(directory, 0o777);

    preparePrivateDataDir(directory);

    expect(modeOf(directory)).toBe(0o700);
    expect(modeOf(join(directory, 'inner'))).toBe(0o700);
    expect(modeOf(join(directory, 'switchyard.db'))).toBe(0o600);
    expect(modeOf(join(directory, 'inner', 'old.json'))).toBe(0o600);
  });
});

describe('ensurePrivateDirectory and createPrivateFile', () => {
  it('narrow an existing dir and file, and create missing ones private', () => {
    chmodSync(root, 0o755);
    ensurePrivateDirectory(root);
    expect(modeOf(root)).toBe(0o700);

    const existing = join(root, 'existing');
    writeFileSync(existing, 'kept');
    chmodSync(existing, 0o644);
    createPrivateFile(existing);
    expect(modeOf(existing)).toBe(0o600);
    expect(statSync(existing).size).toBe(4);

    createPrivateFile(join(root, 'new'));
    expect(modeOf(join(root, 'new'))).toBe(0o600);
  });
});

describe('openDatabase file modes', () => {
  it('creates the database, its WAL and its shm file 0600', () => {
    const file = join(root, 'switchyard.db');
    const database = openDatabase(file);
    database.prepare('INSERT INTO settings (name, value) VALUES (?, ?)').run('probe', '1');
    for (const name of [file, `${file}-wal`, `${file}-shm`]) expect(modeOf(name), name).toBe(0o600);
    database.close();
  });

  it('narrows a database and WAL left world-readable by an older version', () => {
    const file = join(root, 'switchyard.db');
    openDatabase(file).close();
    writeFileSync(`${file}-wal`, '');
    chmodSync(file, 0o644);
    chmodSync(`${file}-wal`, 0o644);
    const database = openDatabase(file);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
    database.close();
  });
});
