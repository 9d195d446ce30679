import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isContractError } from '../../../../src-main/conversion/contract-error.js';
import { sanitizeGeminiSchema } from '../../../../src-main/providers/gemini/sanitize-gemini-schema.js';
import { findGeminiSchemaProblem } from '../../../support/mock-gemini-upstream.js';
import { recordedFile } from '../../../support/recorded-fixtures.js';

const claudeCodeFile = recordedFile('requests/claude-code-messages.json');
const claudeCodeTools = (JSON.parse(readFileSync(claudeCodeFile, 'utf8')) as { body: { tools: Array<{ name: string; input_schema: Record<string, unknown> }> } }).body.tools;

const sanitize = (schema: Record<string, unknown>) => sanitizeGeminiSchema(schema, { label: 'the parameters of tool "t"' });

/** Sanitizes, then checks the result the way the mock (and Gemini) parses tool parameters. */
function acceptable(schema: Record<string, unknown>) {
  const result = sanitize(schema);
  if (result !== undefined) expect(findGeminiSchemaProblem(result, 'parameters')).toBeNull();
  return result;
}

describe(
  "Claude Code's ten tools (test/fixtures/recorded/requests)",
  () => {
    it('come out as schemas Gemini takes, every one', () => {
      expect(claudeCodeTools).toHaveLength(10);
      for (const tool of claudeCodeTools) {
        // Raw, they are refused (additionalProperties, $schema): the reason for the sanitizer.
        expect(findGeminiSchemaProblem(tool.input_schema, 'parameters')).not.toBeNull();
        const result = sanitizeGeminiSchema(tool.input_schema, { label: `tool ${tool.name}` });
        expect(result, tool.name).toBeDefined();
        expect(findGeminiSchemaProblem(result, 'parameters'), tool.name).toBeNull();
      }
    });

    it('keep every property, required list, description, enum and nested item', () => {
      const todo = claudeCodeTools.find((tool) => tool.name === 'TodoWrite')!;
      expect(sanitize(todo.input_schema)).toEqual({
        type: 'object',
        properties: {
          todos: {
            type: 'array',
            items: {
              type: 'object',
              properties: {
                content: { type: 'string', minLength: 1 },
                status: { type: 'string', enum: ['pending', 'in_progress', 'completed'] },
                priority: { type: 'string', enum: ['high', 'medium', 'low'] },
                id: { type: 'string' },
              },
              required: ['content', 'status', 'priority', 'id'],
            },
          },
        },
        required: ['todos'],
      });
      const webFetch = claudeCodeTools.find((tool) => tool.name === 'WebFetch')!;
      // format "uri" is refused on strings by Gemini: dropped.
      expect(sanitize(webFetch.input_schema)).toEqual({
        type: 'object',
        properties: { url: { type: 'string' }, prompt: { type: 'string' } },
        required: ['url', 'prompt'],
      });
      const edit = claudeCodeTools.find((tool) => tool.name === 'Edit')!;
      expect((sanitize(edit.input_schema) as { properties: Record<string, unknown> }).properties['replace_all']).toEqual({ type: 'boolean' });
    });
  },
);

describe('sanitizeGeminiSchema', () => {
  it('drops parameters that hold no properties (Gemini refuses an empty object schema)', () => {
    expect(sanitize({ type: 'object', properties: {}, additionalProperties: false })).toBeUndefined();
    expect(sanitize({ type: 'object' })).toBeUndefined();
    expect(sanitize({})).toBeUndefined();
    expect(acceptable({ type: 'object', properties: { options: { type: 'object', description: 'free-form', additionalProperties: true } } })).toEqual({
      type: 'object',
      properties: { options: { type: 'object', description: 'free-form' } },
    });
  });

  it('turns nullable type lists and null alternatives into nullable', () => {
    expect(acceptable({ type: 'object', properties: { a: { type: ['string', 'null'] }, b: { anyOf: [{ type: 'integer' }, { type: 'null' }] } } })).toEqual({
      type: 'object',
      properties: { a: { type: 'string', nullable: true }, b: { type: 'integer', nullable: true } },
    });
    expect(acceptable({ type: 'object', properties: { c: { type: ['string', 'number'] } } })).toEqual({
      type: 'object',
      properties: { c: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
    });
  });

  it('turns oneOf into anyOf, const into enum, and non-string enums into format enum', () => {
    expect(
      acceptable({
        type: 'object',
        properties: {
          shape: { oneOf: [{ type: 'object', properties: { r: { type: 'number' } } }, { type: 'object', properties: { w: { type: 'number' } } }] },
          kind: { const: 'circle' },
          level: { type: 'integer', enum: [1, 2, 3] },
          flag: { enum: [true, false] },
          maybe: { enum: ['a', null] },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        shape: { anyOf: [{ type: 'object', properties: { r: { type: 'number' } } }, { type: 'object', properties: { w: { type: 'number' } } }] },
        kind: { type: 'string', enum: ['circle'] },
        level: { type: 'integer', format: 'enum', enum: ['1', '2', '3'] },
        flag: { type: 'boolean', format: 'enum', enum: ['true', 'false'] },
        maybe: { type: 'string', enum: ['a'], nullable: true },
      },
    });
  });

  it('inlines $ref into $defs and definitions, siblings winning', () => {
    expect(
      acceptable({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
        properties: { home: { $ref: '#/$defs/address', description: 'Home' }, work: { $ref: '#/definitions/address' } },
        required: ['home'],
        $defs: { address: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], description: 'An address' } },
        definitions: { address: { type: 'string' } },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        home: { type: 'object', description: 'Home', properties: { city: { type: 'string' } }, required: ['city'] },
        work: { type: 'string' },
      },
      required: ['home'],
    });
  });

  it('refuses recursive and foreign references with a 400 naming them', () => {
    const recursive = {
      type: 'object',
      properties: { root: { $ref: '#/$defs/node' } },
      $defs: { node: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/$defs/node' } } } } },
    };
    let error: unknown;
    try {
      sanitize(recursive);
    } catch (caught) {
      error = caught;
    }
    expect(isContractError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_feature' });
    expect((error as Error).message).toContain('recursive JSON Schema reference "#/$defs/node" in the parameters of tool "t"');
    expect(() => sanitize({ type: 'object', properties: { a: { $ref: 'https://example.com/schema.json' } } })).toThrow(/JSON Schema reference "https:\/\/example.com\/schema.json"/);
  });

  it('merges allOf, keeping required names the merged properties define', () => {
    expect(
      acceptable({
        allOf: [
          { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] },
          { type: 'object', properties: { b: { type: 'number' } }, required: ['b'] },
        ],
        required: ['a', 'b', 'ghost'],
      }),
    ).toEqual({ type: 'object', properties: { a: { type: 'string' }, b: { type: 'number' } }, required: ['a', 'b'] });
  });

  it('keeps the bounds Gemini has, turns integer exclusive bounds inclusive, drops the rest', () => {
    expect(
      acceptable({
        type: 'object',
        properties: {
          count: { type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 10, default: 1, examples: [3], multipleOf: 1 },
          ratio: { type: 'number', minimum: 0, maximum: 1, exclusiveMaximum: 1 },
          name: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[a-z]+$', format: 'email' },
          when: { type: 'string', format: 'date-time' },
          list: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3, uniqueItems: true },
          tuple: { type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        count: { type: 'integer', minimum: 1, maximum: 9 },
        ratio: { type: 'number', minimum: 0, maximum: 1 },
        name: { type: 'string', minLength: 1, maxLength: 20, pattern: '^[a-z]+$' },
        when: { type: 'string', format: 'date-time' },
        list: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 3 },
        tuple: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'number' }] } },
      },
    });
  });

  it('keeps a property named __proto__ as a property', () => {
    const schema = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string"}},"required":["__proto__"]}') as Record<string, unknown>;
    const result = acceptable(schema)!;
    expect(Object.keys(result.properties!)).toEqual(['__proto__']);
    expect(result.required).toEqual(['__proto__']);
  });

  it('refuses enums of mixed types and unknown types', () => {
    expect(() => sanitize({ type: 'object', properties: { a: { enum: ['a', 1] } } })).toThrow(/enum \["a",1\]/);
    expect(() => sanitize({ type: 'object', properties: { a: { type: 'date' } } })).toThrow(/type "date"/);
  });
});
