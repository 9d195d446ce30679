import type { Dispatcher } from 'undici';
import type { ProviderConfig } from '../../src-shared/config-schema.js';
import type { UpstreamTarget } from '../providers/provider-adapter.js';
import { parseBaseUrl } from '../providers/shared/parsed-base-url.js';

export interface UpstreamCall {
  provider: ProviderConfig;
  target: UpstreamTarget;
  method: Dispatcher.HttpMethod;
  headers: Record<string, string | string[]>;
  body?: Buffer | NodeJS.ReadableStream | null;
  /** Cancels the call: an AbortSignal, or a ClientDisconnect on the request path. */
  signal: Dispatcher.RequestOptions['signal'];
  /** How long to wait for the status line and headers. */
  headersTimeoutMs: number;
}

/** A stream may pause for minutes while a model reasons; only a stall this long is a failure. */
const bodyTimeoutMs = 300_000;

/** `baseUrl` + target path + query, split the way undici's dispatcher takes it. */
export function upstreamLocation(baseUrl: string, target: UpstreamTarget, rawQuery = ''): { origin: string; path: string } {
  const base = parseBaseUrl(baseUrl);
  // The config schema accepts only URLs; this is a second guard.
  if (base === null) throw new TypeError(`Invalid base URL: ${baseUrl}`);
  // The client's query goes on byte for byte (a pass-through must not turn `%20` into `+` or `flag`
  // into `flag=`); it is only re-encoded when Switchyard has parameters of its own to set.
  let search = rawQuery.startsWith('?') ? rawQuery.slice(1) : rawQuery;
  if (target.query !== undefined) {
    const query = new URLSearchParams(search);
    for (const [name, value] of Object.entries(target.query)) query.set(name, value);
    search = query.toString();
  }
  const path = `${base.path}${target.path}${search ? `?${search}` : ''}`;
  return { origin: base.origin, path };
}

/** One request upstream through the shared keep-alive agent (undici's request API, not fetch). */
export function callUpstream(agent: Dispatcher, call: UpstreamCall, rawQuery?: string): Promise<Dispatcher.ResponseData> {
  const { origin, path } = upstreamLocation(call.provider.baseUrl, call.target, rawQuery);
  return agent.request({
    origin,
    path,
    method: call.method,
    headers: call.headers,
    body: (call.body ?? null) as Dispatcher.DispatchOptions['body'],
    signal: call.signal,
    headersTimeout: call.headersTimeoutMs,
    bodyTimeout: bodyTimeoutMs,
  });
}
