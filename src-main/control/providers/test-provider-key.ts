import type { Dispatcher } from 'undici';
import type { KeyTestResult } from '../../../src-shared/control/providers-api.js';
import type { ErrorCode } from '../../../src-shared/error-codes.js';
import type { ProviderEntry } from '../../routing/route-table.js';
import { readBody } from '../../upstream/read-body.js';
import { callUpstream } from '../../upstream/upstream-call.js';
import { balanceInUsd } from '../../usage/balance-in-usd.js';
import { balanceFetchers, balanceSourceFor } from '../../usage/balances/balance-fetchers.js';
import { fetchKeyBalance } from '../../usage/balances/fetch-key-balance.js';

export interface KeyTestRequest {
  agent: Dispatcher;
  provider: ProviderEntry;
  secret: string;
  cnyPerUsd: number;
  /** Takes every configured secret out of text that goes back to the window. */
  redact: (text: string) => string;
  timeoutMs?: number;
  now?: () => number;
}

const defaultTimeoutMs = 15_000;

/**
 * Tries one key the way routing's model discovery uses it: the provider's model list with the key's
 * credentials, timed to the upstream's answer; then the vendor's balance, where it has a balance API.
 * Failures come back as data in the error catalogue's terms, never as a throw and never quoting the key.
 */
export async function testProviderKey(request: KeyTestRequest): Promise<KeyTestResult> {
  const { provider, secret, redact } = request;
  const now = request.now ?? Date.now;
  const timeoutMs = request.timeoutMs ?? defaultTimeoutMs;
  const result: KeyTestResult = { reachable: false, latencyMs: null, status: null, models: [], balance: null, error: null };
  const failed = (code: ErrorCode, message: string): KeyTestResult => ({ ...result, error: { code, message: redact(message) } });

  const started = now();
  let response: Dispatcher.ResponseData;
  try {
    response = await callUpstream(request.agent, {
      provider: provider.config,
      target: provider.adapter.modelsTarget(provider.config),
      method: 'GET',
      headers: { ...provider.config.headers, accept: 'application/json', ...provider.adapter.authHeaders(secret) },
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeoutMs: timeoutMs,
    });
  } catch (error) {
    return failed('upstream_unavailable', `${provider.config.baseUrl} did not answer: ${(error as Error).message}`);
  }
  result.reachable = true;
  result.latencyMs = Math.max(0, now() - started);
  result.status = response.statusCode;
  const body = await readBody(response).catch(() => Buffer.alloc(0));
  if (response.statusCode === 401 || response.statusCode === 403) {
    return failed('provider_key_rejected', `The provider refused the key (HTTP ${response.statusCode}); check it or paste it again.`);
  }
  if (response.statusCode !== 200) {
    return failed('upstream_error', `The provider's model list answered HTTP ${response.statusCode}.`);
  }
  try {
    result.models = provider.adapter.parseModelList(JSON.parse(body.toString('utf8')));
  } catch {
    // A JSON error message quotes the body, and a body may echo the key: say only what happened.
    return failed('invalid_upstream_response', "The provider's model list is not in the shape its API documents.");
  }
  result.balance = await fetchBalance(request, timeoutMs);
  return result;
}

/** The key's balance, or null when the vendor has no balance API or the fetch failed (the model list already said the key works). */
async function fetchBalance(request: KeyTestRequest, timeoutMs: number): Promise<KeyTestResult['balance']> {
  const source = balanceSourceFor(request.provider.config);
  if (source === null) return null;
  try {
    const reading = await fetchKeyBalance({ agent: request.agent, provider: request.provider, secret: request.secret, fetcher: balanceFetchers[source], timeoutMs });
    if (reading.amounts === null || reading.amounts.length === 0) return null;
    const { amount, currency, amountUsd } = balanceInUsd(reading.amounts, request.cnyPerUsd);
    return { amount, currency, amountUsd };
  } catch {
    return null;
  }
}
