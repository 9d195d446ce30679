import { isRecord } from './json-record.js';

/**
 * Readers for the fields of an unknown JSON record, each given the path of the field for its error.
 * The checks are shared; the words are not: every API answers a bad field in its own phrasing
 * (Anthropic's `messages.0.content: Field required`, OpenAI's `"stop" must be a string.`), and a
 * client's SDK or its user may match on those words. So each decoder builds its readers with its own
 * errors, and the readers only decide which error applies.
 */

/** The kinds of value a field may be asked to hold. `integer` is a whole number; `number` is any finite one. */
export interface FieldKinds {
  string: string;
  boolean: boolean;
  number: number;
  integer: number;
  array: unknown[];
  object: Record<string, unknown>;
}
export type FieldKind = keyof FieldKinds;

/** Each kind as a noun with its article, for messages such as `"stop" must be a string`. */
export const fieldKindNouns: Readonly<Record<FieldKind, string>> = {
  string: 'a string',
  boolean: 'a boolean',
  number: 'a number',
  integer: 'an integer',
  array: 'an array',
  object: 'an object',
};

/** How a decoder words each way a field can be wrong. */
export interface FieldErrors {
  /** The field is absent (or null) but must be given. */
  required(path: string): Error;
  /** The field holds another kind of value. */
  wrongKind(path: string, kind: FieldKind): Error;
  belowMinimum(path: string, minimum: number): Error;
  aboveMaximum(path: string, maximum: number): Error;
}

export interface FieldReaders {
  /** The value when it is of the kind; otherwise the kind error, absent values included. */
  expect<K extends FieldKind>(value: unknown, path: string, kind: K): FieldKinds[K];
  /** As `expect`, but an absent value gets the `required` error. */
  require<K extends FieldKind>(value: unknown, path: string, kind: K): FieldKinds[K];
  /** As `expect`, but an absent value is undefined. */
  optional<K extends FieldKind>(value: unknown, path: string, kind: K): FieldKinds[K] | undefined;
  /** The number when it lies within the range (bounds included). */
  within(value: number, path: string, range: { minimum?: number; maximum?: number }): number;
}

/**
 * Null counts as absent, as in OpenAI's, Anthropic's and Google's APIs: their SDKs send `null` for
 * an optional parameter left unset.
 */
export function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

export function isFieldKind<K extends FieldKind>(value: unknown, kind: K): value is FieldKinds[K] {
  switch (kind) {
    case 'string':
      return typeof value === 'string';
    case 'boolean':
      return typeof value === 'boolean';
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'integer':
      return Number.isInteger(value);
    case 'array':
      return Array.isArray(value);
    case 'object':
      return isRecord(value);
    default: {
      const _exhaustive: never = kind;
      return _exhaustive;
    }
  }
}

export function createFieldReaders(errors: FieldErrors): FieldReaders {
  const expect = <K extends FieldKind>(value: unknown, path: string, kind: K): FieldKinds[K] => {
    if (!isFieldKind(value, kind)) throw errors.wrongKind(path, kind);
    return value;
  };
  return {
    expect,
    require(value, path, kind) {
      if (isAbsent(value)) throw errors.required(path);
      return expect(value, path, kind);
    },
    optional(value, path, kind) {
      return isAbsent(value) ? undefined : expect(value, path, kind);
    },
    within(value, path, { minimum, maximum }) {
      if (minimum !== undefined && value < minimum) throw errors.belowMinimum(path, minimum);
      if (maximum !== undefined && value > maximum) throw errors.aboveMaximum(path, maximum);
      return value;
    },
  };
}
