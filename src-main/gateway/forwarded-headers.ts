import type { ProviderAdapter } from '../providers/provider-adapter.js';
import type { HeaderValues } from './hop-by-hop.js';

/** The client headers a family wants on its same-format path (e.g. `anthropic-beta`), as strings. */
export function forwardedHeaders(adapter: ProviderAdapter, headers: HeaderValues): Record<string, string> {
  const forwarded: Record<string, string> = {};
  for (const name of adapter.forwardedClientHeaders ?? []) {
    const value = headers[name];
    if (value !== undefined) forwarded[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return forwarded;
}
