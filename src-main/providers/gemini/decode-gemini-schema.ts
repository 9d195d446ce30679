import { isRecord } from '../../../src-shared/json-record.js';

/**
 * A Gemini (OpenAPI 3.0 subset) schema as JSON Schema, for tools and response schemas a client wrote
 * for Gemini that may be sent to another vendor. Types are lower-cased (Gemini takes `STRING`, JSON
 * Schema does not), `nullable` becomes a `"null"` type, `format: "enum"` with its string values
 * becomes an enum of the type's own values, and Gemini-only keywords (`propertyOrdering`, `example`)
 * are left out.
 */
export function decodeGeminiSchema(schema: unknown): Record<string, unknown> {
  if (!isRecord(schema)) return {};
  const result: Record<string, unknown> = {};
  const type = typeof schema['type'] === 'string' ? schema['type'].toLowerCase() : undefined;
  const nullable = schema['nullable'] === true;
  if (type !== undefined) result['type'] = nullable && type !== 'null' ? [type, 'null'] : type;

  for (const key of ['title', 'description', 'pattern', 'default'] as const) {
    if (schema[key] !== undefined) result[key] = schema[key];
  }
  for (const key of ['minItems', 'maxItems', 'minLength', 'maxLength', 'minProperties', 'maxProperties', 'minimum', 'maximum'] as const) {
    // Google's int64 fields may arrive as strings ("1"), as protobuf JSON allows.
    const value = typeof schema[key] === 'string' ? Number(schema[key]) : schema[key];
    if (typeof value === 'number' && Number.isFinite(value)) result[key] = value;
  }
  if (typeof schema['format'] === 'string' && schema['format'] !== 'enum') result['format'] = schema['format'];
  if (Array.isArray(schema['enum'])) {
    const values = schema['enum'] as unknown[];
    result['enum'] = type === 'integer' || type === 'number' ? values.map(Number) : type === 'boolean' ? values.map((value) => value === 'true' || value === true) : values;
    if (nullable) (result['enum'] as unknown[]).push(null);
  }
  if (isRecord(schema['properties'])) {
    result['properties'] = Object.fromEntries(Object.entries(schema['properties']).map(([name, property]) => [name, decodeGeminiSchema(property)]));
  }
  if (Array.isArray(schema['required'])) result['required'] = schema['required'];
  if (schema['items'] !== undefined) result['items'] = decodeGeminiSchema(schema['items']);
  if (Array.isArray(schema['anyOf'])) {
    result['anyOf'] = (schema['anyOf'] as unknown[]).map(decodeGeminiSchema);
    if (nullable && type === undefined) (result['anyOf'] as unknown[]).push({ type: 'null' });
  }
  return result;
}
