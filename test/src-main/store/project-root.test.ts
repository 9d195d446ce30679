import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src-main/store/project-root.js';

const made: string[] = [];
afterEach(() => {
  for (const directory of made.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'switchyard-root-'));
  made.push(root);
  return root;
}

describe('projectRoot', () => {
  it('finds the nearest folder above the module that holds a package.json, however deep', () => {
    const root = tree();
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'dist', 'nested'), { recursive: true });
    expect(projectRoot(pathToFileURL(join(root, 'dist', 'serve.js')).href)).toBe(root);
    expect(projectRoot(pathToFileURL(join(root, 'dist', 'nested', 'serve.js')).href)).toBe(root);
  });

  it('stops at the first package.json on the way up', () => {
    const root = tree();
    writeFileSync(join(root, 'package.json'), '{}');
    mkdirSync(join(root, 'inner'), { recursive: true });
    writeFileSync(join(root, 'inner', 'package.json'), '{}');
    expect(projectRoot(pathToFileURL(join(root, 'inner', 'module.js')).href)).toBe(join(root, 'inner'));
  });

  it('names the folder it started from when no package.json is above it', () => {
    const root = tree();
    expect(() => projectRoot(pathToFileURL(join(root, 'module.js')).href)).toThrow(`no package.json above ${root}`);
  });

  it('finds this project from its own source folders', () => {
    expect(projectRoot(import.meta.url)).toBe(join(import.meta.dirname, '..', '..', '..'));
  });
});
