import { describe, expect, it } from 'vitest';
import { configSchema, type ProviderKeyConfig } from '../../../src-shared/config-schema.js';
import { KeyHealth } from '../../../src-main/routing/key-health.js';
import { buildRouteTable } from '../../../src-main/routing/route-table.js';
import { selectCandidates, type CandidateSources } from '../../../src-main/routing/select-candidates.js';

function tableOf(providers: Record<string, { keys: Array<Omit<ProviderKeyConfig, 'secret'>>; models?: string[] }>) {
  return buildRouteTable(
    configSchema.parse({
      providers: Object.entries(providers).map(([id, provider]) => ({
        id,
        type: 'openai-compatible',
        baseUrl: `https://${id}.example.com/v1`,
        models: provider.models,
        keys: provider.keys.map((key) => ({ secret: 'literal', ...key })),
      })),
    }),
    new Map(),
  );
}

function sources(overrides: Partial<CandidateSources> = {}): CandidateSources {
  return { health: new KeyHealth(), spentUsd: () => 0, serves: () => true, ...overrides };
}

const ids = (selection: ReturnType<typeof selectCandidates>) => selection.candidates.map((entry) => `${entry.provider.config.id}/${entry.key.id}`);

describe('selectCandidates', () => {
  it('orders by priority, lowest first, with unprioritised keys last', () => {
    const table = tableOf({
      a: { keys: [{ id: 'none' }, { id: 'p5', priority: 5 }] },
      b: { keys: [{ id: 'p1', priority: 1 }, { id: 'minus', priority: -2 }] },
    });
    expect(ids(selectCandidates(table, 'm', null, sources()))).toEqual(['b/minus', 'b/p1', 'a/p5', 'a/none']);
  });

  it('breaks priority ties by higher weight, then by config order', () => {
    const table = tableOf({
      a: { keys: [{ id: 'w1', priority: 1 }, { id: 'w3', priority: 1, weight: 3 }, { id: 'w1-later', priority: 1, weight: 1 }] },
      b: { keys: [{ id: 'w2', priority: 1, weight: 2 }, { id: 'free-heavy', weight: 10 }, { id: 'free' }] },
    });
    expect(ids(selectCandidates(table, 'm', null, sources()))).toEqual(['a/w3', 'b/w2', 'a/w1', 'a/w1-later', 'b/free-heavy', 'b/free']);
  });

  it('keeps only the pinned provider\'s keys', () => {
    const table = tableOf({ a: { keys: [{ id: 'k', priority: 1 }] }, b: { keys: [{ id: 'k', priority: 2 }, { id: 'l' }] } });
    expect(ids(selectCandidates(table, 'm', 'b', sources()))).toEqual(['b/k', 'b/l']);
    expect(ids(selectCandidates(table, 'm', 'missing', sources()))).toEqual([]);
  });

  it('keeps only providers that serve the model, and counts nothing for the others', () => {
    const table = tableOf({ a: { keys: [{ id: 'k', disabled: true }] }, b: { keys: [{ id: 'k' }] } });
    const selection = selectCandidates(table, 'm', null, sources({ serves: (providerId, model) => providerId === 'b' && model === 'm' }));
    expect(ids(selection)).toEqual(['b/k']);
    expect(selection).toMatchObject({ skippedDisabled: 0, skippedForMoney: 0 });
  });

  it('skips keys disabled in the config and keys KeyHealth took out, counting them', () => {
    const table = tableOf({ a: { keys: [{ id: 'off', disabled: true }, { id: 'refused' }, { id: 'on' }] } });
    const health = new KeyHealth();
    health.disable('a', 'refused', 'upstream answered 401');
    const selection = selectCandidates(table, 'm', null, sources({ health }));
    expect(ids(selection)).toEqual(['a/on']);
    expect(selection.skippedDisabled).toBe(2);
    expect(selection.skippedForMoney).toBe(0);
    // Named, with the reason a refused key was taken out, for the refusal that tells the user.
    expect(selection.disabled.map(({ entry, refusedReason }) => [entry.key.id, refusedReason])).toEqual([
      ['off', null],
      ['refused', 'upstream answered 401'],
    ]);
  });

  it('skips keys whose budget or credit is spent, counting them in skippedForMoney', () => {
    const table = tableOf({
      a: {
        keys: [
          { id: 'budget-spent', budgetUsd: 10 },
          { id: 'budget-left', budgetUsd: 10.01 },
          { id: 'credit-spent', creditUsd: 10 },
          { id: 'credit-left', creditUsd: 10.5 },
          { id: 'credit-negative', creditUsd: -1 },
          { id: 'zero-budget', budgetUsd: 0 },
          { id: 'no-limit' },
        ],
      },
    });
    const selection = selectCandidates(table, 'm', null, sources({ spentUsd: () => 10 }));
    expect(ids(selection)).toEqual(['a/budget-left', 'a/credit-left', 'a/no-limit']);
    expect(selection.skippedForMoney).toBe(4);
    expect(selection.skippedDisabled).toBe(0);
  });

  it('asks for the spend of each key by provider and key id', () => {
    const table = tableOf({ a: { keys: [{ id: 'rich', budgetUsd: 5 }, { id: 'poor', budgetUsd: 5 }] } });
    const spent: Record<string, number> = { 'a/rich': 1, 'a/poor': 5 };
    const selection = selectCandidates(table, 'm', null, sources({ spentUsd: (providerId, keyId) => spent[`${providerId}/${keyId}`]! }));
    expect(ids(selection)).toEqual(['a/rich']);
    expect(selection.skippedForMoney).toBe(1);
  });

  it('skips keys cooling down after failures, and lists them apart', () => {
    const table = tableOf({ a: { keys: [{ id: 'hot', priority: 1 }, { id: 'cool', priority: 2 }, { id: 'off', disabled: true }] } });
    const selection = selectCandidates(table, 'm', null, sources({ admits: (_providerId, keyId) => keyId !== 'hot' }));
    expect(ids(selection)).toEqual(['a/cool']);
    expect(selection.coolingDown.map((entry) => entry.key.id)).toEqual(['hot']);
    expect(selection).toMatchObject({ skippedDisabled: 1, skippedForMoney: 0 });
  });
});
