import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-shared/config-schema.js';
import type { UsageEvent } from '../../../src-shared/usage.js';
import type { GatewayDependencies } from '../../../src-main/gateway/gateway-dependencies.js';
import { recordAttempt, recordFinal, type EventDraft } from '../../../src-main/gateway/usage-events.js';
import { buildRouteTable } from '../../../src-main/routing/route-table.js';
import { providerKeyAccount } from '../../../src-main/store/secrets/secret-accounts.js';

const key = 'sk-proj-Q7vX2mLp9TzR4kWn8YbC';

/** Just what recording reads: the route table (its redactor), the usage sink, prices and metrics. */
function dependenciesRecordingInto(events: UsageEvent[]): GatewayDependencies {
  const config = configSchema.parse({ providers: [{ id: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1', keys: [{ id: 'k-1', secret: 'x' }] }] });
  const table = buildRouteTable(config, new Map([[providerKeyAccount('openai', 'k-1'), key]]));
  return {
    routeTable: () => table,
    usage: { record: (event: UsageEvent) => events.push(event) },
    prices: { costUsd: () => null },
    metrics: { observe: () => {} },
  } as unknown as GatewayDependencies;
}

const draft: EventDraft = { time: 1, client: 'c', modelRequested: 'gpt-4o', stream: false, endpoint: 'chat', provider: 'openai', keyId: 'k-1', modelUsed: 'gpt-4o' };

describe('usage events keep no secret in their error', () => {
  it('redacts the error of an attempt and of a final record, whoever built the message', () => {
    const events: UsageEvent[] = [];
    const dependencies = dependenciesRecordingInto(events);
    recordAttempt(dependencies, draft, { status: 401, error: `Incorrect API key provided: ${key}` }, performance.now());
    recordFinal(dependencies, draft, { status: 502, error: `unreadable: "${key.slice(0, 10)}"...` }, performance.now(), null, null, 'gpt-4o');
    expect(events.map((event) => event.error)).toEqual(['Incorrect API key provided: [redacted]', 'unreadable: "[redacted]"...']);
  });

  it('leaves a success without an error', () => {
    const events: UsageEvent[] = [];
    recordFinal(dependenciesRecordingInto(events), draft, { status: 200 }, performance.now(), null, null, 'gpt-4o');
    expect(events[0]!.error).toBeNull();
  });
});
