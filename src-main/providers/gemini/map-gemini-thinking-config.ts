import type { ReasoningRequest } from '../../conversion/chat-request.js';
import type { GeminiThinkingConfig } from './gemini-api.js';

/**
 * The internal reasoning request as Gemini's `thinkingConfig`. Gemini 2.5 takes a token budget whose
 * range depends on the model (Pro 128–32768 and cannot turn thinking off; Flash 0–24576; Flash-Lite 0
 * or 512–24576), so budgets are clamped into the model's range instead of failing the request: Claude
 * Code, for one, asks for 31999. Gemini 3 takes a level (`low`/`high`) and cannot turn thinking off;
 * a budget still works there (Google maps it), but a level and a budget together are refused.
 *
 * Thought summaries are asked for (`includeThoughts`) whenever the client asked for reasoning, so
 * they can be shown as reasoning; never otherwise, because models without thinking refuse the flag.
 */
export function mapGeminiThinkingConfig(reasoning: ReasoningRequest | null | undefined, model: string): GeminiThinkingConfig | undefined {
  if (reasoning === undefined) return undefined;
  if (isGemini3(model)) {
    if (reasoning === null) return { thinkingLevel: 'low' };
    if (reasoning.budgetTokens !== undefined) return { thinkingBudget: reasoning.budgetTokens, includeThoughts: true };
    const level = reasoning.effort === 'medium' || reasoning.effort === 'high' || reasoning.effort === undefined ? 'high' : 'low';
    return { thinkingLevel: level, includeThoughts: true };
  }
  const range = budgetRange(model);
  if (reasoning === null) return { thinkingBudget: range.canDisable ? 0 : range.min };
  const budget = reasoning.budgetTokens ?? effortBudget(reasoning.effort);
  // -1 is Gemini's "dynamic": the model picks its own budget.
  const thinkingBudget = budget === -1 ? -1 : budget === 0 && range.canDisable ? 0 : Math.min(range.max, Math.max(range.min, budget));
  return thinkingBudget === 0 ? { thinkingBudget } : { thinkingBudget, includeThoughts: true };
}

export function isGemini3(model: string): boolean {
  return /(^|\/)gemini-3/.test(model);
}

function effortBudget(effort: ReasoningRequest['effort']): number {
  switch (effort) {
    case 'minimal':
      return 512;
    case 'low':
      return 1024;
    case 'medium':
      return 8192;
    case 'high':
      return 24576;
    case undefined:
      return -1;
    default: {
      const _exhaustive: never = effort;
      return _exhaustive;
    }
  }
}

function budgetRange(model: string): { min: number; max: number; canDisable: boolean } {
  if (/flash-lite/.test(model)) return { min: 512, max: 24576, canDisable: true };
  if (/flash/.test(model)) return { min: 1, max: 24576, canDisable: true };
  return { min: 128, max: 32768, canDisable: false };
}
