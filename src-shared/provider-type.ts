/** The upstream API families Switchyard can talk to (SPEC §3 `type`). */
export const providerTypes = ['openai', 'anthropic', 'gemini', 'azure-openai', 'openai-compatible'] as const;

export type ProviderType = (typeof providerTypes)[number];
