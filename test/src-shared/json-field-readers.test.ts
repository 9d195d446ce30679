import { describe, expect, it } from 'vitest';
import { createFieldReaders, fieldKindNouns, isAbsent, isFieldKind, type FieldKind } from '../../src-shared/json-field-readers.js';

/** Errors whose messages say which rule fired, so a test can tell them apart. */
const readers = createFieldReaders({
  required: (path) => new Error(`required ${path}`),
  wrongKind: (path, kind) => new Error(`kind ${path} ${kind}`),
  belowMinimum: (path, minimum) => new Error(`below ${path} ${minimum}`),
  aboveMaximum: (path, maximum) => new Error(`above ${path} ${maximum}`),
});

describe('isAbsent', () => {
  it('counts null and undefined as absent, and nothing else', () => {
    expect(isAbsent(undefined)).toBe(true);
    expect(isAbsent(null)).toBe(true);
    for (const value of [0, '', false, [], {}]) expect(isAbsent(value)).toBe(false);
  });
});

describe('isFieldKind', () => {
  const samples: Array<[FieldKind, unknown[], unknown[]]> = [
    ['string', ['', 'a'], [1, null, ['a']]],
    ['boolean', [true, false], ['true', 0, null]],
    ['number', [0, -1.5, 1e9], ['1', Number.NaN, Number.POSITIVE_INFINITY, null]],
    ['integer', [0, -3, 4096], [1.5, '1', Number.POSITIVE_INFINITY, null]],
    ['array', [[], [1]], [{}, 'a', null]],
    ['object', [{}, { a: 1 }], [[], null, 'a']],
  ];
  it.each(samples)('tells a %s from what is not one', (kind, accepted, refused) => {
    for (const value of accepted) expect(isFieldKind(value, kind)).toBe(true);
    for (const value of refused) expect(isFieldKind(value, kind)).toBe(false);
  });
});

describe('createFieldReaders', () => {
  it('expect: gives a value of the kind and refuses anything else with the kind error, absence included', () => {
    expect(readers.expect('x', 'name', 'string')).toBe('x');
    expect(() => readers.expect(3, 'name', 'string')).toThrow('kind name string');
    expect(() => readers.expect(undefined, 'name', 'string')).toThrow('kind name string');
    expect(() => readers.expect(null, 'items', 'array')).toThrow('kind items array');
  });

  it('require: an absent or null field gets the required error, a wrong one the kind error', () => {
    expect(readers.require(true, 'stream', 'boolean')).toBe(true);
    expect(() => readers.require(undefined, 'stream', 'boolean')).toThrow('required stream');
    expect(() => readers.require(null, 'stream', 'boolean')).toThrow('required stream');
    expect(() => readers.require('yes', 'stream', 'boolean')).toThrow('kind stream boolean');
  });

  it('optional: an absent or null field is undefined, a wrong one the kind error', () => {
    expect(readers.optional(undefined, 'seed', 'integer')).toBeUndefined();
    expect(readers.optional(null, 'seed', 'integer')).toBeUndefined();
    expect(readers.optional(7, 'seed', 'integer')).toBe(7);
    expect(() => readers.optional(7.5, 'seed', 'integer')).toThrow('kind seed integer');
    expect(readers.optional({ a: 1 }, 'metadata', 'object')).toEqual({ a: 1 });
  });

  it('within: keeps bounds inclusive and names the bound that was crossed', () => {
    expect(readers.within(0, 'temperature', { minimum: 0, maximum: 2 })).toBe(0);
    expect(readers.within(2, 'temperature', { minimum: 0, maximum: 2 })).toBe(2);
    expect(() => readers.within(-0.1, 'temperature', { minimum: 0, maximum: 2 })).toThrow('below temperature 0');
    expect(() => readers.within(2.1, 'temperature', { minimum: 0, maximum: 2 })).toThrow('above temperature 2');
    expect(readers.within(1e9, 'max_tokens', { minimum: 1 })).toBe(1e9);
  });

  it('has a noun for every kind', () => {
    expect(Object.keys(fieldKindNouns).sort()).toEqual(['array', 'boolean', 'integer', 'number', 'object', 'string']);
    expect(fieldKindNouns.integer).toBe('an integer');
  });
});
