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

export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function readObject(value: unknown, path: string): JsonObject {
  if (!isJsonObject(value)) throw invalidField(path, 'Input should be an object');
  return value;
}

export function readArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw invalidField(path, 'Input should be a valid list');
  return value;
}

/** Null counts as absent, as in Anthropic's API (the SDKs send `null` for unset optionals). */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function requireString(object: JsonObject, key: string, path: string): string {
  const value = object[key];
  if (isAbsent(value)) throw invalidField(fieldPath(path, key), 'Field required');
  if (typeof value !== 'string') throw invalidField(fieldPath(path, key), 'Input should be a valid string');
  return value;
}

export function optionalString(object: JsonObject, key: string, path: string): string | undefined {
  const value = object[key];
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'string') throw invalidField(fieldPath(path, key), 'Input should be a valid string');
  return value;
}

export function optionalBoolean(object: JsonObject, key: string, path: string): boolean | undefined {
  const value = object[key];
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'boolean') throw invalidField(fieldPath(path, key), 'Input should be a valid boolean');
  return value;
}

export function optionalNumber(object: JsonObject, key: string, path: string, range: { min: number; max?: number }): number | undefined {
  const value = object[key];
  if (isAbsent(value)) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidField(fieldPath(path, key), 'Input should be a valid number');
  if (value < range.min) throw invalidField(fieldPath(path, key), `Input should be greater than or equal to ${range.min}`);
  if (range.max !== undefined && value > range.max) throw invalidField(fieldPath(path, key), `Input should be less than or equal to ${range.max}`);
  return value;
}

export function optionalInteger(object: JsonObject, key: string, path: string, min: number): number | undefined {
  const value = optionalNumber(object, key, path, { min });
  if (value !== undefined && !Number.isInteger(value)) throw invalidField(fieldPath(path, key), 'Input should be a valid integer');
  return value;
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
