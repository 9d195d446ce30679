import { hash, randomBytes } from 'node:crypto';
import type { ClientDirectory } from '../gateway/gateway-dependencies.js';

export function hashClientKey(key: string): string {
  // The one-shot form: no Hash object per request (about 2 µs less than createHash().update().digest()).
  return hash('sha256', key, 'hex');
}

/** A fresh client key: `sk-sy-` and 32 random bytes, so it looks like a key to every SDK's checks. */
export function generateClientKey(): string {
  return `sk-sy-${randomBytes(32).toString('base64url')}`;
}

/** How many presented keys `authenticate` remembers; a desktop has a handful of clients. */
const rememberedKeys = 64;

/**
 * Client keys by hash, held in memory: authentication is a hash and a map look-up, never a database
 * read, and the keys themselves are kept nowhere but the secret store. Keys that authenticated are
 * remembered (in memory only, as the request headers they came in are) so the hash runs once per key
 * rather than once per request: about 1.5 µs a request in docs/benchmarks.md. Unknown keys are never
 * remembered, so guessing cannot fill the memory.
 */
export class InMemoryClientDirectory implements ClientDirectory {
  private byHash = new Map<string, string>();
  private byKey = new Map<string, string>();

  replace(clients: Iterable<{ name: string; keyHash: string }>): void {
    const next = new Map<string, string>();
    for (const client of clients) next.set(client.keyHash, client.name);
    this.byHash = next;
    // A removed or renamed client must not stay signed in.
    this.byKey = new Map();
  }

  authenticate(key: string): string | null {
    const remembered = this.byKey.get(key);
    if (remembered !== undefined) return remembered;
    const name = this.byHash.get(hashClientKey(key)) ?? null;
    if (name !== null) {
      if (this.byKey.size >= rememberedKeys) this.byKey.clear();
      this.byKey.set(key, name);
    }
    return name;
  }
}
