import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateClientKey, hashClientKey, InMemoryClientDirectory } from '../../../src-main/service/client-directory.js';

describe('client keys', () => {
  it('hashes a key as the hex SHA-256 stored in the clients table', () => {
    const key = generateClientKey();
    expect(hashClientKey(key)).toBe(createHash('sha256').update(key).digest('hex'));
    expect(key).toMatch(/^sk-sy-[A-Za-z0-9_-]{43}$/);
  });

  it('authenticates a presented key by its hash, and forgets keys a replace leaves out', () => {
    const directory = new InMemoryClientDirectory();
    const editor = generateClientKey();
    const agent = generateClientKey();
    directory.replace([
      { name: 'editor', keyHash: hashClientKey(editor) },
      { name: 'agent', keyHash: hashClientKey(agent) },
    ]);
    expect(directory.authenticate(editor)).toBe('editor');
    expect(directory.authenticate(agent)).toBe('agent');
    expect(directory.authenticate(`${editor}x`)).toBeNull();
    directory.replace([{ name: 'agent', keyHash: hashClientKey(agent) }]);
    expect(directory.authenticate(editor)).toBeNull();
  });
});

describe('a remembered client key', () => {
  it('stops working the moment a replace renames or removes its client', () => {
    const directory = new InMemoryClientDirectory();
    const key = generateClientKey();
    directory.replace([{ name: 'editor', keyHash: hashClientKey(key) }]);
    expect(directory.authenticate(key)).toBe('editor');
    expect(directory.authenticate(key)).toBe('editor');
    directory.replace([{ name: 'renamed', keyHash: hashClientKey(key) }]);
    expect(directory.authenticate(key)).toBe('renamed');
    directory.replace([]);
    expect(directory.authenticate(key)).toBeNull();
  });

  it('is answered right however many clients take turns', () => {
    const directory = new InMemoryClientDirectory();
    const keys = Array.from({ length: 100 }, () => generateClientKey());
    directory.replace(keys.map((key, index) => ({ name: `client-${index}`, keyHash: hashClientKey(key) })));
    for (let round = 0; round < 2; round++) {
      keys.forEach((key, index) => expect(directory.authenticate(key)).toBe(`client-${index}`));
    }
    expect(directory.authenticate(generateClientKey())).toBeNull();
  });
});
