import { describe, expect, it } from 'vitest';
import type { ControlEvent } from '../../../src-shared/control/control-service.js';
import { ControlCallError, createControlClient, createMemoryTransport } from '../../../src-shared/control/rpc.js';
import { createControlEndpoint } from '../../../src-main/control/control-endpoint.js';
import { createControlEvents } from '../../../src-main/control/control-events.js';
import { fakeControlService, fakeEnvironment, refusingRemoveProvider } from '../../support/control-fakes.js';

function setUp(overrides = {}) {
  const events = createControlEvents();
  const errors: string[] = [];
  const endpoint = createControlEndpoint({ service: fakeControlService(overrides), events, logError: (line) => errors.push(line) });
  const client = createControlClient(createMemoryTransport(endpoint));
  return { events, errors, endpoint, client };
}

describe('the control service over the in-memory transport pair', () => {
  it('calls a method by its name and answers what it returned, through JSON', async () => {
    const { client } = setUp();
    expect(await client.environment()).toEqual(fakeEnvironment);
  });

  it('hands the validated input to the method', async () => {
    const seen: unknown[] = [];
    const { client } = setUp({ removeProvider: async (input: unknown) => void seen.push(input) });
    await client.removeProvider({ id: 'openai-main' });
    expect(seen).toEqual([{ id: 'openai-main' }]);
  });

  it('refuses an input of the wrong shape by its field, without calling the method', async () => {
    const seen: unknown[] = [];
    const { client } = setUp({ removeProvider: async (input: unknown) => void seen.push(input) });
    const error = await client.removeProvider({ id: 3 } as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ControlCallError);
    expect(error).toMatchObject({ code: 'invalid_control_input', field: 'id' });
    const unknownField = await client.removeProvider({ id: 'a', extra: true } as never).catch((caught: unknown) => caught);
    expect(unknownField).toMatchObject({ code: 'invalid_control_input' });
    expect(seen).toEqual([]);
  });

  it('carries our errors with their code and field', async () => {
    const { client } = setUp(refusingRemoveProvider);
    await expect(client.removeProvider({ id: 'gone' })).rejects.toMatchObject({ code: 'item_not_found', field: 'id', message: 'No provider "gone".' });
  });

  it('answers a method not built yet with not_available, never an empty result', async () => {
    const { client } = setUp();
    await expect(client.listProviders()).rejects.toMatchObject({ code: 'not_available' });
  });

  it('turns a bug into internal_error for the caller and its stack into the log', async () => {
    const { client, errors } = setUp({
      listModels: async () => {
        throw new TypeError('boom at /home/user/secret-path');
      },
    });
    const error = (await client.listModels().catch((caught: unknown) => caught)) as ControlCallError;
    expect(error.code).toBe('internal_error');
    expect(error.message).not.toContain('secret-path');
    expect(errors.join('\n')).toContain('boom at');
  });

  it('refuses a method the service does not have', async () => {
    const { endpoint } = setUp();
    await expect(endpoint.dispatch('constructor', undefined)).rejects.toMatchObject({ code: 'unknown_control_method' });
    await expect(endpoint.dispatch('toString', undefined)).rejects.toMatchObject({ code: 'unknown_control_method' });
  });

  it('delivers events to every subscriber until it unsubscribes', () => {
    const { client, events } = setUp();
    const first: ControlEvent[] = [];
    const second: ControlEvent[] = [];
    const stopFirst = client.onEvent((event) => first.push(event));
    client.onEvent((event) => second.push(event));
    events.emit({ type: 'keys-changed' });
    stopFirst();
    events.emit({ type: 'prices-changed' });
    expect(first).toEqual([{ type: 'keys-changed' }]);
    expect(second).toEqual([{ type: 'keys-changed' }, { type: 'prices-changed' }]);
  });

  it('is no thenable, so awaiting the client does not call a method named then', async () => {
    const { client } = setUp();
    expect(await Promise.resolve(client)).toBe(client);
  });
});
