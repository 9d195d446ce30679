import { describe, expect, it } from 'vitest';
import type { BudgetPeriod } from '../../../src-shared/config-schema.js';
import { QuotaWatch, type QuotaThresholds } from '../../../src-main/routing/quota-watch.js';
import type { RouteTable } from '../../../src-main/routing/route-table.js';
import { openDatabase } from '../../../src-main/store/database.js';
import { createNotificationsRepository } from '../../../src-main/store/notifications-repository.js';
import { fakeRouteTable } from '../../support/gateway-fakes.js';

function tableWith(key: { budgetUsd?: number; budgetPeriod?: BudgetPeriod; creditUsd?: number }): RouteTable {
  return fakeRouteTable({
    providers: [{ id: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1', keys: [{ id: 'k1', secret: 'sk-test', ...key }] }],
  });
}

/** A key's spend and credit as the test sets them, on a clock the test moves. */
function setUp(options: { table: RouteTable; thresholds?: Record<string, QuotaThresholds>; database?: ReturnType<typeof openDatabase> }) {
  const state = {
    table: options.table,
    now: new Date(2025, 2, 10, 12).getTime(),
    spentSince: new Map<string, number>(),
    creditLeft: null as number | null,
    creditFigure: null as number | null,
  };
  const raised: Array<{ kind: string; subject: string; values: Record<string, string | number> }> = [];
  const database = options.database ?? openDatabase(':memory:');
  const watch = () =>
    new QuotaWatch({
      routeTable: () => state.table,
      money: {
        spentUsd: (_provider, _key, sinceMs) => state.spentSince.get(String(sinceMs)) ?? 0,
        remainingCreditUsd: () => state.creditLeft,
        now: () => state.now,
      },
      creditFigure: () => (state.creditFigure === null ? null : { usd: state.creditFigure }),
      thresholds: (subject) => options.thresholds?.[subject] ?? { warning: 80, critical: 95 },
      arms: createNotificationsRepository(database),
      raise: (kind, subject, values) => void raised.push({ kind, subject, values }),
    });
  return { state, raised, watch, database };
}

const monthStart = (year: number, month: number) => String(new Date(year, month, 1).getTime());

describe('QuotaWatch', () => {
  it('raises the warning once when a monthly budget crosses 80%, and the critical once past 95%', () => {
    const { state, raised, watch } = setUp({ table: tableWith({ budgetUsd: 10, budgetPeriod: 'monthly' }) });
    const quota = watch();
    state.spentSince.set(monthStart(2025, 2), 5);
    quota.check('openai', 'k1');
    expect(raised).toEqual([]);
    state.spentSince.set(monthStart(2025, 2), 8.2);
    quota.check('openai', 'k1');
    quota.check('openai', 'k1');
    state.spentSince.set(monthStart(2025, 2), 8.9);
    quota.check('openai', 'k1');
    expect(raised).toEqual([{ kind: 'quota-warning', subject: 'openai/k1', values: { percent: 82, limit: 'budget', provider: 'openai', key: 'k1' } }]);
    state.spentSince.set(monthStart(2025, 2), 9.6);
    quota.check('openai', 'k1');
    quota.check('openai', 'k1');
    expect(raised.map((entry) => entry.kind)).toEqual(['quota-warning', 'quota-critical']);
  });

  it('raises only the critical when one request jumps past both', () => {
    const { state, raised, watch } = setUp({ table: tableWith({ budgetUsd: 10, budgetPeriod: 'monthly' }) });
    const quota = watch();
    state.spentSince.set(monthStart(2025, 2), 9.9);
    quota.check('openai', 'k1');
    state.spentSince.set(monthStart(2025, 2), 9.95);
    quota.check('openai', 'k1');
    expect(raised.map((entry) => entry.kind)).toEqual(['quota-critical']);
  });

  it('raises it again in the next budget period and after the budget changes', () => {
    const { state, raised, watch } = setUp({ table: tableWith({ budgetUsd: 10, budgetPeriod: 'monthly' }) });
    const quota = watch();
    state.spentSince.set(monthStart(2025, 2), 8.5);
    quota.check('openai', 'k1');
    // April: a new period, the key past 80% of it again.
    state.now = new Date(2025, 3, 20).getTime();
    state.spentSince.set(monthStart(2025, 3), 8.5);
    quota.check('openai', 'k1');
    expect(raised.map((entry) => entry.kind)).toEqual(['quota-warning', 'quota-warning']);
    // A smaller budget the key is also past: a new crossing.
    state.table = tableWith({ budgetUsd: 9, budgetPeriod: 'monthly' });
    quota.check('openai', 'k1');
    expect(raised.map((entry) => entry.kind)).toEqual(['quota-warning', 'quota-warning', 'quota-warning']);
  });

  it('does not raise a crossing again after a restart in the same period', () => {
    const first = setUp({ table: tableWith({ budgetUsd: 10, budgetPeriod: 'monthly' }) });
    first.state.spentSince.set(monthStart(2025, 2), 8.5);
    first.watch().check('openai', 'k1');
    const restarted = setUp({ table: tableWith({ budgetUsd: 10, budgetPeriod: 'monthly' }), database: first.database });
    restarted.state.spentSince.set(monthStart(2025, 2), 8.6);
    restarted.watch().check('openai', 'k1');
    expect(first.raised).toHaveLength(1);
    expect(restarted.raised).toEqual([]);
  });

  it('watches credit by the figure held, re-armed once a top-up brings it back under', () => {
    const { state, raised, watch } = setUp({ table: tableWith({}) });
    const quota = watch();
    state.creditFigure = 20;
    state.creditLeft = 3;
    quota.check('openai', 'k1');
    // A balance fetched again, still low: not raised again.
    state.creditFigure = 4;
    state.creditLeft = 3.5;
    quota.check('openai', 'k1');
    expect(raised).toEqual([{ kind: 'quota-warning', subject: 'openai/k1', values: { percent: 85, limit: 'credit', provider: 'openai', key: 'k1' } }]);
    state.creditFigure = 50;
    state.creditLeft = 50;
    quota.check('openai', 'k1');
    state.creditLeft = 5;
    quota.check('openai', 'k1');
    expect(raised.map((entry) => entry.kind)).toEqual(['quota-warning', 'quota-warning']);
  });

  it('uses a key’s own thresholds, and says nothing for a key without budget or credit', () => {
    const own = setUp({ table: tableWith({ budgetUsd: 10 }), thresholds: { 'openai/k1': { warning: 50, critical: 70 } } });
    own.state.spentSince.set('undefined', 6);
    own.watch().check('openai', 'k1');
    expect(own.raised.map((entry) => entry.kind)).toEqual(['quota-warning']);

    const none = setUp({ table: tableWith({}) });
    none.state.spentSince.set('undefined', 1_000);
    none.watch().check('openai', 'k1');
    none.watch().check('openai', 'unknown-key');
    expect(none.raised).toEqual([]);
  });
});
