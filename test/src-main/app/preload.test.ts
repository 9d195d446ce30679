import { beforeEach, describe, expect, it, vi } from 'vitest';
import { controlIpcChannels } from '../../../src-main/app/control-ipc-channels.js';

/** A fake `electron` for the preload: what it exposes and what it sends are recorded. */
const exposed: Record<string, unknown> = {};
const invoked: unknown[][] = [];
const sent: string[] = [];
const listeners = new Map<string, (event: unknown, payload: unknown) => void>();

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (name: string, value: unknown) => void (exposed[name] = value) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => (invoked.push(args), { ok: true, result: 'answer' }),
    send: (channel: string) => void sent.push(channel),
    on: (channel: string, listener: (event: unknown, payload: unknown) => void) => void listeners.set(channel, listener),
  },
}));

describe('the preload', () => {
  beforeEach(async () => {
    await import('../../../src-main/app/preload.js');
  });

  it('exposes the control bridge and nothing else', () => {
    expect(Object.keys(exposed)).toEqual(['switchyard']);
    const switchyard = exposed.switchyard as Record<string, Record<string, unknown>>;
    expect(Object.keys(switchyard)).toEqual(['control']);
    expect(Object.keys(switchyard.control!).sort()).toEqual(['invoke', 'subscribe']);
  });

  it('sends every call on the one call channel, whatever the method', async () => {
    const { control } = exposed.switchyard as { control: { invoke(method: string, input: unknown): Promise<unknown> } };
    expect(await control.invoke('listProviders', undefined)).toEqual({ ok: true, result: 'answer' });
    await control.invoke('saveProvider', { id: 'x' });
    expect(invoked).toEqual([
      [controlIpcChannels.call, 'listProviders', undefined],
      [controlIpcChannels.call, 'saveProvider', { id: 'x' }],
    ]);
  });

  it('subscribes once and hands each event to every listener', () => {
    const { control } = exposed.switchyard as { control: { subscribe(listener: (event: unknown) => void): () => void } };
    const first: unknown[] = [];
    const second: unknown[] = [];
    control.subscribe((event) => first.push(event));
    const stopSecond = control.subscribe((event) => second.push(event));
    expect(sent).toEqual([controlIpcChannels.subscribe]);
    listeners.get(controlIpcChannels.event)!({}, { type: 'keys-changed' });
    stopSecond();
    listeners.get(controlIpcChannels.event)!({}, { type: 'prices-changed' });
    expect(first).toEqual([{ type: 'keys-changed' }, { type: 'prices-changed' }]);
    expect(second).toEqual([{ type: 'keys-changed' }]);
  });
});
