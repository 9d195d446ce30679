import type { ProviderType } from '../../src-shared/provider-type.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { anthropicAdapter } from './anthropic/anthropic-adapter.js';
import { azureOpenAIAdapter } from './azure-openai/azure-openai-adapter.js';
import { geminiAdapter } from './gemini/gemini-adapter.js';
import { openaiAdapter } from './openai/openai-adapter.js';
import { openaiCompatibleAdapter } from './openai-compatible/openai-compatible-adapter.js';

/** Every provider type the config accepts, with its adapter; `satisfies` keeps it whole. */
export const providerAdapters = {
  openai: openaiAdapter,
  'openai-compatible': openaiCompatibleAdapter,
  anthropic: anthropicAdapter,
  gemini: geminiAdapter,
  'azure-openai': azureOpenAIAdapter,
} satisfies Record<ProviderType, ProviderAdapter>;

export function adapterFor(type: ProviderType): ProviderAdapter {
  return providerAdapters[type];
}
