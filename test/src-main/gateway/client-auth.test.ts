import type { FastifyRequest } from 'fastify';
import { describe, expect, it } from 'vitest';
import { presentedClientKey } from '../../../src-main/gateway/client-auth.js';

const withHeaders = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;

describe('presentedClientKey', () => {
  it.each([
    ['Bearer sk-sy-abc', 'sk-sy-abc'],
    ['bearer sk-sy-abc', 'sk-sy-abc'],
    ['BEARER sk-sy-abc', 'sk-sy-abc'],
    ['Bearer   sk-sy-abc', 'sk-sy-abc'],
    ['Bearer\tsk-sy-abc', 'sk-sy-abc'],
    ['Bearer sk-sy-abc  ', 'sk-sy-abc'],
    ['  Bearer sk-sy-abc', 'sk-sy-abc'],
  ])('reads %j as the key %j', (authorization, key) => {
    expect(presentedClientKey(withHeaders({ authorization }))).toBe(key);
  });

  it('finds no key in an Authorization field that is not a bearer token, nor in an empty one', () => {
    expect(presentedClientKey(withHeaders({ authorization: 'Basic dXNlcjpwYXNz' }))).toBeNull();
    expect(presentedClientKey(withHeaders({ authorization: 'Bearer ' }))).toBeNull();
    expect(presentedClientKey(withHeaders({ authorization: 'Bearer' }))).toBeNull();
  });

  it('takes the key from x-api-key (Anthropic SDKs) and x-goog-api-key (Google SDKs)', () => {
    expect(presentedClientKey(withHeaders({ 'x-api-key': ' sk-sy-anthropic ' }))).toBe('sk-sy-anthropic');
    expect(presentedClientKey(withHeaders({ 'x-goog-api-key': 'sk-sy-google' }))).toBe('sk-sy-google');
    expect(presentedClientKey(withHeaders({ 'x-api-key': '  ' }))).toBeNull();
  });

  it('prefers the bearer token when a client sends both', () => {
    expect(presentedClientKey(withHeaders({ authorization: 'Bearer sk-sy-first', 'x-api-key': 'sk-sy-second' }))).toBe('sk-sy-first');
  });
});
