import type { ReasoningRequest } from '../../conversion/chat-request.js';

export type OpenAIReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

/**
 * OpenAI's `reasoning_effort` for a reasoning request. An effort goes as it is. A token budget
 * (Anthropic `budget_tokens`, Gemini `thinkingBudget`) becomes the effort whose usual budget it is
 * nearest to, using the budgets LiteLLM gives each effort the other way round (low 1024, medium 2048,
 * high 4096): below 2048 is low, below 4096 medium, anything larger high. Claude Code's budgets
 * ("think" 4000, "ultrathink" 31999) then land on medium and high. A budget of 0 (Gemini's "no
 * thinking") and an explicit `null` leave the field out: the model's default applies, since OpenAI's
 * reasoning models cannot all stop reasoning.
 */
export function mapReasoningToOpenAIEffort(reasoning: ReasoningRequest | null | undefined): OpenAIReasoningEffort | undefined {
  if (!reasoning) return undefined;
  if (reasoning.effort) return reasoning.effort;
  const budget = reasoning.budgetTokens;
  if (budget === undefined || budget <= 0) return undefined;
  if (budget < 2048) return 'low';
  if (budget < 4096) return 'medium';
  return 'high';
}
