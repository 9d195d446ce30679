import type { ControlService } from '../../../../src-shared/control/control-service.js';
import type { ModelAlias } from '../../../../src-shared/config-schema.js';
import type { ImportPreview, ModelView, ProviderInput, ProviderKeyView, ProviderView, RoutingSettings } from '../../../../src-shared/control/providers-api.js';
import { ContractError } from '../../../../src-main/conversion/contract-error.js';
import { fakeEnvironment } from '../../../support/control-fakes.js';

/**
 * Providers, keys, models, aliases and routing as a user a few weeks in would have them: fixed
 * data for the providers, models, routing and welcome pages' browser tests and screenshots. The fake
 * is stateful (a save shows up in the next list) and records every call, so a test can check what
 * the window sent, including that a typed key travelled exactly once.
 */

const minutesFromNow = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

function key(overrides: Partial<ProviderKeyView> & Pick<ProviderKeyView, 'id' | 'hint'>): ProviderKeyView {
  return {
    secretSource: 'stored', priority: null, weight: null, budgetUsd: null, budgetPeriod: null, creditUsd: null, disabledInConfig: false,
    status: 'active', disabledReason: null, coolingDownUntil: null, lastError: null, spentUsd: 0, remainingUsd: null, balance: null,
    ...overrides,
  };
}

export function sampleProviders(): ProviderView[] {
  return [
    {
      id: 'openai', preset: 'openai', type: 'openai', baseUrl: 'https://api.openai.com/v1', models: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o-mini'], headers: {}, apiVersion: null,
      keys: [
        key({ id: 'work', hint: 'sk-…Q7fA', priority: 1, budgetUsd: 50, budgetPeriod: 'monthly', spentUsd: 12.3456, remainingUsd: 37.6544 }),
        key({ id: 'personal', hint: 'sk-…x2Lm', priority: 2, status: 'cooling-down', coolingDownUntil: minutesFromNow(3), lastError: { at: minutesFromNow(-1), message: '429 rate_limit_exceeded: Rate limit reached for gpt-4.1 on tokens per min.' }, spentUsd: 4.02 }),
      ],
    },
    {
      id: 'deepseek', preset: 'deepseek', type: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', models: ['deepseek-chat', 'deepseek-reasoner'], headers: {}, apiVersion: null,
      keys: [key({ id: 'key-1', hint: 'sk-…9d3e', spentUsd: 1.873, balance: { amount: 61.2, currency: 'CNY', amountUsd: 8.5, fetchedAt: minutesFromNow(-10) } })],
    },
    {
      id: 'anthropic', preset: 'anthropic', type: 'anthropic', baseUrl: 'https://api.anthropic.com', models: ['claude-sonnet-4-5', 'claude-haiku-4-5'], headers: {}, apiVersion: null,
      keys: [key({ id: 'team', hint: 'sk-ant-…Hh20', status: 'disabled', disabledReason: 'Anthropic refused the key with 401 (invalid x-api-key); replace it or re-enable it once fixed.', lastError: { at: minutesFromNow(-42), message: '401 authentication_error: invalid x-api-key' }, creditUsd: 20, spentUsd: 6.5, remainingUsd: 13.5 })],
    },
  ];
}

export const sampleModels: ModelView[] = [
  { id: 'claude-haiku-4-5', providers: ['anthropic'], prices: [{ provider: 'anthropic', inputPerMTok: 1, outputPerMTok: 5, cachedInputPerMTok: 0.1, cacheWritePerMTok: 1.25, source: 'catalog' }], unpriced: false },
  { id: 'claude-sonnet-4-5', providers: ['anthropic'], prices: [{ provider: 'anthropic', inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75, source: 'catalog' }], unpriced: false },
  {
    id: 'deepseek-chat', providers: ['deepseek', 'siliconflow'],
    prices: [
      { provider: 'deepseek', inputPerMTok: 0.27, outputPerMTok: 1.1, cachedInputPerMTok: 0.07, cacheWritePerMTok: null, source: 'catalog' },
      { provider: 'siliconflow', inputPerMTok: 0.28, outputPerMTok: 1.12, cachedInputPerMTok: null, cacheWritePerMTok: null, source: 'config' },
    ],
    unpriced: false,
  },
  { id: 'deepseek-reasoner', providers: ['deepseek'], prices: [{ provider: 'deepseek', inputPerMTok: 0.55, outputPerMTok: 2.19, cachedInputPerMTok: 0.14, cacheWritePerMTok: null, source: 'catalog' }], unpriced: false },
  { id: 'gpt-4.1', providers: ['openai'], prices: [{ provider: 'openai', inputPerMTok: 2, outputPerMTok: 8, cachedInputPerMTok: 0.5, cacheWritePerMTok: null, source: 'catalog' }], unpriced: false },
  { id: 'gpt-4.1-mini', providers: ['openai'], prices: [{ provider: 'openai', inputPerMTok: 0.4, outputPerMTok: 1.6, cachedInputPerMTok: 0.1, cacheWritePerMTok: null, source: 'catalog' }], unpriced: false },
  { id: 'gpt-4o-mini', providers: ['openai'], prices: [{ provider: 'openai', inputPerMTok: 0.15, outputPerMTok: 0.6, cachedInputPerMTok: 0.075, cacheWritePerMTok: null, source: 'catalog' }], unpriced: false },
  { id: 'my-finetune-v2', providers: ['openai'], prices: [], unpriced: true },
];

export const sampleAliases: Record<string, ModelAlias> = {
  fast: 'gpt-4.1-mini',
  smart: { model: 'claude-sonnet-4-5', strategy: 'latency' },
  cheap: 'deepseek-chat',
};

export const sampleRouting: RoutingSettings = { strategy: 'priority', retries: 2, timeoutMs: 120_000, failureThreshold: 3, cooldownMs: 30_000 };

export const samplePreview: ImportPreview = {
  format: 'claude-code-router',
  providers: [
    { id: 'openrouter', baseUrl: 'https://openrouter.ai/api/v1', models: ['anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash'], keys: [{ id: 'key-1' }] },
    { id: 'siliconflow', baseUrl: 'https://api.siliconflow.cn/v1', models: ['deepseek-ai/DeepSeek-V3'], keys: [{ id: 'key-1' }] },
  ],
  aliases: { think: 'deepseek-ai/DeepSeek-V3' },
  warnings: ['The "enhancetool" transformer of provider "siliconflow" has no Switchyard equivalent and was left out.'],
};

export interface ProvidersFake {
  service: Partial<ControlService>;
  calls: Array<{ method: string; input: unknown }>;
  providers: ProviderView[];
}

/** The providers side of the control service, over the sample data (or none, for a first run). */
export function createProvidersFake(options: { empty?: boolean } = {}): ProvidersFake {
  const calls: ProvidersFake['calls'] = [];
  const state = { providers: options.empty ? [] : sampleProviders(), aliases: { ...sampleAliases }, routing: { ...sampleRouting } };
  const record = (method: string, input: unknown) => calls.push({ method, input: JSON.parse(JSON.stringify(input ?? null)) });

  const saveProvider = async (input: ProviderInput): Promise<ProviderView> => {
    record('saveProvider', input);
    const index = (input.keys ?? []).findIndex((candidate) => (candidate.budgetUsd ?? 0) < 0);
    if (index !== -1) {
      throw new ContractError('configuration_refused', `providers[0].keys[${index}].budgetUsd: a budget is 0 or more dollars; leave it empty for none.`, { field: `providers[0].keys[${index}].budgetUsd` });
    }
    const previous = state.providers.find((provider) => provider.id === (input.originalId ?? input.id));
    const view: ProviderView = {
      id: input.id, preset: input.preset ?? null, type: input.type ?? 'openai-compatible', baseUrl: input.baseUrl ?? '', models: input.models ?? [],
      headers: input.headers ?? {}, apiVersion: input.apiVersion ?? null,
      keys: (input.keys ?? []).map((typed) => {
        const old = previous?.keys.find((candidate) => candidate.id === typed.id);
        const hint = typed.secret ? `${typed.secret.slice(0, 3)}…${typed.secret.slice(-4)}` : (old?.hint ?? '…');
        return key({ ...old, id: typed.id, hint, priority: typed.priority ?? null, weight: typed.weight ?? null, budgetUsd: typed.budgetUsd ?? null, budgetPeriod: typed.budgetPeriod ?? null, creditUsd: typed.creditUsd ?? null });
      }),
    };
    state.providers = previous ? state.providers.map((provider) => (provider === previous ? view : provider)) : [...state.providers, view];
    return view;
  };

  const service: Partial<ControlService> = {
    environment: async () => ({ ...fakeEnvironment, firstRun: state.providers.length === 0 }),
    listProviders: async () => state.providers,
    saveProvider,
    removeProvider: async (input) => {
      record('removeProvider', input);
      state.providers = state.providers.filter((provider) => provider.id !== input.id);
    },
    setKeyEnabled: async (input) => {
      record('setKeyEnabled', input);
      for (const provider of state.providers) {
        if (provider.id !== input.providerId) continue;
        provider.keys = provider.keys.map((candidate) =>
          candidate.id === input.keyId ? { ...candidate, status: input.enabled ? 'active' : 'disabled', disabledReason: null, disabledInConfig: !input.enabled } : candidate,
        );
      }
    },
    testKey: async (input) => {
      record('testKey', input);
      return { reachable: true, latencyMs: 312, status: 200, models: ['deepseek-chat', 'deepseek-reasoner'], balance: { amount: 61.2, currency: 'CNY', amountUsd: 8.5 }, error: null };
    },
    previewImport: async (input) => {
      record('previewImport', input);
      return samplePreview;
    },
    applyImport: async (input) => {
      record('applyImport', input);
      return { added: samplePreview.providers.map((provider) => provider.id) };
    },
    listModels: async () => sampleModels,
    getAliases: async () => state.aliases,
    setAliases: async (input) => {
      record('setAliases', input);
      state.aliases = input.aliases;
      return state.aliases;
    },
    getRouting: async () => state.routing,
    setRouting: async (input) => {
      record('setRouting', input);
      if (input.retries !== undefined && input.retries > 10) throw new ContractError('configuration_refused', 'routing.retries: at most 10 retries.', { field: 'routing.retries' });
      state.routing = { ...state.routing, ...input };
      return state.routing;
    },
  };
  return { service, calls, get providers() { return state.providers; } };
}
