import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-shared/config-schema.js';
import { emptyUsage, type UsageEvent } from '../../../src-shared/usage.js';
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
    recordFinal(dependencies, { draft, outcome: { status: 502, error: `unreadable: "${key.slice(0, 10)}"...` }, started: performance.now(), routedModel: 'gpt-4o' });
    expect(events.map((event) => event.error)).toEqual(['Incorrect API key provided: [redacted]', 'unreadable: "[redacted]"...']);
  });

  it('leaves a success without an error', () => {
    const events: UsageEvent[] = [];
    recordFinal(dependenciesRecordingInto(events), { draft, outcome: { status: 200 }, started: performance.now(), routedModel: 'gpt-4o' });
    expect(events[0]!.error).toBeNull();
  });
});

describe('the final record', () => {
  it('prices the answered model with the routed model beside it when a key answered with usage', () => {
    const events: UsageEvent[] = [];
    const asked: unknown[][] = [];
    const dependencies = dependenciesRecordingInto(events);
    dependencies.prices.costUsd = (...parameters: unknown[]) => {
      asked.push(parameters);
      return 0.25;
    };
    const entry = dependencies.routeTable().keys[0]!;
    const reading = { usage: { ...emptyUsage(), inputTokens: 10, outputTokens: 5 }, raw: { prompt_tokens: 10 } };
    recordFinal(dependencies, { draft, outcome: { status: 200, modelUsed: 'gpt-4o-2024-08-06' }, started: performance.now(), reading, entry, routedModel: 'gpt-4o' });
    expect(asked).toEqual([[entry.provider.config, 'gpt-4o-2024-08-06', reading.usage, 'gpt-4o']]);
    expect(events[0]).toMatchObject({ costUsd: 0.25, modelUsed: 'gpt-4o-2024-08-06', rawUsage: '{"prompt_tokens":10}', final: true });
  });

  it('charges nothing and asks no price when there is no usage reading or no key', () => {
    const events: UsageEvent[] = [];
    const dependencies = dependenciesRecordingInto(events);
    dependencies.prices.costUsd = () => {
      throw new Error('priced an answer with no tokens');
    };
    const entry = dependencies.routeTable().keys[0]!;
    recordFinal(dependencies, { draft, outcome: { status: 499 }, started: performance.now(), entry, routedModel: 'gpt-4o' });
    recordFinal(dependencies, { draft, outcome: { status: 429 }, started: performance.now(), routedModel: 'gpt-4o' });
    expect(events.map((event) => [event.costUsd, event.rawUsage])).toEqual([[0, null], [0, null]]);
  });
});
