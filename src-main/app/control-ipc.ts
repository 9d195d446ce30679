import type { IpcMain, IpcMainEvent, IpcMainInvokeEvent } from 'electron';
import type { ControlAnswer, ControlEndpoint } from '../../src-shared/control/rpc.js';
import { toErrorBody } from '../../src-shared/control/rpc.js';
import { controlIpcChannels } from './control-ipc-channels.js';

export interface ControlIpcOptions {
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler' | 'on' | 'removeListener'>;
  endpoint: ControlEndpoint;
  /** Whether a frame at this URL is the app's own window (the built UI), not a page it navigated to. */
  isTrustedUrl(url: string): boolean;
}

/**
 * The control service over Electron IPC, built from the endpoint and nothing else: any method by
 * name on one channel, events on another. Every message is checked to come from the top frame of
 * a window showing the app's own UI (Electron's security checklist: validate the sender of all
 * IPC messages); the endpoint then checks the method and its input as it does for HTTP.
 */
export function serveControlOverIpc({ ipcMain, endpoint, isTrustedUrl }: ControlIpcOptions): () => void {
  const trusted = (event: IpcMainEvent | IpcMainInvokeEvent): boolean => {
    const frame = event.senderFrame;
    return frame !== null && frame === event.sender.mainFrame && isTrustedUrl(frame.url);
  };

  ipcMain.handle(controlIpcChannels.call, async (event, method: unknown, input: unknown): Promise<ControlAnswer> => {
    if (!trusted(event)) {
      return { ok: false, error: { code: 'forbidden_origin', message: "The control service answers only Switchyard's own window." } };
    }
    try {
      return { ok: true, result: await endpoint.dispatch(String(method), input) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error) };
    }
  });

  // One subscription per window, ended when the window goes.
  const subscribed = new Map<number, () => void>();
  const onSubscribe = (event: IpcMainEvent) => {
    if (!trusted(event)) return;
    const sender = event.sender;
    if (subscribed.has(sender.id)) return;
    const unsubscribe = endpoint.subscribe((controlEvent) => {
      if (!sender.isDestroyed()) sender.send(controlIpcChannels.event, controlEvent);
    });
    subscribed.set(sender.id, unsubscribe);
    sender.once('destroyed', () => {
      unsubscribe();
      subscribed.delete(sender.id);
    });
  };
  ipcMain.on(controlIpcChannels.subscribe, onSubscribe);

  return () => {
    ipcMain.removeHandler(controlIpcChannels.call);
    ipcMain.removeListener(controlIpcChannels.subscribe, onSubscribe);
    for (const unsubscribe of subscribed.values()) unsubscribe();
    subscribed.clear();
  };
}
