/** The request and answer formats a client or a provider speaks: one per family of APIs. */
export type WireFormat = 'openai-chat' | 'anthropic-messages' | 'gemini-generate';
