import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-shared/config-schema.js';
import { upstreamChatHeaders } from '../../../src-main/gateway/upstream-headers.js';
import { buildRouteTable } from '../../../src-main/routing/route-table.js';

function table(headers?: Record<string, string>) {
  const config = configSchema.parse({
    providers: [
      { id: 'relay', type: 'openai', baseUrl: 'https://relay.example.com/v1', ...(headers ? { headers } : {}), keys: [{ id: 'k', secret: 'literal' }] },
    ],
  });
  return buildRouteTable(config, new Map());
}

describe('upstreamChatHeaders', () => {
  it("layers the provider's headers, the forwarded client headers, Switchyard's own and the key's credentials", () => {
    const entry = table({ 'http-referer': 'https://example.org', accept: 'text/plain', authorization: 'Bearer config' }).keys[0]!;
    const headers = upstreamChatHeaders(entry, entry.provider.adapter, 'sk-upstream', false, { 'openai-beta': 'x' });
    expect(headers).toEqual({
      'http-referer': 'https://example.org',
      'openai-beta': 'x',
      'content-type': 'application/json',
      accept: 'application/json',
      'accept-encoding': 'identity',
      authorization: 'Bearer sk-upstream',
    });
    expect(upstreamChatHeaders(entry, entry.provider.adapter, 'sk-upstream', true, {}).accept).toBe('text/event-stream');
  });

  it('serves one object per key and kind while nothing changes, and a new one for a new secret or a reloaded table', () => {
    const entry = table().keys[0]!;
    const adapter = entry.provider.adapter;
    const first = upstreamChatHeaders(entry, adapter, 'sk-one', false, {});
    expect(upstreamChatHeaders(entry, adapter, 'sk-one', false, {})).toBe(first);
    expect(upstreamChatHeaders(entry, adapter, 'sk-one', true, {})).not.toBe(first);
    const rotated = upstreamChatHeaders(entry, adapter, 'sk-two', false, {});
    expect(rotated.authorization).toBe('Bearer sk-two');
    const reloaded = table().keys[0]!;
    expect(upstreamChatHeaders(reloaded, adapter, 'sk-two', false, {})).not.toBe(rotated);
  });

  it('builds a fresh object when client headers are forwarded, leaving the shared one as it was', () => {
    const entry = table().keys[0]!;
    const adapter = entry.provider.adapter;
    const shared = upstreamChatHeaders(entry, adapter, 'sk-one', false, {});
    const withBeta = upstreamChatHeaders(entry, adapter, 'sk-one', false, { 'anthropic-beta': 'tools' });
    expect(withBeta).not.toBe(shared);
    expect(withBeta['anthropic-beta']).toBe('tools');
    expect(shared['anthropic-beta']).toBeUndefined();
  });
});
