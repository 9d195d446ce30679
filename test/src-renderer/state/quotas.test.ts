import { describe, expect, it } from 'vitest';
import { ControlCallError } from '../../../src-shared/control/rpc.js';
import type { QuotaView } from '../../../src-shared/control/usage-api.js';
import { byUrgency, QuotasState } from '../../../src-renderer/state/quotas.svelte.js';

const view = (key: string, level: QuotaView['level'], usedFraction: number | null) => ({ provider: 'openai', key, level, usedFraction });

describe('the quotas state', () => {
  it('asks the vendors for balances, then shows the new answer', async () => {
    const steps: string[] = [];
    const state = new QuotasState({
      quotas: async () => {
        steps.push('quotas');
        return [];
      },
      refreshBalances: async () => {
        steps.push('refresh');
      },
    });
    const refreshing = state.refreshBalances();
    expect(state.refreshing).toBe(true);
    await refreshing;
    expect(steps).toEqual(['refresh', 'quotas']);
    expect(state.refreshing).toBe(false);
    expect(state.views.data).toEqual([]);
  });

  it('keeps a refused refresh as an error by its code', async () => {
    const state = new QuotasState({
      quotas: async () => [],
      refreshBalances: async () => {
        throw new ControlCallError({ code: 'not_available', message: 'Balance refresh is not available.' });
      },
    });
    await state.refreshBalances();
    expect(state.refreshError?.code).toBe('not_available');
    expect(state.refreshing).toBe(false);
  });
});

describe('byUrgency', () => {
  it('puts critical keys first, then warning, then the fullest, and keys without a limit last', () => {
    const ordered = byUrgency([view('a', 'ok', 0.2), view('b', 'unknown', null), view('c', 'warning', 0.81), view('d', 'critical', 0.97), view('e', 'ok', 0.6)]);
    expect(ordered.map((item) => item.key)).toEqual(['d', 'c', 'e', 'a', 'b']);
  });
});
