import { describe, expect, it } from 'vitest';
import { parseBaseUrl } from '../../../../src-main/providers/shared/parsed-base-url.js';

describe('parseBaseUrl', () => {
  it('splits a base URL into origin, path without trailing slashes, and host name', () => {
    expect(parseBaseUrl('https://api.openai.com/v1/')).toEqual({ origin: 'https://api.openai.com', path: '/v1', hostname: 'api.openai.com' });
    expect(parseBaseUrl('https://api.anthropic.com')).toEqual({ origin: 'https://api.anthropic.com', path: '', hostname: 'api.anthropic.com' });
    expect(parseBaseUrl('http://127.0.0.1:8080/relay//')).toEqual({ origin: 'http://127.0.0.1:8080', path: '/relay', hostname: '127.0.0.1' });
  });

  it('answers null for what is not a URL, every time', () => {
    expect(parseBaseUrl('not a url')).toBeNull();
    expect(parseBaseUrl('not a url')).toBeNull();
  });

  it('hands back the same parts for the same URL, past the bound on kept URLs too', () => {
    const first = parseBaseUrl('https://relay.example.com/v1');
    expect(parseBaseUrl('https://relay.example.com/v1')).toBe(first);
    for (let index = 0; index < 1_200; index++) parseBaseUrl(`https://host-${index}.example.com/v1`);
    expect(parseBaseUrl('https://relay.example.com/v1')).toEqual(first);
  });
});
