import { configSchema, type ProviderKeyConfig } from '../../../../src-shared/config-schema.js';
import { buildRouteTable, type KeyEntry } from '../../../../src-main/routing/route-table.js';
import { RoutingState } from '../../../../src-main/routing/routing-state.js';
import type { StrategyContext } from '../../../../src-main/routing/strategies/strategy-context.js';

type KeyInput = Omit<ProviderKeyConfig, 'secret'>;

/** The keys of a route table built from `providers`, in config order. */
export function keysOf(providers: Record<string, KeyInput[]>): KeyEntry[] {
  return [
    ...buildRouteTable(
      configSchema.parse({
        providers: Object.entries(providers).map(([id, keys]) => ({
          id,
          type: 'openai-compatible',
          baseUrl: `https://${id}.example.com/v1`,
          keys: keys.map((key) => ({ secret: 'literal', ...key })),
        })),
      }),
      new Map(),
    ).keys,
  ];
}

export function contextWith(overrides: Partial<StrategyContext> = {}): StrategyContext {
  return {
    state: new RoutingState(),
    route: 'gpt-4o',
    model: 'gpt-4o',
    priceOf: () => null,
    expectedTokens: () => ({ input: 1000, output: 1000 }),
    remainingUsd: () => Number.POSITIVE_INFINITY,
    ...overrides,
  };
}

export const ids = (entries: readonly KeyEntry[]) => entries.map((entry) => `${entry.provider.config.id}/${entry.key.id}`);

/** The first key of each of `times` orderings in a row. */
export function firstPicks(times: number, order: () => readonly KeyEntry[]): string[] {
  return Array.from({ length: times }, () => ids(order())[0]!);
}
