import { createRequire } from 'node:module';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';

// package.json `overrides` keeps fastify's light-my-request (behind `inject()`) on cookie 1, as
// cookie 2 declares Node 22 and npm warns on Node 20. light-my-request 6.8 calls cookie 2's
// `stringifySetCookie({ name, value })`, which cookie 1.1 has too; this keeps it that way.
const requireFromFastify = createRequire(createRequire(import.meta.url).resolve('fastify'));
const requireFromLightMyRequest = createRequire(requireFromFastify.resolve('light-my-request'));

describe('the cookie override', () => {
  it('gives light-my-request a cookie that runs on Node 20', () => {
    const { version, engines } = requireFromLightMyRequest('cookie/package.json') as { version: string; engines: { node: string } };
    expect(version).toMatch(/^1\./);
    expect(engines.node).toBe('>=18');
  });

  it("leaves inject()'s cookies working", async () => {
    const app = Fastify();
    app.get('/', async (request) => ({ cookie: request.headers.cookie }));
    const response = await app.inject({ method: 'GET', url: '/', cookies: { session: 'a b', other: 'c' } });
    expect(response.json()).toEqual({ cookie: 'session=a%20b; other=c' });
    await app.close();
  });
});
