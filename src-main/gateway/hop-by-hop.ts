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

/** Copies headers, leaving out hop-by-hop fields and any name in `drop` (lower-case). */
export function forwardableHeaders(headers: HeaderValues, drop: ReadonlySet<string> = new Set()): Record<string, string | string[]> {
  // Names are matched in any case below, so the Connection field is found in any case too.
  const connection = Object.entries(headers).find(([name]) => name.toLowerCase() === 'connection')?.[1];
  const named = new Set(
    (Array.isArray(connection) ? connection.join(',') : (connection ?? ''))
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const result: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (hopByHop.has(lower) || named.has(lower) || drop.has(lower)) continue;
    result[lower] = value;
  }
  return result;
}
