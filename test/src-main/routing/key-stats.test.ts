import { describe, expect, it } from 'vitest';
import { configSchema } from '../../../src-shared/config-schema.js';
import type { StatsSummary } from '../../../src-shared/stats.js';
import { KeyBreaker } from '../../../src-main/routing/key-breaker.js';
import { KeyHealth } from '../../../src-main/routing/key-health.js';
import { addKeyStates } from '../../../src-main/routing/key-stats.js';
import { buildRouteTable } from '../../../src-main/routing/route-table.js';

const table = buildRouteTable(
  configSchema.parse({
    providers: [
      {
        id: 'p',
        type: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        keys: [
          { id: 'used', secret: 'x', budgetUsd: 0.3 },
          { id: 'idle', secret: 'x' },
          { id: 'missing', secret: 'x' },
        ],
      },
    ],
  }),
  new Map(),
);

function emptySummary(): StatsSummary {
  return {
    window: 'all',
    requests: 1,
    errors: 0,
    inputTokens: 1,
    outputTokens: 1,
    costUsd: 0.1,
    byProvider: [],
    byModel: [],
    byKey: [{ provider: 'p', key: 'used', requests: 1, costUsd: 0.1, remainingUsd: null }],
    byClient: [],
  };
}

describe('addKeyStates', () => {
  const breaker = new KeyBreaker({ settings: () => ({ failureThreshold: 1, cooldownMs: 30_000 }) });

  it('gives every configured key a row with its status, and the budget left without float noise', () => {
    const health = new KeyHealth();
    health.restore('p', 'missing', 'environment variable P_KEY is not set');
    // 0.3 - 0.1 is 0.19999999999999998 as doubles.
    const summary = addKeyStates(emptySummary(), {
      keys: table.keys,
      money: { spentUsd: (_provider, key) => (key === 'used' ? 0.1 : 0) },
      health,
      breaker,
      balanceOf: (_provider, key) => (key === 'idle' ? { amount: 5, currency: 'USD', amountUsd: 5, fetchedAt: '2025-01-01T00:00:00.000Z' } : undefined),
    });
    expect(summary.byKey).toEqual([
      { provider: 'p', key: 'used', requests: 1, costUsd: 0.1, remainingUsd: 0.2, status: 'active', disabledReason: null, coolingDownUntil: null },
      {
        provider: 'p',
        key: 'idle',
        requests: 0,
        costUsd: 0,
        remainingUsd: null,
        status: 'active',
        disabledReason: null,
        coolingDownUntil: null,
        balance: { amount: 5, currency: 'USD', amountUsd: 5, fetchedAt: '2025-01-01T00:00:00.000Z' },
      },
      {
        provider: 'p',
        key: 'missing',
        requests: 0,
        costUsd: 0,
        remainingUsd: null,
        status: 'disabled',
        disabledReason: 'environment variable P_KEY is not set',
        coolingDownUntil: null,
      },
    ]);
  });
});
