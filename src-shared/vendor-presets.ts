import type { ProviderType } from './provider-type.js';

/**
 * Vendors a user adds by picking a name and pasting a key. This is data, not behaviour: the adapter
 * for `type` does the talking; a preset only fills in the base URL, headers and model names, and
 * tells the user (in `quirks`) what differs from the vendor they may know.
 *
 * Base URLs are the ones each vendor's own documentation gives for OpenAI SDKs (or its native API for
 * Anthropic, Gemini and Azure); `docsUrl` is where to check them.
 */

/** How the vendor expects the key. The adapter of `type` sends it; this says which one that is. */
export type PresetAuth = 'bearer' | 'x-api-key' | 'api-key' | 'x-goog-api-key' | 'none';

export interface VendorPreset {
  /** Stable id; also the default provider id of a config made from it. */
  readonly id: string;
  readonly name: string;
  readonly nameZh: string;
  readonly type: ProviderType;
  readonly baseUrl: string;
  readonly auth: PresetAuth;
  readonly docsUrl: string;
  /** The vendor's page where a signed-in user creates an API key (absent for local servers). */
  readonly apiKeyUrl?: string;
  /** The vendor's billing page: buy credit, add a card, see the balance. */
  readonly topUpUrl?: string;
  /** How the vendor's keys start, to warn when a pasted key looks like another vendor's. */
  readonly keyPrefix?: string;
  /** Headers sent with every request to this vendor. */
  readonly headers?: Readonly<Record<string, string>>;
  /** What differs from OpenAI's behaviour, for people (the UI shows these); never read by code. */
  readonly quirks: readonly string[];
  /** Models to start with; empty means "use the vendor's model list". */
  readonly defaultModels: readonly string[];
  /** For `auth: 'none'`: the stand-in secret, since every provider in the config needs a key. */
  readonly placeholderKey?: string;
  /** A part of `baseUrl` the user must replace (Azure's resource name). */
  readonly baseUrlPlaceholder?: string;
  /** For Azure: the api-version to start with. */
  readonly apiVersion?: string;
}

/**
 * OpenRouter ranks and attributes traffic by these headers (openrouter.ai/docs/app-attribution).
 * Switchyard has no public homepage yet; OpenRouter tracks a localhost referer by its title.
 */
const openRouterAttribution = { 'HTTP-Referer': 'http://localhost', 'X-Title': 'Switchyard' } as const;

const deepseekQuirks = [
  'deepseek-reasoner streams its thinking in `reasoning_content`, beside `content`.',
  'The original deepseek-reasoner (R1) refuses `reasoning_content` in input messages with a 400; the thinking mode of newer models instead requires it back on turns that called tools.',
  'Reports prompt-cache hits as `prompt_cache_hit_tokens`/`prompt_cache_miss_tokens` in usage.',
  'Refuses message content given as an array of parts; text must be a plain string.',
];

const qwenQuirks = [
  'The OpenAI-compatible path is `/compatible-mode/v1`; DashScope\'s native API lives elsewhere.',
  'Keys are per region: a Beijing key does not work on the international endpoint.',
  'Thinking models (qwen3, QwQ) stream their reasoning in `reasoning_content` and answer only in streams when thinking is on.',
];

const moonshotQuirks = [
  'Temperature ranges 0–1 (not 0–2); near 0, `n` must be 1.',
  'kimi-k2.6 and other thinking models fix temperature and top_p and stream reasoning in `reasoning_content`.',
  'Keys from platform.moonshot.cn and platform.moonshot.ai are separate accounts.',
];

const siliconflowQuirks = [
  'Model ids carry the publisher, e.g. `deepseek-ai/DeepSeek-V3` or `Qwen/Qwen3-32B`.',
  'Reasoning models stream their thinking in `reasoning_content`.',
  'Accounts and keys on siliconflow.cn and siliconflow.com are separate.',
];

const zhipuQuirks = [
  'Temperature and top_p range 0–1; newer GLM models think by default (turn off with `thinking: {type: "disabled"}`).',
  '`tool_choice` accepts only "auto"; `response_format` only `json_object`.',
  'Does not take `stream_options`; the last stream chunk carries usage anyway.',
  'Keys look like `<id>.<secret>`.',
];

const presets = [
  {
    id: 'openai',
    name: 'OpenAI',
    nameZh: 'OpenAI',
    type: 'openai',
    baseUrl: 'https://api.openai.com/v1',
    auth: 'bearer',
    docsUrl: 'https://platform.openai.com/docs/api-reference/chat',
    apiKeyUrl: 'https://platform.openai.com/api-keys',
    topUpUrl: 'https://platform.openai.com/settings/organization/billing/overview',
    keyPrefix: 'sk-',
    quirks: ['Reasoning models (o-series, gpt-5) refuse `max_tokens` and want `max_completion_tokens`; they also refuse temperature other than 1.'],
    defaultModels: ['gpt-4.1', 'gpt-4.1-mini', 'gpt-4o', 'gpt-4o-mini', 'o4-mini', 'text-embedding-3-small'],
  },
  {
    id: 'deepseek',
    name: 'DeepSeek',
    nameZh: '深度求索 DeepSeek',
    type: 'openai-compatible',
    baseUrl: 'https://api.deepseek.com/v1',
    auth: 'bearer',
    docsUrl: 'https://api-docs.deepseek.com/',
    apiKeyUrl: 'https://platform.deepseek.com/api_keys',
    topUpUrl: 'https://platform.deepseek.com/top_up',
    keyPrefix: 'sk-',
    quirks: deepseekQuirks,
    defaultModels: ['deepseek-chat', 'deepseek-reasoner'],
  },
  {
    id: 'xai',
    name: 'xAI (Grok)',
    nameZh: 'xAI（Grok）',
    type: 'openai-compatible',
    baseUrl: 'https://api.x.ai/v1',
    auth: 'bearer',
    docsUrl: 'https://docs.x.ai/docs/api-reference',
    apiKeyUrl: 'https://console.x.ai/team/default/api-keys',
    topUpUrl: 'https://console.x.ai/team/default/billing',
    keyPrefix: 'xai-',
    quirks: [
      'Reasoning tokens are counted outside `completion_tokens` (total = prompt + completion + reasoning) and billed as output.',
      'grok-3-mini streams reasoning in `reasoning_content`; grok-4 reasons without showing it and refuses `reasoning_effort`.',
      'A tool call arrives whole in one chunk rather than in argument pieces.',
    ],
    defaultModels: ['grok-4', 'grok-3-mini'],
  },
  {
    id: 'mistral',
    name: 'Mistral AI',
    nameZh: 'Mistral AI',
    type: 'openai-compatible',
    baseUrl: 'https://api.mistral.ai/v1',
    auth: 'bearer',
    docsUrl: 'https://docs.mistral.ai/api/',
    apiKeyUrl: 'https://console.mistral.ai/api-keys',
    topUpUrl: 'https://console.mistral.ai/billing',
    quirks: [
      'Tool call ids must be exactly 9 letters or digits; ids from other vendors (`call_…`, `toolu_…`) are refused with a 400 when sent back.',
      'The last message must be a user or tool message; an assistant message last needs `prefix: true`.',
    ],
    defaultModels: ['mistral-large-latest', 'mistral-medium-latest', 'mistral-small-latest', 'codestral-latest'],
  },
  {
    id: 'groq',
    name: 'Groq',
    nameZh: 'Groq',
    type: 'openai-compatible',
    baseUrl: 'https://api.groq.com/openai/v1',
    auth: 'bearer',
    docsUrl: 'https://console.groq.com/docs/openai',
    apiKeyUrl: 'https://console.groq.com/keys',
    topUpUrl: 'https://console.groq.com/settings/billing',
    keyPrefix: 'gsk_',
    quirks: [
      'Streams report usage in `x_groq.usage` on the last chunk (newer responses also in `usage`).',
      '`logprobs`, `logit_bias`, `top_logprobs` and `messages[].name` are refused with a 400; `n` must be 1.',
      'Refuses unknown message fields such as `reasoning_content`; temperature 0 becomes 1e-8.',
    ],
    defaultModels: ['llama-3.3-70b-versatile', 'llama-3.1-8b-instant', 'openai/gpt-oss-120b'],
  },
  {
    id: 'openrouter',
    name: 'OpenRouter',
    nameZh: 'OpenRouter',
    type: 'openai-compatible',
    baseUrl: 'https://openrouter.ai/api/v1',
    auth: 'bearer',
    docsUrl: 'https://openrouter.ai/docs',
    apiKeyUrl: 'https://openrouter.ai/settings/keys',
    topUpUrl: 'https://openrouter.ai/settings/credits',
    keyPrefix: 'sk-or-',
    headers: openRouterAttribution,
    quirks: [
      'Model ids carry the vendor, e.g. `anthropic/claude-sonnet-4.5`.',
      'Reasoning arrives in `reasoning` (not `reasoning_content`); usage may include `cost` in credits.',
      'A stream that fails upstream ends with `finish_reason: "error"`; keep-alive comments (`: OPENROUTER PROCESSING`) come before the first chunk.',
    ],
    defaultModels: ['openai/gpt-4o-mini', 'anthropic/claude-sonnet-4.5', 'google/gemini-2.5-flash', 'deepseek/deepseek-chat'],
  },
  {
    id: 'moonshot-cn',
    name: 'Moonshot AI (Kimi, China)',
    nameZh: '月之暗面 Kimi（国内）',
    type: 'openai-compatible',
    baseUrl: 'https://api.moonshot.cn/v1',
    auth: 'bearer',
    docsUrl: 'https://platform.moonshot.cn/docs',
    apiKeyUrl: 'https://platform.moonshot.cn/console/api-keys',
    topUpUrl: 'https://platform.moonshot.cn/console/pay',
    keyPrefix: 'sk-',
    quirks: moonshotQuirks,
    defaultModels: ['kimi-k2-turbo-preview', 'kimi-k2-0905-preview', 'moonshot-v1-32k'],
  },
  {
    id: 'moonshot-ai',
    name: 'Moonshot AI (Kimi, international)',
    nameZh: '月之暗面 Kimi（国际）',
    type: 'openai-compatible',
    baseUrl: 'https://api.moonshot.ai/v1',
    auth: 'bearer',
    docsUrl: 'https://platform.moonshot.ai/docs',
    apiKeyUrl: 'https://platform.moonshot.ai/console/api-keys',
    topUpUrl: 'https://platform.moonshot.ai/console/pay',
    keyPrefix: 'sk-',
    quirks: moonshotQuirks,
    defaultModels: ['kimi-k2-turbo-preview', 'kimi-k2-0905-preview', 'moonshot-v1-32k'],
  },
  {
    id: 'qwen-cn',
    name: 'Qwen (Alibaba DashScope, China)',
    nameZh: '通义千问（阿里云百炼，北京）',
    type: 'openai-compatible',
    baseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1',
    auth: 'bearer',
    docsUrl: 'https://help.aliyun.com/zh/model-studio/compatibility-of-openai-with-dashscope',
    apiKeyUrl: 'https://bailian.console.aliyun.com/?tab=model#/api-key',
    topUpUrl: 'https://billing-cost.console.aliyun.com/fortune/fund-management/recharge',
    keyPrefix: 'sk-',
    quirks: qwenQuirks,
    defaultModels: ['qwen-plus', 'qwen-max', 'qwen-turbo', 'text-embedding-v3'],
  },
  {
    id: 'qwen-intl',
    name: 'Qwen (Alibaba Cloud Model Studio, international)',
    nameZh: '通义千问（阿里云百炼，国际/新加坡）',
    type: 'openai-compatible',
    baseUrl: 'https://dashscope-intl.aliyuncs.com/compatible-mode/v1',
    auth: 'bearer',
    docsUrl: 'https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope',
    apiKeyUrl: 'https://modelstudio.console.alibabacloud.com/?tab=model#/api-key',
    topUpUrl: 'https://billing-cost.console.alibabacloud.com/',
    keyPrefix: 'sk-',
    quirks: qwenQuirks,
    defaultModels: ['qwen-plus', 'qwen-max', 'qwen-turbo'],
  },
  {
    id: 'zhipu',
    name: 'Zhipu GLM (BigModel)',
    nameZh: '智谱 GLM（开放平台）',
    type: 'openai-compatible',
    baseUrl: 'https://open.bigmodel.cn/api/paas/v4',
    auth: 'bearer',
    docsUrl: 'https://docs.bigmodel.cn/',
    apiKeyUrl: 'https://bigmodel.cn/usercenter/proj-mgmt/apikeys',
    topUpUrl: 'https://bigmodel.cn/finance-center/finance/pay',
    quirks: zhipuQuirks,
    defaultModels: ['glm-4.5', 'glm-4.5-air', 'glm-4-flash'],
  },
  {
    id: 'zai',
    name: 'Z.ai (GLM, international)',
    nameZh: 'Z.ai（智谱 GLM 国际版）',
    type: 'openai-compatible',
    baseUrl: 'https://api.z.ai/api/paas/v4',
    auth: 'bearer',
    docsUrl: 'https://docs.z.ai/',
    apiKeyUrl: 'https://z.ai/manage-apikey/apikey-list',
    topUpUrl: 'https://z.ai/manage-apikey/billing',
    quirks: zhipuQuirks,
    defaultModels: ['glm-4.5', 'glm-4.5-air'],
  },
  {
    id: 'siliconflow-cn',
    name: 'SiliconFlow (China)',
    nameZh: '硅基流动（国内）',
    type: 'openai-compatible',
    baseUrl: 'https://api.siliconflow.cn/v1',
    auth: 'bearer',
    docsUrl: 'https://docs.siliconflow.cn/',
    apiKeyUrl: 'https://cloud.siliconflow.cn/account/ak',
    topUpUrl: 'https://cloud.siliconflow.cn/expensebill',
    keyPrefix: 'sk-',
    quirks: siliconflowQuirks,
    defaultModels: ['deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen3-32B'],
  },
  {
    id: 'siliconflow-com',
    name: 'SiliconFlow (international)',
    nameZh: '硅基流动（国际）',
    type: 'openai-compatible',
    baseUrl: 'https://api.siliconflow.com/v1',
    auth: 'bearer',
    docsUrl: 'https://docs.siliconflow.com/en/api-reference/chat-completions/chat-completions',
    apiKeyUrl: 'https://cloud.siliconflow.com/account/ak',
    topUpUrl: 'https://cloud.siliconflow.com/expensebill',
    keyPrefix: 'sk-',
    quirks: siliconflowQuirks,
    defaultModels: ['deepseek-ai/DeepSeek-V3', 'deepseek-ai/DeepSeek-R1', 'Qwen/Qwen3-32B'],
  },
  {
    id: 'together',
    name: 'Together AI',
    nameZh: 'Together AI',
    type: 'openai-compatible',
    baseUrl: 'https://api.together.ai/v1',
    auth: 'bearer',
    docsUrl: 'https://docs.together.ai/docs/openai-api-compatibility',
    apiKeyUrl: 'https://api.together.ai/settings/api-keys',
    topUpUrl: 'https://api.together.ai/settings/billing',
    quirks: [
      'Model ids carry the publisher, e.g. `meta-llama/Llama-3.3-70B-Instruct-Turbo`; OpenAI model names answer 404.',
      'The older host api.together.xyz answers the same API.',
    ],
    defaultModels: ['meta-llama/Llama-3.3-70B-Instruct-Turbo', 'deepseek-ai/DeepSeek-V3', 'Qwen/Qwen2.5-72B-Instruct-Turbo'],
  },
  {
    id: 'fireworks',
    name: 'Fireworks AI',
    nameZh: 'Fireworks AI',
    type: 'openai-compatible',
    baseUrl: 'https://api.fireworks.ai/inference/v1',
    auth: 'bearer',
    docsUrl: 'https://docs.fireworks.ai/',
    apiKeyUrl: 'https://fireworks.ai/account/api-keys',
    topUpUrl: 'https://fireworks.ai/account/billing',
    keyPrefix: 'fw_',
    quirks: ['Model ids are paths, e.g. `accounts/fireworks/models/llama-v3p1-70b-instruct`.', 'The API lives under `/inference/v1`, not `/v1`.'],
    defaultModels: ['accounts/fireworks/models/llama-v3p3-70b-instruct', 'accounts/fireworks/models/deepseek-v3'],
  },
  {
    id: 'perplexity',
    name: 'Perplexity (Sonar)',
    nameZh: 'Perplexity（Sonar）',
    type: 'openai-compatible',
    baseUrl: 'https://api.perplexity.ai',
    auth: 'bearer',
    docsUrl: 'https://docs.perplexity.ai/guides/chat-completions-guide',
    apiKeyUrl: 'https://www.perplexity.ai/account/api/keys',
    topUpUrl: 'https://www.perplexity.ai/account/api/billing',
    keyPrefix: 'pplx-',
    quirks: [
      'No `/v1` in the base URL, and no model list endpoint: list the models in the config.',
      'After the system message(s), user and assistant messages must alternate, or the API answers 400.',
      'Answers carry `citations` and `search_results`; search adds a per-request fee on top of tokens.',
    ],
    defaultModels: ['sonar', 'sonar-pro', 'sonar-reasoning-pro'],
  },
  {
    id: 'ollama',
    name: 'Ollama (local)',
    nameZh: 'Ollama（本地）',
    type: 'openai-compatible',
    baseUrl: 'http://localhost:11434/v1',
    auth: 'none',
    docsUrl: 'https://docs.ollama.com/',
    placeholderKey: 'ollama',
    quirks: [
      'Needs no key; the key field is a placeholder.',
      'Models are whatever `ollama pull` fetched; the list comes from the local server.',
      'Some builds answer `finish_reason: "stop"` on a message with tool calls.',
    ],
    defaultModels: [],
  },
  {
    id: 'lm-studio',
    name: 'LM Studio (local)',
    nameZh: 'LM Studio（本地）',
    type: 'openai-compatible',
    baseUrl: 'http://localhost:1234/v1',
    auth: 'none',
    docsUrl: 'https://lmstudio.ai/docs',
    placeholderKey: 'lm-studio',
    quirks: ['Needs no key; the key field is a placeholder.', 'Start the local server in LM Studio first; the model list is what it has loaded or downloaded.'],
    defaultModels: [],
  },
  {
    id: 'anthropic',
    name: 'Anthropic (Claude)',
    nameZh: 'Anthropic（Claude）',
    type: 'anthropic',
    baseUrl: 'https://api.anthropic.com',
    auth: 'x-api-key',
    docsUrl: 'https://docs.anthropic.com/en/api/messages',
    apiKeyUrl: 'https://console.anthropic.com/settings/keys',
    topUpUrl: 'https://console.anthropic.com/settings/billing',
    keyPrefix: 'sk-ant-',
    quirks: [
      '`max_tokens` is required; Switchyard fills it from the model\'s output limit when a client leaves it out.',
      'Thinking blocks carry a signature that must come back unchanged on the next turn.',
      'Input tokens exclude cache reads and writes, which are reported (and priced) separately.',
    ],
    defaultModels: ['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5'],
  },
  {
    id: 'gemini',
    name: 'Google Gemini',
    nameZh: 'Google Gemini',
    type: 'gemini',
    baseUrl: 'https://generativelanguage.googleapis.com',
    auth: 'x-goog-api-key',
    docsUrl: 'https://ai.google.dev/api/generate-content',
    apiKeyUrl: 'https://aistudio.google.com/app/apikey',
    topUpUrl: 'https://console.cloud.google.com/billing',
    keyPrefix: 'AIza',
    quirks: [
      'Tool schemas accept only a subset of JSON Schema; unsupported keywords are refused.',
      'Function calls and thoughts carry a `thoughtSignature` that must come back on the next turn.',
      'Thinking tokens (`thoughtsTokenCount`) are reported outside `candidatesTokenCount` and billed as output.',
    ],
    defaultModels: ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-2.5-flash-lite'],
  },
  {
    id: 'azure-openai',
    name: 'Azure OpenAI',
    nameZh: 'Azure OpenAI',
    type: 'azure-openai',
    baseUrl: 'https://your-resource-name.openai.azure.com',
    auth: 'api-key',
    docsUrl: 'https://learn.microsoft.com/azure/ai-services/openai/reference',
    apiKeyUrl: 'https://portal.azure.com/#view/Microsoft_Azure_ProjectOxford/CognitiveServicesHub/~/OpenAI',
    topUpUrl: 'https://portal.azure.com/#view/Microsoft_Azure_CostManagement/Menu/~/overview',
    baseUrlPlaceholder: 'your-resource-name',
    apiVersion: '2024-10-21',
    quirks: [
      'Requests go to a deployment, not a model: map model names to deployment names in `deployments` (an unmapped model is used as the deployment name).',
      'Every request needs an `api-version`; versions before 2024-09-01-preview refuse `stream_options`, and o-series models need 2024-12-01-preview or later.',
      'Streams open with a `prompt_filter_results` chunk (empty `choices`, `id` and `model`); a prompt caught by the content filter is refused with a 400 `content_filter` error.',
    ],
    defaultModels: [],
  },
] as const satisfies readonly VendorPreset[];

export type VendorPresetId = (typeof presets)[number]['id'];

export const vendorPresets: readonly VendorPreset[] = presets;

const presetsById = new Map<string, VendorPreset>(presets.map((preset) => [preset.id, preset]));

export function findVendorPreset(id: string): VendorPreset | undefined {
  return presetsById.get(id);
}
