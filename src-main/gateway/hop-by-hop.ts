/**
 * Connection-specific header fields (RFC 9110 §7.6.1) belong to one hop and are never forwarded,
 * nor is any field that the Connection header itself names.
 */
const hopByHop = new Set([
  'connection',
  'proxy-connection',
  'keep-alive',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
]);

export type HeaderValues = Record<string, string | string[] | undefined>;

const noNames: ReadonlySet<string> = new Set();

/** Copies headers, leaving out hop-by-hop fields and any name in `drop` (lower-case). */
export function forwardableHeaders(headers: HeaderValues, drop: ReadonlySet<string> = noNames): Record<string, string | string[]> {
  // Runs on every answer: for…in rather than Object.entries, and the Connection field's list is only
  // split when it names more than `keep-alive` or `close` (what keep-alive peers send).
  let named = noNames;
  for (const name in headers) {
    if (name.length === 10 && name.toLowerCase() === 'connection') named = connectionNames(headers[name]);
  }
  const result: Record<string, string | string[]> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (hopByHop.has(lower) || named.has(lower) || drop.has(lower)) continue;
    result[lower] = value;
  }
  return result;
}

function connectionNames(value: string | string[] | undefined): ReadonlySet<string> {
  // Both are hop-by-hop names already.
  if (value === 'keep-alive' || value === 'close') return noNames;
  return new Set(
    (Array.isArray(value) ? value.join(',') : (value ?? ''))
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
}
