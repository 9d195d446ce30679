/**
 * A parsed JSON value that is an object with fields: not null, not an array. Every reader of an
 * unknown JSON body (a client's request, an upstream's answer, a file) asks this first.
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a record, or undefined when it is none: for optional chains through unknown JSON. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}
