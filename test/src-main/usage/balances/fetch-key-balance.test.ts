import { Agent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, type SwitchyardConfigInput } from '../../../../src-shared/config-schema.js';
import { deepseekBalanceFetcher } from '../../../../src-main/usage/balances/deepseek-balance.js';
import { fetchKeyBalance } from '../../../../src-main/usage/balances/fetch-key-balance.js';
import { buildRouteTable } from '../../../../src-main/routing/route-table.js';
import { FetchJsonError } from '../../../../src-main/upstream/fetch-json.js';
import { startJsonServer, type JsonServer } from '../../../support/json-server.js';
import { readFixture } from './read-fixture.js';

const secret = 'sk-balance-test-0123456789';
let server: JsonServer;
const agent = new Agent();

beforeAll(async () => {
  server = await startJsonServer();
});
afterEach(() => {
  server.requests.length = 0;
});
afterAll(async () => {
  await server.close();
  await agent.close();
});

function providerAt(baseUrl: string, extra: Partial<NonNullable<SwitchyardConfigInput['providers']>[number]> = {}) {
  const config = configSchema.parse({
    providers: [{ id: 'ds', type: 'openai-compatible', baseUrl, keys: [{ id: 'k', secret }], models: ['deepseek-chat'], ...extra }],
  });
  return buildRouteTable(config, new Map()).providers.get('ds')!;
}

describe('fetchKeyBalance', () => {
  it("asks the endpoint's path on the provider's origin, with the key as the adapter sends it and the provider's headers", async () => {
    server.handle = () => ({ json: readFixture('deepseek-user-balance') });
    const provider = providerAt(`${server.origin}/v1`, { headers: { 'X-Title': 'Switchyard' } });
    const reading = await fetchKeyBalance({ agent, provider, secret, fetcher: deepseekBalanceFetcher, timeoutMs: 5_000 });
    expect(reading.amounts).toEqual([{ currency: 'CNY', amount: 110 }]);
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/user/balance' });
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${secret}`);
    expect(server.requests[0]!.headers['x-title']).toBe('Switchyard');
  });

  it('does not follow a redirect, so the key never goes to another host', async () => {
    server.handle = (request) => (request.path === '/user/balance' ? { status: 302, headers: { location: 'http://127.0.0.1:9/steal' } } : null);
    const provider = providerAt(`${server.origin}/v1`);
    const failure = fetchKeyBalance({ agent, provider, secret, fetcher: deepseekBalanceFetcher, timeoutMs: 5_000 });
    await expect(failure).rejects.toMatchObject({ code: 'status', statusCode: 302 });
    expect(server.requests).toHaveLength(1);
  });

  it('reports a refusal by status, never with the key in the message', async () => {
    server.handle = () => ({ status: 401, json: { error: { message: `Authentication Fails, Your api key: ${secret} is invalid` } } });
    const provider = providerAt(`${server.origin}/v1`);
    const error = await fetchKeyBalance({ agent, provider, secret, fetcher: deepseekBalanceFetcher, timeoutMs: 5_000 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FetchJsonError);
    expect((error as FetchJsonError).statusCode).toBe(401);
    expect((error as Error).message).toMatch(/answered HTTP 401/);
    expect((error as Error).message).not.toContain(secret);
  });
});
