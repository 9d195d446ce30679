import { createServer, request as httpRequest, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Agent } from 'undici';
import { cancelOnClientClose, ClientDisconnect } from '../../../src-main/gateway/client-disconnect.js';

describe('ClientDisconnect', () => {
  it('aborts once, telling each listener once', () => {
    const signal = new ClientDisconnect();
    let told = 0;
    signal.on('abort', () => told++);
    expect(signal.aborted).toBe(false);
    signal.abort();
    signal.abort();
    expect(signal.aborted).toBe(true);
    expect(told).toBe(1);
  });

  it('cancels an undici request that is waiting for its answer', async () => {
    const server = createServer(() => {
      // Never answers.
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const agent = new Agent();
    try {
      const signal = new ClientDisconnect();
      const pending = agent.request({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, path: '/', method: 'GET', signal });
      setTimeout(() => signal.abort(), 20);
      await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      await agent.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('cancelOnClientClose', () => {
  async function answer(handle: (response: ServerResponse, signal: ClientDisconnect) => void, clientLeaves: boolean): Promise<ClientDisconnect> {
    let signal!: ClientDisconnect;
    let closed!: () => void;
    const responseClosed = new Promise<void>((resolve) => (closed = resolve));
    const server = createServer((_request, response) => {
      signal = cancelOnClientClose(response);
      response.once('close', () => setImmediate(closed));
      handle(response, signal);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = httpRequest({ port: (server.address() as AddressInfo).port, host: '127.0.0.1', path: '/' }, (response) => {
      response.resume();
    });
    client.on('error', () => {});
    client.end();
    if (clientLeaves) setTimeout(() => client.destroy(), 30);
    await responseClosed;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    return signal;
  }

  it('fires when the client goes away before the answer is written', async () => {
    const signal = await answer((response) => response.write('partial'), true);
    expect(signal.aborted).toBe(true);
  });

  it('stays quiet when the answer was written whole', async () => {
    const signal = await answer((response) => response.end('whole'), false);
    expect(signal.aborted).toBe(false);
  });
});
