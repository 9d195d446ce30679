import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import type { Notification } from '../../src-shared/control/settings-api.js';
import { createControlClient, createMemoryTransport } from '../../src-shared/control/rpc.js';
import { useMockOpenAIGateways } from '../support/mock-openai-gateways.js';
import { testClientKey } from '../support/start-test-gateway.js';

// The running service raises the window's notifications itself: a refused key, traffic moved to
// another provider, a budget crossed; they reach the tray's subscription and survive a restart.

const harness = useMockOpenAIGateways();

describe('notifications from the running gateway', () => {
  it('tells of a refused key, the failover it caused and a crossed budget, and keeps them across a restart', async () => {
    // The mock refuses any secret not starting with `sk-`.
    const config = {
      providers: [
        { id: 'primary', type: 'openai' as const, baseUrl: harness.upstream.baseUrl, models: ['gpt-4o'], keys: [{ id: 'old', secret: 'revoked-key-0001' }] },
        { id: 'backup', type: 'openai' as const, baseUrl: harness.upstream.baseUrl, models: ['gpt-4o'], keys: [{ id: 'b1', secret: 'sk-working-0002', budgetUsd: 0.000001 }] },
      ],
    };
    const gateway = await harness.start(config);
    const toldTray: Notification[] = [];
    gateway.running.onNotification((notification) => toldTray.push(notification));
    const window = createControlClient(createMemoryTransport(gateway.running.control));
    const windowEvents: string[] = [];
    window.onEvent((event) => windowEvents.push(event.type));

    const sdk = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0 });
    const answer = await sdk.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hello' }] });
    expect(answer.choices[0]?.message.content).toBe('You said: hello');

    const kinds = (notifications: Notification[]) => notifications.map((notification) => `${notification.kind} ${notification.subject}`).sort();
    const expected = ['failover primary', 'key-disabled primary/old', 'quota-critical backup/b1'];
    const listed = await window.listNotifications();
    expect(kinds(listed)).toEqual(expected);
    expect(listed.find((notification) => notification.kind === 'failover')?.values).toEqual({ from: 'primary/old', to: 'backup/b1', model: 'gpt-4o' });
    expect(kinds(toldTray)).toEqual(expected);
    expect(windowEvents.filter((type) => type === 'notification')).toHaveLength(3);
    // Never a key in what the window is told.
    expect(JSON.stringify(listed)).not.toMatch(/revoked-key-0001|sk-working-0002/);

    await gateway.close();
    const restarted = await harness.start(config, { dataDir: gateway.dataDir });
    const afterRestart = await createControlClient(createMemoryTransport(restarted.running.control)).listNotifications();
    expect(kinds(afterRestart)).toEqual(expected);
  });
});
