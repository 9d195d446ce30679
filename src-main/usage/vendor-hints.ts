import type { ProviderType } from '../../src-shared/provider-type.js';
import { parseBaseUrl } from '../providers/shared/parsed-base-url.js';

/**
 * Price-catalog vendors (models.dev ids) to try first for a provider's models, most specific first.
 * Where a vendor runs a China endpoint with its own price list (Alibaba's DashScope, SiliconFlow),
 * that list comes first and the international one backs it up for models only it lists.
 */
const vendorsByHost: ReadonlyArray<readonly [host: string, vendors: readonly string[]]> = [
  ['api.openai.com', ['openai']],
  ['api.anthropic.com', ['anthropic']],
  ['generativelanguage.googleapis.com', ['google']],
  ['api.deepseek.com', ['deepseek']],
  ['api.x.ai', ['xai']],
  ['api.mistral.ai', ['mistral']],
  ['api.moonshot.ai', ['moonshotai']],
  ['api.moonshot.cn', ['moonshotai-cn', 'moonshotai']],
  ['dashscope-intl.aliyuncs.com', ['alibaba']],
  ['dashscope.aliyuncs.com', ['alibaba-cn', 'alibaba']],
  ['open.bigmodel.cn', ['zhipuai']],
  ['api.z.ai', ['zai', 'zhipuai']],
  ['openrouter.ai', ['openrouter']],
  ['api.groq.com', ['groq']],
  ['api.siliconflow.cn', ['siliconflow-cn', 'siliconflow']],
  ['api.siliconflow.com', ['siliconflow']],
  ['api.minimax.io', ['minimax']],
  ['api.minimaxi.com', ['minimax-cn', 'minimax']],
  ['api.stepfun.com', ['stepfun']],
  ['api.xiaomimimo.com', ['xiaomi']],
];

/** Azure OpenAI prices track OpenAI's list, so its deployments are priced as OpenAI models. */
const vendorsByProviderType: Readonly<Record<ProviderType, readonly string[]>> = {
  openai: ['openai'],
  anthropic: ['anthropic'],
  gemini: ['google'],
  'azure-openai': ['openai'],
  'openai-compatible': [],
};

/**
 * The catalog vendors whose prices a provider most likely charges. The host comes before the API
 * type: DeepSeek, Moonshot, Zhipu and MiniMax also serve Anthropic's API, and what they charge is
 * their own price, not Anthropic's.
 */
export function vendorHintsFor(providerType: string, baseUrl: string): readonly string[] {
  const host = parseBaseUrl(baseUrl)?.hostname ?? '';
  const fromHost = vendorsByHost.find(([suffix]) => host === suffix || host.endsWith(`.${suffix}`))?.[1] ?? [];
  const fromType = Object.hasOwn(vendorsByProviderType, providerType)
    ? vendorsByProviderType[providerType as ProviderType]
    : [];
  return Object.freeze([...new Set([...fromHost, ...fromType])]);
}

/**
 * Each provider config's hints, worked out once: asked for every priced request (and the price
 * catalog keeps its answers per hint list, so the same config must get the same list).
 */
const hintsByConfig = new WeakMap<{ type: string; baseUrl: string }, readonly string[]>();

/** vendorHintsFor a provider's config object; a reload makes new objects, so nothing goes stale. */
export function providerVendorHints(provider: { type: string; baseUrl: string }): readonly string[] {
  let hints = hintsByConfig.get(provider);
  if (hints === undefined) {
    hints = vendorHintsFor(provider.type, provider.baseUrl);
    hintsByConfig.set(provider, hints);
  }
  return hints;
}
