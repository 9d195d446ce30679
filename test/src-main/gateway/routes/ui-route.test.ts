import Fastify from 'fastify';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { uiRoute } from '../../../../src-main/gateway/routes/ui-route.js';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function builtWindow(): string {
  const folder = mkdtempSync(join(tmpdir(), 'switchyard-ui-'));
  folders.push(folder);
  mkdirSync(join(folder, 'assets'));
  writeFileSync(join(folder, 'index.html'), '<!doctype html><title>Switchyard</title><script type="module" src="./assets/index-abc.js"></script>');
  writeFileSync(join(folder, 'assets', 'index-abc.js'), 'console.log(1)');
  writeFileSync(join(folder, 'logo.svg'), '<svg/>');
  return folder;
}

describe('uiRoute', () => {
  it('serves the built window at / with headers that forbid framing and outside scripts', async () => {
    const app = Fastify();
    await app.register(uiRoute, { rendererDir: builtWindow() });
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(response.headers['content-security-policy']).toContain("script-src 'self'");
    expect(response.headers['content-security-policy']).not.toContain("script-src 'self' 'unsafe-inline'");
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain('<title>Switchyard</title>');
    await app.close();
  });

  it('serves hashed assets with their type, cached for good, and other files uncached', async () => {
    const app = Fastify();
    await app.register(uiRoute, { rendererDir: builtWindow() });
    const script = await app.inject({ method: 'GET', url: '/assets/index-abc.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(script.headers['cache-control']).toContain('immutable');
    expect(script.body).toBe('console.log(1)');
    const logo = await app.inject({ method: 'GET', url: '/logo.svg' });
    expect(logo.headers['content-type']).toBe('image/svg+xml');
    expect(logo.headers['cache-control']).toBe('no-cache');
    expect((await app.inject({ method: 'GET', url: '/assets/missing.js' })).statusCode).toBe(404);
    await app.close();
  });

  it('says how to build the window when it is not built', async () => {
    const app = Fastify();
    await app.register(uiRoute, { rendererDir: join(tmpdir(), 'switchyard-no-such-folder') });
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.body).toContain('npm run build');
    await app.close();
  });
});
