import type { UsageEvent } from '../../src-shared/usage.js';

/** A complete usage event for store and recorder tests; tests override what they look at. */
export function usageEvent(overrides: Partial<UsageEvent> = {}): UsageEvent {
  return {
    time: 1_000,
    client: 'my-editor',
    provider: 'openai-main',
    keyId: 'oa-1',
    modelRequested: 'gpt-4',
    modelUsed: 'gpt-4o',
    status: 200,
    latencyMs: 420,
    firstByteMs: 180,
    usage: { inputTokens: 100, outputTokens: 20, cachedInputTokens: 40, cacheWriteTokens: 5, reasoningTokens: 8 },
    costUsd: 0.5,
    stream: true,
    error: null,
    endpoint: 'chat',
    final: true,
    rawUsage: '{"prompt_tokens":100}',
    ...overrides,
  };
}
