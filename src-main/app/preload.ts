import { contextBridge, ipcRenderer } from 'electron';
import type { ControlEvent } from '../../src-shared/control/control-service.js';
import type { ControlAnswer, ControlBridge } from '../../src-shared/control/rpc.js';
import { controlIpcChannels } from './control-ipc-channels.js';

/**
 * The window's preload (sandboxed, context-isolated): it exposes the control bridge and nothing
 * else, so the page can reach the main process only through the control service's one generic call
 * and its events, never an arbitrary channel.
 */
const listeners = new Set<(event: ControlEvent) => void>();
let subscribed = false;

const bridge: ControlBridge = {
  invoke: (method, input) => ipcRenderer.invoke(controlIpcChannels.call, String(method), input) as Promise<ControlAnswer>,
  subscribe(listener) {
    listeners.add(listener);
    if (!subscribed) {
      subscribed = true;
      ipcRenderer.on(controlIpcChannels.event, (_event, controlEvent: ControlEvent) => {
        for (const each of listeners) each(controlEvent);
      });
      ipcRenderer.send(controlIpcChannels.subscribe);
    }
    return () => listeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld('switchyard', { control: bridge });
