/** The upstream API families Switchyard can talk to (a provider's `type` in the config). */
export const providerTypes = ['openai', 'anthropic', 'gemini', 'azure-openai', 'openai-compatible'] as const;

export type ProviderType = (typeof providerTypes)[number];
