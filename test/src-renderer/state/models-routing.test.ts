import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ControlCallError } from '../../../src-shared/control/rpc.js';
import type { ModelView } from '../../../src-shared/control/providers-api.js';

const api = vi.hoisted(() => ({
  getAliases: vi.fn(),
  setAliases: vi.fn(),
  getRouting: vi.fn(),
  setRouting: vi.fn(),
}));
vi.mock('../../../src-renderer/lib/api.js', () => ({ api, insideTrayApp: false }));

const models = await import('../../../src-renderer/state/models.svelte.js');
const routing = await import('../../../src-renderer/state/routing.svelte.js');

beforeEach(() => vi.clearAllMocks());

describe('models', () => {
  const list: ModelView[] = [
    { id: 'gpt-4o', providers: ['openai'], prices: [], unpriced: true },
    { id: 'deepseek-chat', providers: ['deepseek', 'siliconflow'], prices: [], unpriced: true },
  ];

  it('are searched by model id and provider', () => {
    expect(models.filterModels(list, 'silicon').map((model) => model.id)).toEqual(['deepseek-chat']);
    expect(models.filterModels(list, 'GPT').map((model) => model.id)).toEqual(['gpt-4o']);
  });

  it('turn alias rows into the config shape and back', () => {
    const aliases = { fast: 'gpt-4o-mini', smart: { model: 'claude-sonnet-4-5', strategy: 'latency' as const } };
    const rows = models.aliasRowsFrom(aliases);
    expect(rows).toEqual([{ alias: 'fast', model: 'gpt-4o-mini', strategy: '' }, { alias: 'smart', model: 'claude-sonnet-4-5', strategy: 'latency' }]);
    expect(models.aliasesFrom([...rows, { alias: ' ', model: '', strategy: '' }])).toEqual(aliases);
  });

  it('show a refused alias at its row and keep the rows', async () => {
    api.getAliases.mockResolvedValueOnce({ fast: 'gpt-4o-mini' });
    await models.loadAliases();
    models.addAliasRow();
    models.aliasEditor.rows[1] = { alias: 'cheap', model: 'nope', strategy: '' };
    api.setAliases.mockRejectedValueOnce(new ControlCallError({ code: 'configuration_refused', message: 'No provider serves "nope".', field: 'aliases.cheap' }));
    await models.saveAliases();
    expect(models.aliasEditor.rowErrors).toEqual({ 1: 'No provider serves "nope".' });
    expect(models.aliasEditor.rows[1]!.model).toBe('nope');
    expect(models.aliasEditor.saved).toBe(false);
  });
});

describe('routing', () => {
  it('sends numbers and says when it saved', async () => {
    api.getRouting.mockResolvedValueOnce({ strategy: 'priority', retries: 2, timeoutMs: 120000, failureThreshold: 3, cooldownMs: 30000 });
    await routing.loadRouting();
    routing.routingForm.values!.retries = '4';
    routing.routingForm.values!.strategy = 'latency';
    api.setRouting.mockImplementationOnce(async (input) => ({ strategy: 'priority', retries: 2, timeoutMs: 1, failureThreshold: 3, cooldownMs: 1, ...input }));
    await routing.saveRouting();
    expect(api.setRouting).toHaveBeenCalledWith({ strategy: 'latency', retries: 4, timeoutMs: 120000, failureThreshold: 3, cooldownMs: 30000 });
    expect(routing.routingForm.saved).toBe(true);
  });

  it('shows a refusal at its field and keeps the input', async () => {
    api.getRouting.mockResolvedValueOnce({ strategy: 'priority', retries: 2, timeoutMs: 120000, failureThreshold: 3, cooldownMs: 30000 });
    await routing.loadRouting();
    routing.routingForm.values!.retries = '50';
    api.setRouting.mockRejectedValueOnce(new ControlCallError({ code: 'invalid_control_input', message: 'retries must be 10 or less.', field: 'retries' }));
    await routing.saveRouting();
    expect(routing.routingForm.errors).toEqual({ retries: 'retries must be 10 or less.' });
    expect(routing.routingForm.values!.retries).toBe('50');
    expect(routing.routingForm.saved).toBe(false);
  });

  it('maps the config path routing.cooldownMs to its field', () => {
    expect(routing.routingFieldOfError('routing.cooldownMs')).toBe('cooldownMs');
    expect(routing.routingFieldOfError('providers')).toBeNull();
  });
});
