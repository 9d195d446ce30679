import { describe, expect, it } from 'vitest';
import { decodeGeminiSchema } from '../../../../src-main/providers/gemini/decode-gemini-schema.js';

describe('decodeGeminiSchema', () => {
  it('lower-cases types, turns nullable into a null type and string int64 bounds into numbers', () => {
    expect(
      decodeGeminiSchema({
        type: 'OBJECT',
        description: 'args',
        properties: {
          name: { type: 'STRING', nullable: true, maxLength: '10' },
          tags: { type: 'ARRAY', items: { type: 'STRING' }, minItems: '1' },
        },
        required: ['name'],
        propertyOrdering: ['name', 'tags'],
      }),
    ).toEqual({
      type: 'object',
      description: 'args',
      properties: {
        name: { type: ['string', 'null'], maxLength: 10 },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
      },
      required: ['name'],
    });
  });

  it('turns format enum with string values into an enum of the type', () => {
    expect(decodeGeminiSchema({ type: 'INTEGER', format: 'enum', enum: ['1', '2'] })).toEqual({ type: 'integer', enum: [1, 2] });
    expect(decodeGeminiSchema({ type: 'STRING', enum: ['a', 'b'], nullable: true })).toEqual({ type: ['string', 'null'], enum: ['a', 'b', null] });
    expect(decodeGeminiSchema({ type: 'STRING', format: 'date-time' })).toEqual({ type: 'string', format: 'date-time' });
  });

  it('keeps anyOf, adding null for a nullable one', () => {
    expect(decodeGeminiSchema({ anyOf: [{ type: 'STRING' }, { type: 'NUMBER' }], nullable: true })).toEqual({
      anyOf: [{ type: 'string' }, { type: 'number' }, { type: 'null' }],
    });
  });
});
