import type { FastifyRequest } from 'fastify';

/**
 * The client key, from whichever header the client's SDK uses: OpenAI SDKs send
 * `Authorization: Bearer`, Anthropic's `x-api-key`, Google's `x-goog-api-key`.
 */
export function presentedClientKey(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string') {
    // What every SDK sends, read without a regular expression; anything else takes the long way.
    if (authorization.startsWith('Bearer ') && authorization.length > 7 && authorization.charCodeAt(7) > 32 && authorization.charCodeAt(authorization.length - 1) > 32) {
      return authorization.slice(7);
    }
    const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    if (match) return match[1]!.trim();
  }
  for (const name of ['x-api-key', 'x-goog-api-key'] as const) {
    const value = request.headers[name];
    if (typeof value === 'string' && value.trim() !== '') return value.trim();
  }
  return null;
}
