import { createFieldReaders, isAbsent, type FieldKind } from '../../../src-shared/json-field-readers.js';
import { ContractError } from '../../conversion/contract-error.js';

/**
 * Small readers for a client's JSON body that fail the way Anthropic's API does: a 400 whose message
 * starts with the dotted path of the field (`messages.2.content.0.tool_use_id: Field required`), so
 * the user sees which part of a long Claude Code request is wrong.
 */

export type JsonObject = Record<string, unknown>;

export function invalidField(path: string, message: string): ContractError {
  return new ContractError('invalid_request', `${path}: ${message}`);
}

export function fieldPath(parent: string, key: string | number): string {
  return parent === '' ? String(key) : `${parent}.${key}`;
}

/** Anthropic's words (pydantic's) for each way a field can be wrong. */
const kindMessages: Record<FieldKind, string> = {
  string: 'Input should be a valid string',
  boolean: 'Input should be a valid boolean',
  number: 'Input should be a valid number',
  integer: 'Input should be a valid integer',
  array: 'Input should be a valid list',
  object: 'Input should be an object',
};

const readers = createFieldReaders({
  required: (path) => invalidField(path, 'Field required'),
  wrongKind: (path, kind) => invalidField(path, kindMessages[kind]),
  belowMinimum: (path, minimum) => invalidField(path, `Input should be greater than or equal to ${minimum}`),
  aboveMaximum: (path, maximum) => invalidField(path, `Input should be less than or equal to ${maximum}`),
});

export function readObject(value: unknown, path: string): JsonObject {
  return readers.expect(value, path, 'object');
}

export function readArray(value: unknown, path: string): unknown[] {
  return readers.expect(value, path, 'array');
}

export function requireString(object: JsonObject, key: string, path: string): string {
  return readers.require(object[key], fieldPath(path, key), 'string');
}

export function optionalString(object: JsonObject, key: string, path: string): string | undefined {
  return readers.optional(object[key], fieldPath(path, key), 'string');
}

export function optionalBoolean(object: JsonObject, key: string, path: string): boolean | undefined {
  return readers.optional(object[key], fieldPath(path, key), 'boolean');
}

export function optionalNumber(object: JsonObject, key: string, path: string, range: { min: number; max?: number }): number | undefined {
  const value = readers.optional(object[key], fieldPath(path, key), 'number');
  return value === undefined ? undefined : readers.within(value, fieldPath(path, key), { minimum: range.min, maximum: range.max });
}

/** The range is checked before wholeness, as Anthropic does: `-0.5` for a minimum of 0 is "greater than or equal". */
export function optionalInteger(object: JsonObject, key: string, path: string, min: number): number | undefined {
  const value = optionalNumber(object, key, path, { min });
  return value === undefined ? undefined : readers.expect(value, fieldPath(path, key), 'integer');
}

export function requireInteger(object: JsonObject, key: string, path: string, min: number): number {
  if (isAbsent(object[key])) throw invalidField(fieldPath(path, key), 'Field required');
  return optionalInteger(object, key, path, min) as number;
}

/** Anthropic refuses fields it does not know ("Extra inputs are not permitted"); so do we. */
export function refuseUnknownKeys(object: JsonObject, known: ReadonlySet<string>, path: string): void {
  for (const key of Object.keys(object)) {
    if (!known.has(key)) throw invalidField(fieldPath(path, key), 'Extra inputs are not permitted');
  }
}
