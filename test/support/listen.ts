import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** Listens on 127.0.0.1 with a port the system picks, and returns that port. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/**
 * Stops a server and ends every connection it holds, including keep-alive sockets and responses still
 * streaming: `server.close()` alone would wait for a hung stream forever.
 */
export async function closeServer(server: Server): Promise<void> {
  if (!server.listening) return;
  const closed = new Promise<void>((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
  });
  server.closeAllConnections();
  await closed;
}

export interface WaitForOptions {
  /** How many times the condition is tried; 50 unless told. */
  tries?: number;
  /** Pause between tries; 20 ms unless told. */
  intervalMs?: number;
  /** Said in the error when the condition never holds. */
  description?: string;
}

/**
 * Tries `condition` until it returns a truthy value, and returns that value. For what happens on another
 * socket after the client has its answer, such as the mock seeing a connection closed.
 */
export async function waitFor<T>(
  condition: () => T | Promise<T>,
  options: WaitForOptions = {},
): Promise<NonNullable<T>> {
  const tries = options.tries ?? 50;
  const intervalMs = options.intervalMs ?? 20;
  for (let attempt = 1; attempt <= tries; attempt += 1) {
    const value = await condition();
    if (value) return value as NonNullable<T>;
    if (attempt < tries) await sleep(intervalMs);
  }
  throw new Error(`waitFor: ${options.description ?? 'condition'} did not hold after ${tries} tries of ${intervalMs} ms`);
}
