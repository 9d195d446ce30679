import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { createControlClient, createMemoryTransport } from '../../src-shared/control/rpc.js';
import type { StatsSummary } from '../../src-shared/stats.js';
import { useMockOpenAIGateways } from '../support/mock-openai-gateways.js';
import { testClientKey } from '../support/start-test-gateway.js';

// The window's exports and reset on the real service: the configuration file with its keys left out
// (or sealed), the recorded requests as CSV, and a reset that empties them and the key's spend.

const harness = useMockOpenAIGateways();
const providerKey = 'sk-provider-key-0123456789';

describe('exports and reset from the window', () => {
  it('exports the configuration without a key, the requests as CSV, and resets the statistics', async () => {
    const gateway = await harness.start({
      providers: [{ id: 'openai', type: 'openai', baseUrl: harness.upstream.baseUrl, models: ['gpt-4o'], keys: [{ id: 'k1', secret: providerKey, budgetUsd: 100 }] }],
    });
    const window = createControlClient(createMemoryTransport(gateway.running.control));

    const plain = await window.exportConfiguration({ includeSecrets: false });
    expect(plain.content).not.toContain(providerKey);
    expect(plain.content).not.toContain(testClientKey);
    expect(JSON.parse(plain.content).providers[0].keys[0].secret).toBe('stored:provider/openai/k1');
    const sealed = await window.exportConfiguration({ includeSecrets: true, passphrase: 'a long passphrase' });
    expect(sealed.content).not.toContain(providerKey);
    expect(sealed.content).not.toContain(testClientKey);

    const sdk = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
    await sdk.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
    const csv = await window.exportUsage({ format: 'csv' });
    const records = csv.content.trimEnd().split('\r\n');
    expect(records).toHaveLength(2);
    expect(records[1]).toContain(',test-client,gpt-4o,');
    expect(csv.content).not.toContain(providerKey);
    const remaining = async () => {
      const response = await gateway.running.app.inject({ method: 'GET', url: '/api/stats/summary?window=all', headers: { authorization: 'Bearer test-admin-token' } });
      const summary = response.json() as StatsSummary;
      return summary.byKey.find((row) => row.key === 'k1')?.remainingUsd;
    };
    expect(await remaining()).toBeLessThan(100);

    await window.resetStatistics();
    expect((await window.exportUsage({ format: 'json' })).content.trim()).toBe('[]');
    // The budget counts from the reset on, as after a restart on the emptied history.
    expect(await remaining()).toBe(100);
  });
});
