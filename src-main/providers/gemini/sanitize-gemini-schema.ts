import { asRecord, isRecord } from '../../../src-shared/json-record.js';
import type { ContractError } from '../../conversion/contract-error.js';
import { unsupportedFeature } from '../../conversion/unsupported-feature.js';
import type { GeminiSchema } from './gemini-api.js';

/**
 * JSON Schema → the OpenAPI 3.0 subset Gemini takes in `functionDeclarations[].parameters` and
 * `responseSchema`. Gemini parses these as protobuf messages, so any keyword outside its Schema message
 * (`$schema`, `additionalProperties`, `$ref`, `exclusiveMinimum`, `const`, `oneOf`, …) fails the whole
 * request with "Invalid JSON payload received. Unknown name …" — the top complaint about gateways that
 * forward Claude Code's tools as they are. So the output is built from an allow-list, never by deleting
 * known-bad keys from the input:
 * - `$ref` into `$defs`/`definitions` is inlined; a recursive reference cannot be, and is refused.
 * - `type: [T, "null"]` and `anyOf/oneOf` with a `{type: "null"}` member become `nullable: true`;
 *   `oneOf` becomes `anyOf` (Gemini has no oneOf; the alternatives are the same).
 * - `const` becomes a one-value `enum`; non-string enums become `format: "enum"` with string values,
 *   as Google documents for INTEGER enums.
 * - `allOf` members are merged into one schema.
 * - `format` is kept only where Gemini accepts it for the type ('enum', 'date-time' on strings).
 * - An integer `exclusiveMinimum`/`exclusiveMaximum` becomes the inclusive bound next to it; other
 *   keywords Gemini lacks (`default`, `examples`, `additionalProperties`, `multipleOf`, …) are dropped:
 *   they narrow what is valid but never change what a call means.
 * - An object schema with no properties is `undefined` at the root (the caller then sends no
 *   `parameters`) and a bare `{type: "object"}` below it.
 */
export function sanitizeGeminiSchema(schema: Record<string, unknown>, context: { label: string }): GeminiSchema | undefined {
  const definitions = {
    $defs: asRecord(schema['$defs']),
    definitions: asRecord(schema['definitions']),
  };
  const sanitizer = new Sanitizer(schema, definitions, context.label);
  const result = sanitizer.convert(schema, []);
  // No properties, or no constraint at all: the function takes no arguments Gemini could describe.
  if (isEmptyObjectSchema(result) || (result.type === undefined && result.anyOf === undefined)) return undefined;
  return result;
}

const stringFormats = new Set(['date-time', 'enum']);
const schemaTypes = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

type SchemaType = NonNullable<GeminiSchema['type']>;

class Sanitizer {
  constructor(
    private readonly root: Record<string, unknown>,
    private readonly definitions: { $defs: Record<string, unknown> | undefined; definitions: Record<string, unknown> | undefined },
    private readonly label: string,
  ) {}

  /** `resolving` holds the references being inlined on the way down, to catch recursion. */
  convert(node: unknown, resolving: readonly string[]): GeminiSchema {
    // `true` and `{}` accept anything; Gemini has no "any" type, and a schema with no type is the
    // closest it accepts.
    if (node === true || node === undefined) return {};
    if (node === false || !isRecord(node)) {
      throw this.refuse(`A JSON Schema that is not an object (${JSON.stringify(node)})`);
    }

    if (typeof node['$ref'] === 'string') return this.convertReference(node, node['$ref'], resolving);

    const result: GeminiSchema = {};
    if (typeof node['title'] === 'string') result.title = node['title'];
    if (typeof node['description'] === 'string') result.description = node['description'];

    this.applyType(node, result);

    const constValue = node['const'];
    const enumValues = Array.isArray(node['enum']) ? (node['enum'] as unknown[]) : constValue !== undefined ? [constValue] : undefined;
    if (enumValues) this.applyEnum(enumValues, result);

    if (isRecord(node['properties'])) {
      // fromEntries keeps a property named "__proto__" an own property.
      result.properties = Object.fromEntries(
        Object.entries(node['properties']).map(([name, property]) => [name, this.convert(property, resolving)]),
      );
      if (result.type === undefined && result.anyOf === undefined) result.type = 'object';
    }
    const items = node['items'] ?? node['prefixItems'];
    if (Array.isArray(items)) {
      // Tuples: Gemini has one schema for every element, so the element may be any of the positions.
      const converted = items.map((item) => this.convert(item, resolving));
      result.items = converted.length === 1 ? converted[0]! : { anyOf: converted };
    } else if (items !== undefined) {
      result.items = this.convert(items, resolving);
    }
    if (result.items && result.type === undefined && result.anyOf === undefined) result.type = 'array';

    this.applyBounds(node, result);
    this.applyFormat(node, result);

    const alternatives = [node['anyOf'], node['oneOf']].filter(Array.isArray).flat() as unknown[];
    if (alternatives.length > 0) this.applyAlternatives(alternatives, result, resolving);

    if (Array.isArray(node['allOf'])) {
      for (const member of node['allOf'] as unknown[]) mergeInto(result, this.convert(member, resolving));
    }

    if (Array.isArray(node['required']) && result.properties) {
      const properties = result.properties;
      // Gemini refuses a required name that is not a property ("property is not defined").
      const required = node['required'].filter((name): name is string => typeof name === 'string' && Object.hasOwn(properties, name));
      result.required = [...new Set([...(result.required ?? []), ...required])];
      if (result.required.length === 0) delete result.required;
    }

    if (result.type === 'object' && !result.anyOf && (!result.properties || Object.keys(result.properties).length === 0)) {
      // Gemini refuses `properties: {}`; a bare object type is what it takes for "some object".
      delete result.properties;
      delete result.required;
    }
    return result;
  }

  private convertReference(node: Record<string, unknown>, reference: string, resolving: readonly string[]): GeminiSchema {
    if (resolving.includes(reference)) {
      throw this.refuse(`The recursive JSON Schema reference "${reference}"`, 'Gemini schemas cannot refer to themselves');
    }
    const target = this.resolve(reference);
    // Keywords next to `$ref` (a description, say) apply too and win over the referenced ones.
    const { $ref: _reference, ...siblings } = node;
    const merged = isRecord(target) ? { ...target, ...siblings } : target === true ? siblings : target;
    return this.convert(merged, [...resolving, reference]);
  }

  private resolve(reference: string): unknown {
    if (reference === '#') return this.root;
    for (const [prefix, table] of [
      ['#/$defs/', this.definitions.$defs],
      ['#/definitions/', this.definitions.definitions],
    ] as const) {
      if (!reference.startsWith(prefix) || !table) continue;
      // JSON Pointer escapes (RFC 6901): ~1 is "/", ~0 is "~".
      const name = decodeURIComponent(reference.slice(prefix.length)).replace(/~1/g, '/').replace(/~0/g, '~');
      if (Object.prototype.hasOwnProperty.call(table, name)) return table[name];
    }
    throw this.refuse(`The JSON Schema reference "${reference}"`, "only references into the schema's own $defs or definitions can be inlined");
  }

  private applyType(node: Record<string, unknown>, result: GeminiSchema): void {
    const type = node['type'];
    if (typeof type === 'string') {
      if (!schemaTypes.has(type)) throw this.refuse(`The JSON Schema type "${type}"`);
      result.type = type as SchemaType;
      return;
    }
    if (!Array.isArray(type)) return;
    const types = type.filter((entry): entry is string => typeof entry === 'string');
    for (const entry of types) if (!schemaTypes.has(entry)) throw this.refuse(`The JSON Schema type "${entry}"`);
    const nonNull = [...new Set(types.filter((entry) => entry !== 'null'))] as SchemaType[];
    if (types.includes('null') && nonNull.length > 0) result.nullable = true;
    if (nonNull.length === 0) result.type = 'null';
    else if (nonNull.length === 1) result.type = nonNull[0];
    else result.anyOf = nonNull.map((entry) => ({ type: entry }));
  }

  private applyEnum(values: unknown[], result: GeminiSchema): void {
    // Gemini marks "may be null" with nullable, not with a null member.
    if (values.includes(null)) result.nullable = true;
    const members = values.filter((value) => value !== null);
    if (members.length === 0) return;
    const kinds = new Set(members.map((value) => (typeof value === 'number' ? (Number.isInteger(value) ? 'integer' : 'number') : typeof value)));
    if (kinds.size === 1 && kinds.has('string')) {
      result.enum = members as string[];
      if (result.type === undefined || result.anyOf) {
        delete result.anyOf;
        result.type = 'string';
      }
      return;
    }
    const numeric = [...kinds].every((kind) => kind === 'integer' || kind === 'number');
    const boolean = kinds.size === 1 && kinds.has('boolean');
    if (!numeric && !boolean) {
      throw this.refuse(`The JSON Schema enum ${JSON.stringify(values)}`, 'Gemini enums hold values of one type');
    }
    delete result.anyOf;
    if (boolean) result.type = 'boolean';
    else if (result.type !== 'integer' && result.type !== 'number') result.type = kinds.has('number') ? 'number' : 'integer';
    result.format = 'enum';
    result.enum = members.map(String);
  }

  private applyBounds(node: Record<string, unknown>, result: GeminiSchema): void {
    for (const key of ['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties', 'minimum', 'maximum'] as const) {
      const value = node[key];
      if (typeof value === 'number' && Number.isFinite(value)) result[key] = value;
    }
    if (typeof node['pattern'] === 'string') result.pattern = node['pattern'];
    if (result.type === 'integer') {
      const exclusiveMinimum = node['exclusiveMinimum'];
      if (typeof exclusiveMinimum === 'number') result.minimum = Math.max(result.minimum ?? -Infinity, Math.floor(exclusiveMinimum) + 1);
      const exclusiveMaximum = node['exclusiveMaximum'];
      if (typeof exclusiveMaximum === 'number') result.maximum = Math.min(result.maximum ?? Infinity, Math.ceil(exclusiveMaximum) - 1);
    }
  }

  private applyFormat(node: Record<string, unknown>, result: GeminiSchema): void {
    const format = node['format'];
    if (typeof format !== 'string' || result.format !== undefined) return;
    if (result.type === 'string' && stringFormats.has(format) && (format !== 'enum' || result.enum)) result.format = format;
  }

  private applyAlternatives(alternatives: unknown[], result: GeminiSchema, resolving: readonly string[]): void {
    const isNullType = (member: unknown) => isRecord(member) && member['type'] === 'null' && Object.keys(member).length === 1;
    if (alternatives.some(isNullType)) result.nullable = true;
    const members = alternatives.filter((member) => !isNullType(member)).map((member) => this.convert(member, resolving));
    if (members.length === 0) {
      if (result.type === undefined) result.type = 'null';
      return;
    }
    if (members.length === 1) {
      mergeInto(result, members[0]!);
      return;
    }
    result.anyOf = [...(result.anyOf ?? []), ...members];
  }

  private refuse(feature: string, why?: string): ContractError {
    return unsupportedFeature(`${feature} in ${this.label}${why ? ` (${why})` : ''}`, 'gemini');
  }
}

/** Folds `source` into `target`: properties and required lists are joined, other keywords kept where set. */
function mergeInto(target: GeminiSchema, source: GeminiSchema): void {
  for (const [key, value] of Object.entries(source) as Array<[keyof GeminiSchema, unknown]>) {
    if (key === 'properties' && target.properties) {
      target.properties = { ...target.properties, ...(value as Record<string, GeminiSchema>) };
    } else if (key === 'required' && target.required) {
      target.required = [...new Set([...target.required, ...(value as string[])])];
    } else if (target[key] === undefined) {
      (target as Record<string, unknown>)[key] = value;
    }
  }
}

function isEmptyObjectSchema(schema: GeminiSchema): boolean {
  return schema.type === 'object' && !schema.anyOf && (schema.properties === undefined || Object.keys(schema.properties).length === 0);
}
