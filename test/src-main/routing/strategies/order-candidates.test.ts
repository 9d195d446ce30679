import { describe, expect, it } from 'vitest';
import { routingStrategies } from '../../../../src-shared/config-schema.js';
import { orderCandidates } from '../../../../src-main/routing/strategies/order-candidates.js';
import { contextWith, ids, keysOf } from './strategy-fixtures.js';

describe('orderCandidates', () => {
  const keys = keysOf({
    dear: [{ id: 'k', priority: 1 }],
    cheap: [{ id: 'k', priority: 2 }],
    roomy: [{ id: 'k', priority: 3 }],
  });
  const context = () =>
    contextWith({
      priceOf: (provider) => (provider.id === 'cheap' ? { inputPerMTok: 1, outputPerMTok: 1 } : { inputPerMTok: 9, outputPerMTok: 9 }),
      remainingUsd: (entry) => (entry.provider.config.id === 'roomy' ? 100 : 1),
    });

  it('hands each strategy its own order', () => {
    expect(ids(orderCandidates('priority', keys, context()))[0]).toBe('dear/k');
    expect(ids(orderCandidates('cost', keys, context()))[0]).toBe('cheap/k');
    expect(ids(orderCandidates('quota', keys, context()))[0]).toBe('roomy/k');
    const latency = context();
    latency.state.recordFirstByte('dear', 'k', 300);
    latency.state.recordFirstByte('cheap', 'k', 100);
    latency.state.recordFirstByte('roomy', 'k', 200);
    expect(ids(orderCandidates('latency', keys, latency))).toEqual(['cheap/k', 'roomy/k', 'dear/k']);
    const rotation = context();
    expect([0, 1, 2].map(() => ids(orderCandidates('round-robin', keys, rotation))[0])).toEqual(['dear/k', 'cheap/k', 'roomy/k']);
  });

  it.each(routingStrategies)('keeps every candidate under %s, each once', (strategy) => {
    const ordered = ids(orderCandidates(strategy, keys, context()));
    expect([...ordered].sort()).toEqual(ids(keys).sort());
  });
});
