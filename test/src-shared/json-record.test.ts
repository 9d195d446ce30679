import { describe, expect, it } from 'vitest';
import { asRecord, isRecord } from '../../src-shared/json-record.js';

describe('isRecord', () => {
  it('accepts objects with fields, empty ones included', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord({ a: 1 })).toBe(true);
    expect(isRecord(JSON.parse('{"model":"gpt-4o"}'))).toBe(true);
  });

  it('refuses null, arrays and every non-object', () => {
    for (const value of [null, undefined, [], [1], 'text', 0, true]) expect(isRecord(value)).toBe(false);
  });
});

describe('asRecord', () => {
  it('gives the record itself, or undefined for anything else', () => {
    const record = { a: 1 };
    expect(asRecord(record)).toBe(record);
    expect(asRecord([record])).toBeUndefined();
    expect(asRecord(null)).toBeUndefined();
  });
});
