import type { Dispatcher } from 'undici';
import { fetchJson } from '../../upstream/fetch-json.js';
import type { ProviderEntry } from '../../providers/provider-adapter.js';
import type { BalanceFetcher, BalanceReading } from './balance-reading.js';

/** Balance answers are a few hundred bytes; anything near this is not one. */
const maxBalanceAnswerBytes = 1 << 20;

export interface KeyBalanceRequest {
  agent: Dispatcher;
  provider: ProviderEntry;
  secret: string;
  fetcher: BalanceFetcher;
  timeoutMs: number;
  signal?: AbortSignal;
}

/**
 * Asks the vendor for one key's balance. The endpoint's path is taken from the vendor's API and put
 * on the provider's own origin (so a provider pointed at a mock or a regional host is asked there),
 * with the provider's headers and the key the way its adapter sends it. Redirects are not followed:
 * the key must not travel to another host.
 */
export function fetchKeyBalance(request: KeyBalanceRequest): Promise<BalanceReading> {
  const { provider } = request;
  const origin = new URL(provider.config.baseUrl).origin;
  const headers = { ...provider.config.headers, ...provider.adapter.authHeaders(request.secret) };
  return request.fetcher.read((path) =>
    fetchJson(request.agent, new URL(path, origin), {
      headers,
      timeoutMs: request.timeoutMs,
      maxBytes: maxBalanceAnswerBytes,
      maxRedirects: 0,
      signal: request.signal,
    }),
  );
}
