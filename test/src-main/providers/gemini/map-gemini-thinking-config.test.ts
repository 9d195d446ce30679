import { describe, expect, it } from 'vitest';
import { isGemini3, mapGeminiThinkingConfig } from '../../../../src-main/providers/gemini/map-gemini-thinking-config.js';

describe('mapGeminiThinkingConfig', () => {
  it('sends nothing when the client said nothing about reasoning', () => {
    expect(mapGeminiThinkingConfig(undefined, 'gemini-2.5-flash')).toBeUndefined();
    expect(mapGeminiThinkingConfig(undefined, 'gemini-3-pro-preview')).toBeUndefined();
  });

  it('turns thinking off where the model allows it, and to its least where it does not', () => {
    expect(mapGeminiThinkingConfig(null, 'gemini-2.5-flash')).toEqual({ thinkingBudget: 0 });
    expect(mapGeminiThinkingConfig(null, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 128 });
    expect(mapGeminiThinkingConfig(null, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'low' });
  });

  it('clamps budgets into the model range (Claude Code asks for 31999) and asks for thought summaries', () => {
    expect(mapGeminiThinkingConfig({ budgetTokens: 31999 }, 'gemini-2.5-flash')).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    expect(mapGeminiThinkingConfig({ budgetTokens: 31999 }, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 31999, includeThoughts: true });
    expect(mapGeminiThinkingConfig({ budgetTokens: 64000 }, 'gemini-2.5-pro')).toEqual({ thinkingBudget: 32768, includeThoughts: true });
    expect(mapGeminiThinkingConfig({ budgetTokens: 100 }, 'gemini-2.5-flash-lite')).toEqual({ thinkingBudget: 512, includeThoughts: true });
    expect(mapGeminiThinkingConfig({ budgetTokens: 0 }, 'gemini-2.5-flash')).toEqual({ thinkingBudget: 0 });
    expect(mapGeminiThinkingConfig({ budgetTokens: -1 }, 'gemini-2.5-pro')).toEqual({ thinkingBudget: -1, includeThoughts: true });
  });

  it('maps efforts to budgets on Gemini 2.5 and to levels on Gemini 3', () => {
    expect(mapGeminiThinkingConfig({ effort: 'minimal' }, 'gemini-2.5-flash')).toEqual({ thinkingBudget: 512, includeThoughts: true });
    expect(mapGeminiThinkingConfig({ effort: 'low' }, 'gemini-2.5-flash')).toEqual({ thinkingBudget: 1024, includeThoughts: true });
    expect(mapGeminiThinkingConfig({ effort: 'medium' }, 'gemini-2.5-flash')).toEqual({ thinkingBudget: 8192, includeThoughts: true });
    expect(mapGeminiThinkingConfig({ effort: 'high' }, 'gemini-2.5-flash')).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    expect(mapGeminiThinkingConfig({}, 'gemini-2.5-flash')).toEqual({ thinkingBudget: -1, includeThoughts: true });
    expect(mapGeminiThinkingConfig({ effort: 'low' }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'low', includeThoughts: true });
    expect(mapGeminiThinkingConfig({ effort: 'minimal' }, 'gemini-3-flash-preview')).toEqual({ thinkingLevel: 'low', includeThoughts: true });
    expect(mapGeminiThinkingConfig({ effort: 'medium' }, 'gemini-3-pro-preview')).toEqual({ thinkingLevel: 'high', includeThoughts: true });
    expect(mapGeminiThinkingConfig({ budgetTokens: 2048 }, 'gemini-3-pro-preview')).toEqual({ thinkingBudget: 2048, includeThoughts: true });
  });

  it('knows Gemini 3 by name, with or without the models/ prefix', () => {
    expect(isGemini3('gemini-3-pro-preview')).toBe(true);
    expect(isGemini3('models/gemini-3.1-pro-preview')).toBe(true);
    expect(isGemini3('gemini-2.5-flash')).toBe(false);
    expect(isGemini3('my-gemini-3-clone')).toBe(false);
  });
});
