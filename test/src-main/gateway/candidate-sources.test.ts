import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-shared/config-schema.js';
import { candidateSources } from '../../../src-main/gateway/candidate-sources.js';
import type { GatewayDependencies } from '../../../src-main/gateway/gateway-dependencies.js';
import { buildRouteTable, type RouteTable } from '../../../src-main/routing/route-table.js';

function table(): RouteTable {
  const config = configSchema.parse({
    providers: [{ id: 'p', type: 'openai', baseUrl: 'https://p.example.com/v1', models: ['m'], keys: [{ id: 'k', secret: 'literal' }] }],
  });
  return buildRouteTable(config, new Map());
}

function dependencies(served: string): GatewayDependencies {
  return {
    health: { disabledReason: () => null },
    usage: { spentUsd: () => 0, remainingCreditUsd: () => null, record: () => {} },
    models: { serves: (_table: RouteTable, _providerId: string, model: string) => model === served },
    breaker: { admits: () => true },
  } as unknown as GatewayDependencies;
}

describe('candidateSources', () => {
  it("is built once per table and gateway, answering from that gateway's model directory", () => {
    const first = table();
    const gateway = dependencies('m');
    const sources = candidateSources(gateway, first);
    expect(candidateSources(gateway, first)).toBe(sources);
    expect(sources.serves('p', 'm')).toBe(true);
    expect(sources.serves('p', 'other')).toBe(false);

    const otherGateway = dependencies('other');
    const otherSources = candidateSources(otherGateway, first);
    expect(otherSources).not.toBe(sources);
    expect(otherSources.serves('p', 'other')).toBe(true);
    expect(candidateSources(gateway, table())).not.toBe(sources);
  });

  it('uses a given `serves` as it is, never from the cache', () => {
    const current = table();
    const gateway = dependencies('m');
    const everything = candidateSources(gateway, current, () => true);
    expect(everything.serves('p', 'anything')).toBe(true);
    expect(candidateSources(gateway, current).serves('p', 'anything')).toBe(false);
  });
});
