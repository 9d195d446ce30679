import type { ProviderConfig } from '../../../src-shared/config-schema.js';
import type { ProviderType } from '../../../src-shared/provider-type.js';
import { parseBaseUrl } from '../shared/parsed-base-url.js';

/**
 * Where OpenAI itself and the vendors that copy its API disagree about a Chat Completions request.
 * The converter asks this, never the provider type or host, so each difference is decided once here
 * with its source.
 */
export interface OpenAIChatDialect {
  /** Named in refusals: "… cannot be sent to the <targetName> provider". */
  targetName: string;
  /**
   * OpenAI deprecated `max_tokens` for `max_completion_tokens` and its reasoning models refuse the old
   * name; most compatible vendors (DeepSeek, Groq, local servers) know only `max_tokens`.
   */
  maxTokensField: 'max_completion_tokens' | 'max_tokens';
  /**
   * Text-only content sent as one string instead of an array of text parts. DeepSeek refuses arrays
   * ("messages[1]: invalid type: sequence, expected a string", cline/cline#230, QwenLM/qwen-code#2320),
   * so compatible vendors get strings; OpenAI gets parts, which keep block boundaries.
   */
  flattenTextContent: boolean;
  /**
   * Earlier reasoning sent back on assistant messages as `reasoning_content`. DeepSeek's thinking mode
   * requires it on turns that called tools and ignores it elsewhere ("the reasoning_content must be
   * passed back to the API … otherwise 400", api-docs.deepseek.com/guides/thinking_mode). OpenAI does not
   * know the field, and Groq and Cerebras refuse it ("property 'reasoning_content' is unsupported",
   * janhq/jan#8136, Kilo-Org/kilocode#10375).
   */
  sendReasoningContent: boolean;
  /**
   * Whether `reasoning_effort` may be sent for this model. OpenAI refuses it on models that do not
   * reason (gpt-4o, gpt-4.1). Compatible vendors disagree on its values and refuse it on many models
   * (Groq on llama, diegosouzapw/OmniRoute#3258; xAI on grok-4, BerriAI/litellm#16265), while their
   * thinking models reason by default, so it is not sent to them.
   */
  sendReasoningEffort: boolean;
}

/** Hosts of compatible vendors that refuse unknown message fields such as `reasoning_content`. */
const strictMessageSchemaHosts = ['api.groq.com', 'api.cerebras.ai'];

export function openaiChatDialect(type: ProviderType, provider: ProviderConfig, model: string): OpenAIChatDialect {
  if (type !== 'openai-compatible') {
    return {
      targetName: type === 'azure-openai' ? 'Azure OpenAI' : 'OpenAI',
      maxTokensField: 'max_completion_tokens',
      flattenTextContent: false,
      sendReasoningContent: false,
      sendReasoningEffort: isOpenAIReasoningModel(model),
    };
  }
  return {
    targetName: 'OpenAI-compatible',
    maxTokensField: 'max_tokens',
    flattenTextContent: true,
    sendReasoningContent: !strictMessageSchemaHosts.some((host) => hostOf(provider.baseUrl).endsWith(host)),
    sendReasoningEffort: false,
  };
}

/**
 * OpenAI's reasoning models: the o-series, gpt-5 and later (except `gpt-5-chat-latest`, which does not
 * reason), codex-mini. The same families the Vercel AI SDK treats as reasoning models
 * (vercel/ai `packages/openai/src/openai-language-model-capabilities.ts`).
 */
export function isOpenAIReasoningModel(model: string): boolean {
  if (/^o\d+(?:-|$)/.test(model)) return true;
  if (model === 'codex-mini-latest' || model === 'computer-use-preview') return true;
  const gpt = /^gpt-(\d+)(?:\.(\d+))?(?:-(.+))?$/.exec(model);
  if (!gpt || Number(gpt[1]) < 5) return false;
  const isChatVariant = gpt[2] === undefined && (gpt[3]?.startsWith('chat') ?? false);
  return !isChatVariant;
}

function hostOf(baseUrl: string): string {
  return parseBaseUrl(baseUrl)?.hostname ?? '';
}
