import type { ProviderType } from '../../src-shared/provider-type.js';
import type { ProviderAdapter } from './provider-adapter.js';
import { openaiAdapter } from './openai/openai-adapter.js';
import { openaiCompatibleAdapter } from './openai-compatible/openai-compatible-adapter.js';

/**
 * Every provider type the config accepts, with its adapter where one exists. The Anthropic, Gemini
 * and Azure adapters arrive with the conversion work; until then such a provider is accepted in the
 * config and answered with a clear "not supported yet" instead of being sent something malformed.
 */
export const providerAdapters = {
  openai: openaiAdapter,
  'openai-compatible': openaiCompatibleAdapter,
  anthropic: null,
  gemini: null,
  'azure-openai': null,
} satisfies Record<ProviderType, ProviderAdapter | null>;

export function adapterFor(type: ProviderType): ProviderAdapter | null {
  return providerAdapters[type];
}
