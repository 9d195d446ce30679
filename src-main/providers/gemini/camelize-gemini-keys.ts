import { isRecord } from '../../../src-shared/json-record.js';

/**
 * Google's JSON parser takes proto field names in either spelling (`system_instruction` or
 * `systemInstruction`), and clients send both. This turns snake_case keys into the lowerCamelCase
 * ones, leaving alone what is user data rather than field names: function arguments and results,
 * property names inside schemas, JSON Schemas passed verbatim, examples and defaults.
 */
export function camelizeGeminiKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelizeGeminiKeys);
  if (!isRecord(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => {
      const name = key.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
      if (opaqueFields.has(name)) return [name, entry];
      if (name === 'properties' && isRecord(entry)) {
        return [name, Object.fromEntries(Object.entries(entry).map(([property, schema]) => [property, camelizeGeminiKeys(schema)]))];
      }
      return [name, camelizeGeminiKeys(entry)];
    }),
  );
}

const opaqueFields = new Set(['args', 'response', 'parametersJsonSchema', 'responseJsonSchema', 'example', 'default', 'enum', 'labels']);
