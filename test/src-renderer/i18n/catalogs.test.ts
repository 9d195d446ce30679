import { describe, expect, it } from 'vitest';
import { errorCodes } from '../../../src-shared/error-codes.js';
import { resources } from '../../../src-renderer/i18n/resources.js';

/** Every key path of a catalog, with the interpolation names each string uses. */
function keysOf(value: unknown, prefix = ''): Map<string, string[]> {
  const keys = new Map<string, string[]>();
  if (typeof value === 'string') {
    keys.set(prefix, [...value.matchAll(/\{\{\s*(\w+)/g)].map((match) => match[1]!).sort());
    return keys;
  }
  for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
    for (const [key, names] of keysOf(child, prefix === '' ? name : `${prefix}.${name}`)) keys.set(key, names);
  }
  return keys;
}

describe('the catalogs', () => {
  it('have the same namespaces in English and Chinese', () => {
    expect(Object.keys(resources['zh-CN']).sort()).toEqual(Object.keys(resources.en).sort());
  });

  it.each(Object.keys(resources.en))('give Chinese every key of English, with the same placeholders (%s)', (namespace) => {
    const english = keysOf(resources.en[namespace as keyof typeof resources.en]);
    const chinese = keysOf(resources['zh-CN'][namespace as keyof typeof resources.en]);
    expect([...chinese.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [key, names] of english) expect(chinese.get(key), `${namespace}:${key}`).toEqual(names);
  });

  it('leave no Chinese string empty or still in English where English has letters to translate', () => {
    for (const [namespace, catalog] of Object.entries(resources['zh-CN'])) {
      for (const [key] of keysOf(catalog)) {
        const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], catalog) as string;
        expect(text.trim(), `${namespace}:${key}`).not.toBe('');
      }
    }
  });

  it('name every error code of the catalogue, in both languages', () => {
    for (const code of Object.keys(errorCodes)) {
      expect(resources.en.common.errors, code).toHaveProperty(code);
      expect(resources['zh-CN'].common.errors, code).toHaveProperty(code);
    }
  });
});
