import { describe, expect, it } from 'vitest';
import { forwardableHeaders } from '../../../src-main/gateway/hop-by-hop.js';

describe('forwardableHeaders', () => {
  it('drops the connection-specific fields of RFC 9110 §7.6.1 and keeps end-to-end ones', () => {
    const forwarded = forwardableHeaders({
      connection: 'keep-alive',
      'proxy-connection': 'keep-alive',
      'keep-alive': 'timeout=5',
      te: 'trailers',
      trailer: 'x-checksum',
      'transfer-encoding': 'chunked',
      upgrade: 'h2c',
      'proxy-authorization': 'Basic abc',
      'proxy-authenticate': 'Basic',
      'content-type': 'application/json',
      accept: 'text/event-stream',
      'openai-beta': 'assistants=v2',
    });
    expect(forwarded).toEqual({ 'content-type': 'application/json', accept: 'text/event-stream', 'openai-beta': 'assistants=v2' });
  });

  it('drops every field the Connection header names, in any case and with spaces', () => {
    const forwarded = forwardableHeaders({
      connection: 'close, X-Hop-Secret ,x-trace',
      'x-hop-secret': 'do not forward',
      'x-trace': '1',
      'x-kept': 'yes',
    });
    expect(forwarded).toEqual({ 'x-kept': 'yes' });
  });

  it('reads a Connection header given as several values', () => {
    expect(forwardableHeaders({ connection: ['x-one', 'x-two'], 'x-one': '1', 'x-two': '2', 'x-three': '3' })).toEqual({ 'x-three': '3' });
  });

  it('matches names in any case, the Connection field included', () => {
    expect(forwardableHeaders({ Connection: 'X-Private', 'X-Private': 'secret', 'Transfer-Encoding': 'chunked', 'Content-Type': 'a/b' })).toEqual({
      'content-type': 'a/b',
    });
  });

  it('drops the names it is asked to, and fields without a value', () => {
    const forwarded = forwardableHeaders(
      { authorization: 'Bearer client-key', host: 'localhost:4780', 'x-request-id': 'r1', 'x-empty': undefined },
      new Set(['authorization', 'host']),
    );
    expect(forwarded).toEqual({ 'x-request-id': 'r1' });
  });

  it('keeps repeated values as they are', () => {
    expect(forwardableHeaders({ 'set-cookie': ['a=1', 'b=2'] })).toEqual({ 'set-cookie': ['a=1', 'b=2'] });
  });
});
