import { describe, expect, it } from 'vitest';
import { mapReasoningToOpenAIEffort } from '../../../../src-main/providers/openai/map-reasoning-to-openai-effort.js';

describe('mapReasoningToOpenAIEffort', () => {
  it('passes an effort through', () => {
    for (const effort of ['minimal', 'low', 'medium', 'high'] as const) expect(mapReasoningToOpenAIEffort({ effort })).toBe(effort);
  });

  it('maps a token budget to the nearest effort', () => {
    expect(mapReasoningToOpenAIEffort({ budgetTokens: 1024 })).toBe('low');
    expect(mapReasoningToOpenAIEffort({ budgetTokens: 2047 })).toBe('low');
    expect(mapReasoningToOpenAIEffort({ budgetTokens: 2048 })).toBe('medium');
    expect(mapReasoningToOpenAIEffort({ budgetTokens: 4000 })).toBe('medium');
    expect(mapReasoningToOpenAIEffort({ budgetTokens: 4096 })).toBe('high');
    expect(mapReasoningToOpenAIEffort({ budgetTokens: 31999 })).toBe('high');
  });

  it('leaves the effort out for no reasoning request, an explicit null, or a zero budget', () => {
    expect(mapReasoningToOpenAIEffort(undefined)).toBeUndefined();
    expect(mapReasoningToOpenAIEffort(null)).toBeUndefined();
    expect(mapReasoningToOpenAIEffort({ budgetTokens: 0 })).toBeUndefined();
    expect(mapReasoningToOpenAIEffort({})).toBeUndefined();
  });
});
