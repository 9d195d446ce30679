import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../../src-shared/control/control-service.js';
import { ControlCallError, createControlClient, createMemoryTransport, type ControlClient } from '../../../src-shared/control/rpc.js';
import { createControlEndpoint } from '../../../src-main/control/control-endpoint.js';
import { createControlEvents } from '../../../src-main/control/control-events.js';
import { createHttpTransport } from '../../../src-renderer/lib/http-transport.js';
import { buildFakeGateway, fakeAdminToken, type FakeGateway } from '../../support/gateway-fakes.js';
import { fakeControlService, fakeEnvironment, refusingRemoveProvider } from '../../support/control-fakes.js';

/**
 * The same calls over both transports the window uses: the in-memory pair (the model of Electron
 * IPC) and HTTP as the headless window sends it (the renderer's own transport, over a real socket).
 * Whatever one answers, the other must answer alike.
 */
const events = createControlEvents();
const endpoint = createControlEndpoint({ service: fakeControlService(refusingRemoveProvider), events, logError: () => {} });
let gateway: FakeGateway;
let address: string;
const unauthorized: string[] = [];

beforeAll(async () => {
  gateway = await buildFakeGateway({ overrides: { control: endpoint } });
  address = await gateway.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await gateway.app.close();
});

const transports: Array<[string, () => ControlClient]> = [
  ['in memory', () => createControlClient(createMemoryTransport(endpoint))],
  ['over HTTP', () => createControlClient(createHttpTransport({ baseUrl: address, token: () => fakeAdminToken, onUnauthorized: () => unauthorized.push('x') }))],
];

describe.each(transports)('the control client %s', (_name, makeClient) => {
  it('answers a call with the service result', async () => {
    expect(await makeClient().environment()).toEqual(fakeEnvironment);
  });

  it('rejects with the catalogue code, message and field of a refusal', async () => {
    const error = await makeClient()
      .removeProvider({ id: 'gone' })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ControlCallError);
    expect(error).toMatchObject({ code: 'item_not_found', field: 'id', message: 'No provider "gone".' });
  });

  it('rejects an input of the wrong shape by its field', async () => {
    await expect(makeClient().createClient({ name: 'has space' })).rejects.toMatchObject({ code: 'invalid_control_input', field: 'name' });
  });

  it('delivers events until the listener unsubscribes', async () => {
    const client = makeClient();
    const received: ControlEvent[] = [];
    const stop = client.onEvent((event) => received.push(event));
    // The HTTP stream needs a moment to open; emit until the first event arrives.
    await expect
      .poll(() => {
        events.emit({ type: 'keys-changed' });
        return received.length;
      })
      .toBeGreaterThan(0);
    stop();
    expect(received[0]).toEqual({ type: 'keys-changed' });
  });
});

describe('the HTTP transport', () => {
  it('tells the window when the token is refused, so it can ask again', async () => {
    const client = createControlClient(createHttpTransport({ baseUrl: address, token: () => 'wrong', onUnauthorized: () => unauthorized.push('refused') }));
    await expect(client.environment()).rejects.toMatchObject({ code: 'invalid_admin_token' });
    expect(unauthorized).toContain('refused');
  });

  it('names a gateway that does not answer as network_error', async () => {
    const client = createControlClient(createHttpTransport({ baseUrl: 'http://127.0.0.1:9', token: () => fakeAdminToken, onUnauthorized: () => {} }));
    await expect(client.environment()).rejects.toMatchObject({ code: 'network_error' });
  });
});
