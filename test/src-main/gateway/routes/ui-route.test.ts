import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { uiRoute } from '../../../../src-main/gateway/routes/ui-route.js';

describe('uiRoute', () => {
  it('serves the window page at / with headers that forbid framing', async () => {
    const app = Fastify();
    await app.register(uiRoute);
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.body).toContain('<title>Switchyard</title>');
    await app.close();
  });
});
