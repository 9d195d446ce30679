import { afterEach, describe, expect, it } from 'vitest';
import { createControlEndpoint } from '../../../../src-main/control/control-endpoint.js';
import { createControlEvents } from '../../../../src-main/control/control-events.js';
import { buildFakeGateway, fakeAdminToken, type FakeGateway } from '../../../support/gateway-fakes.js';
import { fakeControlService, fakeEnvironment, refusingRemoveProvider } from '../../../support/control-fakes.js';

let gateway: FakeGateway | undefined;
afterEach(async () => {
  await gateway?.app.close();
  gateway = undefined;
});

async function start() {
  const events = createControlEvents();
  const control = createControlEndpoint({ service: fakeControlService(refusingRemoveProvider), events, logError: () => {} });
  gateway = await buildFakeGateway({ overrides: { control } });
  return { app: gateway.app, events };
}

const admin = { authorization: `Bearer ${fakeAdminToken}`, host: '127.0.0.1:4780' };

describe('the control service over HTTP', () => {
  it('answers POST /api/control/<method> with the result, with no body or with {}', async () => {
    const { app } = await start();
    const bare = await app.inject({ method: 'POST', url: '/api/control/environment', headers: admin });
    expect(bare.statusCode).toBe(200);
    expect(bare.json()).toEqual(fakeEnvironment);
    const empty = await app.inject({ method: 'POST', url: '/api/control/environment', headers: { ...admin, 'content-type': 'application/json' }, payload: '' });
    expect(empty.json()).toEqual(fakeEnvironment);
    const object = await app.inject({ method: 'POST', url: '/api/control/environment', headers: admin, payload: {} });
    expect(object.json()).toEqual(fakeEnvironment);
  });

  it('answers an error with its catalogue status, code and field', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'POST', url: '/api/control/removeProvider', headers: admin, payload: { id: 'gone' } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ error: { code: 'item_not_found', field: 'id', message: 'No provider "gone".' } });
    const unknown = await app.inject({ method: 'POST', url: '/api/control/dropDatabase', headers: admin });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'unknown_control_method' } });
    const broken = await app.inject({ method: 'POST', url: '/api/control/removeProvider', headers: { ...admin, 'content-type': 'application/json' }, payload: '{"id":' });
    expect(broken.statusCode).toBe(400);
  });

  it('needs the admin token', async () => {
    const { app } = await start();
    const response = await app.inject({ method: 'POST', url: '/api/control/environment', headers: { host: '127.0.0.1:4780' } });
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { code: 'invalid_admin_token' } });
  });

  it("refuses a request from another origin, even with the token, and lets the gateway's own page through", async () => {
    const { app } = await start();
    const foreign = await app.inject({ method: 'POST', url: '/api/control/environment', headers: { ...admin, origin: 'https://evil.example' } });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json()).toMatchObject({ error: { code: 'forbidden_origin' } });
    const opaque = await app.inject({ method: 'POST', url: '/api/control/environment', headers: { ...admin, origin: 'null' } });
    expect(opaque.statusCode).toBe(403);
    const own = await app.inject({ method: 'POST', url: '/api/control/environment', headers: { ...admin, origin: 'http://127.0.0.1:4780' } });
    expect(own.statusCode).toBe(200);
  });

  it('streams the service events as server-sent events', async () => {
    const { app, events } = await start();
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const controller = new AbortController();
    const response = await fetch(`${address}/api/events`, { headers: { authorization: admin.authorization }, signal: controller.signal });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain(': connected');
    events.emit({ type: 'keys-changed' });
    while (!text.includes('event: keys-changed')) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('event: keys-changed\ndata: {"type":"keys-changed"}\n\n');
    controller.abort();
  });
});
