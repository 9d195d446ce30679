import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createBridgeTransport, createControlClient, type ControlAnswer, type ControlBridge } from '../../../src-shared/control/rpc.js';
import { controlIpcChannels } from '../../../src-main/app/control-ipc-channels.js';
import { serveControlOverIpc } from '../../../src-main/app/control-ipc.js';
import { createControlEndpoint } from '../../../src-main/control/control-endpoint.js';
import { createControlEvents } from '../../../src-main/control/control-events.js';
import { fakeControlService, fakeEnvironment, refusingRemoveProvider } from '../../support/control-fakes.js';

const appUrl = 'file:///opt/switchyard/dist/renderer/index.html';

/** Electron's ipcMain, as far as the control service uses it. */
class FakeIpcMain extends EventEmitter {
  handlers = new Map<string, (event: unknown, ...args: unknown[]) => Promise<unknown>>();
  handle(channel: string, handler: (event: unknown, ...args: unknown[]) => Promise<unknown>) {
    this.handlers.set(channel, handler);
  }
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  }
}

/** A window (webContents) with its top frame at `url`, and what main sent it. */
function fakeWindow(url: string, id = 1) {
  const mainFrame = { url };
  const sent: Array<{ channel: string; payload: unknown }> = [];
  const sender = Object.assign(new EventEmitter(), {
    id,
    mainFrame,
    isDestroyed: () => false,
    send: (channel: string, payload: unknown) => void sent.push({ channel, payload: JSON.parse(JSON.stringify(payload)) }),
  });
  return { sender, mainFrame, sent, event: (frame: { url: string } = mainFrame) => ({ sender, senderFrame: frame }) };
}

function setUp(isTrustedUrl = (url: string) => url === appUrl) {
  const ipcMain = new FakeIpcMain();
  const events = createControlEvents();
  const calls: string[] = [];
  const service = fakeControlService({ ...refusingRemoveProvider, listModels: async () => (calls.push('listModels'), []) });
  const stop = serveControlOverIpc({ ipcMain: ipcMain as never, endpoint: createControlEndpoint({ service, events, logError: () => {} }), isTrustedUrl });
  // What the preload does with ipcRenderer, played against the fake main process for one window.
  const bridgeFor = (window: ReturnType<typeof fakeWindow>, frame?: { url: string }): ControlBridge => ({
    invoke: async (method, input) => (await ipcMain.handlers.get(controlIpcChannels.call)!(window.event(frame), method, JSON.parse(JSON.stringify(input ?? null)))) as ControlAnswer,
    subscribe: () => {
      throw new Error('events are tested through ipcMain below');
    },
  });
  return { ipcMain, events, calls, stop, bridgeFor };
}

describe('the control service over Electron IPC', () => {
  it('answers a call from the app window with the service result', async () => {
    const { bridgeFor } = setUp();
    const client = createControlClient(createBridgeTransport(bridgeFor(fakeWindow(appUrl))));
    expect(await client.environment()).toEqual(fakeEnvironment);
  });

  it('carries a refusal with its code and field, and an unknown method or bad input is refused by the endpoint', async () => {
    const { bridgeFor } = setUp();
    const client = createControlClient(createBridgeTransport(bridgeFor(fakeWindow(appUrl))));
    await expect(client.removeProvider({ id: 'gone' })).rejects.toMatchObject({ code: 'item_not_found', field: 'id' });
    await expect(createBridgeTransport(bridgeFor(fakeWindow(appUrl))).call('dropDatabase', undefined)).rejects.toMatchObject({ code: 'unknown_control_method' });
    await expect(client.removeProvider({ id: 7 } as never)).rejects.toMatchObject({ code: 'invalid_control_input', field: 'id' });
  });

  it('refuses a page of another origin, or a frame inside the window, without calling the service', async () => {
    const { bridgeFor, calls } = setUp();
    const foreign = createControlClient(createBridgeTransport(bridgeFor(fakeWindow('https://evil.example/'))));
    await expect(foreign.listModels()).rejects.toMatchObject({ code: 'forbidden_origin' });
    const window = fakeWindow(appUrl);
    const framed = createControlClient(createBridgeTransport(bridgeFor(window, { url: appUrl })));
    await expect(framed.listModels()).rejects.toMatchObject({ code: 'forbidden_origin' });
    expect(calls).toEqual([]);
  });

  it('forwards the service events to a subscribed app window, and never to a foreign one', async () => {
    const { events, ipcMain } = setUp();
    const own = fakeWindow(appUrl, 1);
    const foreign = fakeWindow('https://evil.example/', 2);
    ipcMain.emit(controlIpcChannels.subscribe, own.event());
    ipcMain.emit(controlIpcChannels.subscribe, own.event());
    ipcMain.emit(controlIpcChannels.subscribe, foreign.event());
    events.emit({ type: 'keys-changed' });
    expect(own.sent).toEqual([{ channel: controlIpcChannels.event, payload: { type: 'keys-changed' } }]);
    expect(foreign.sent).toEqual([]);
    // A closed window hears nothing more.
    own.sender.emit('destroyed');
    events.emit({ type: 'prices-changed' });
    expect(own.sent).toHaveLength(1);
  });

  it('stops answering once stopped', async () => {
    const { ipcMain, stop } = setUp();
    stop();
    expect(ipcMain.handlers.has(controlIpcChannels.call)).toBe(false);
    expect(ipcMain.listenerCount(controlIpcChannels.subscribe)).toBe(0);
  });
});
