import { z } from 'zod';

/**
 * The parts of Anthropic's Messages API wire format Switchyard writes and reads
 * (platform.claude.com/docs/en/api/messages). Requests are typed exactly, since Switchyard builds
 * them; answers are read leniently, since Anthropic adds block types, usage fields and events over
 * time and compatible vendors (DeepSeek, Moonshot, Zhipu, MiniMax serve this API too) leave some out.
 */

/** The API version every request names; the only one Anthropic has published. */
export const anthropicVersion = '2023-06-01';

// ---------------------------------------------------------------------------------------------------
// Requests

export interface AnthropicCacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export interface AnthropicTextBlock {
  type: 'text';
  text: string;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicImageSource = { type: 'base64'; media_type: string; data: string } | { type: 'url'; url: string };

export interface AnthropicImageBlock {
  type: 'image';
  source: AnthropicImageSource;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolUseBlock {
  type: 'tool_use';
  id: string;
  name: string;
  input: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicToolResultBlock {
  type: 'tool_result';
  tool_use_id: string;
  content?: Array<AnthropicTextBlock | AnthropicImageBlock>;
  is_error?: boolean;
  cache_control?: AnthropicCacheControl;
}

export interface AnthropicThinkingBlock {
  type: 'thinking';
  thinking: string;
  signature: string;
}

export interface AnthropicRedactedThinkingBlock {
  type: 'redacted_thinking';
  data: string;
}

export type AnthropicUserBlock = AnthropicTextBlock | AnthropicImageBlock | AnthropicToolResultBlock;
export type AnthropicAssistantBlock = AnthropicTextBlock | AnthropicThinkingBlock | AnthropicRedactedThinkingBlock | AnthropicToolUseBlock;

export type AnthropicMessageParam = { role: 'user'; content: AnthropicUserBlock[] } | { role: 'assistant'; content: AnthropicAssistantBlock[] };

export interface AnthropicTool {
  name: string;
  description?: string;
  input_schema: Record<string, unknown>;
  cache_control?: AnthropicCacheControl;
}

export type AnthropicToolChoice =
  | { type: 'auto'; disable_parallel_tool_use?: boolean }
  | { type: 'any'; disable_parallel_tool_use?: boolean }
  | { type: 'tool'; name: string; disable_parallel_tool_use?: boolean }
  | { type: 'none' };

// A type, not an interface, so it is assignable to the `Record<string, unknown>` body the adapter returns.
export type AnthropicMessagesRequest = {
  model: string;
  max_tokens: number;
  system?: AnthropicTextBlock[];
  messages: AnthropicMessageParam[];
  tools?: AnthropicTool[];
  tool_choice?: AnthropicToolChoice;
  thinking?: { type: 'enabled'; budget_tokens: number };
  temperature?: number;
  top_p?: number;
  top_k?: number;
  stop_sequences?: string[];
  metadata?: { user_id: string };
  output_config?: { format: { type: 'json_schema'; schema: Record<string, unknown> } };
  stream: boolean;
};

// ---------------------------------------------------------------------------------------------------
// Answers

export const anthropicUsageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  // The cache writes by lifetime: the 1-hour cache is billed at 2x the input price, the 5-minute at 1.25x.
  cache_creation: z.looseObject({ ephemeral_5m_input_tokens: z.number().nullish(), ephemeral_1h_input_tokens: z.number().nullish() }).nullish(),
  // Newer answers say how many output tokens were thinking; older ones do not.
  output_tokens_details: z.looseObject({ thinking_tokens: z.number().nullish() }).nullish(),
});

export type AnthropicUsage = z.infer<typeof anthropicUsageSchema>;

/**
 * One content block of an answer. Read as one loose shape rather than a union: server-tool blocks
 * (`server_tool_use`, `web_search_tool_result`, code-execution results…) keep arriving in new kinds,
 * and an unknown kind must be skipped, not fail the whole answer.
 */
export const anthropicContentBlockSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
  data: z.string().nullish(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  input: z.unknown().optional(),
});

export type AnthropicContentBlock = z.infer<typeof anthropicContentBlockSchema>;

export const anthropicMessageSchema = z.looseObject({
  id: z.string().nullish(),
  model: z.string().nullish(),
  content: z.array(anthropicContentBlockSchema).nullish(),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});

export type AnthropicMessage = z.infer<typeof anthropicMessageSchema>;

export const anthropicErrorBodySchema = z.looseObject({
  type: z.literal('error').nullish(),
  error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }),
});

const contentDeltaSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  partial_json: z.string().nullish(),
  thinking: z.string().nullish(),
  signature: z.string().nullish(),
});

/** The stream events (platform.claude.com/docs/en/build-with-claude/streaming), each read leniently. */
export const anthropicStreamEventSchema = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('message_start'), message: anthropicMessageSchema }),
  z.looseObject({ type: z.literal('content_block_start'), index: z.number(), content_block: anthropicContentBlockSchema }),
  z.looseObject({ type: z.literal('content_block_delta'), index: z.number(), delta: contentDeltaSchema }),
  z.looseObject({ type: z.literal('content_block_stop'), index: z.number() }),
  z.looseObject({
    type: z.literal('message_delta'),
    delta: z.looseObject({ stop_reason: z.string().nullish(), stop_sequence: z.string().nullish() }).nullish(),
    usage: anthropicUsageSchema.nullish(),
  }),
  z.looseObject({ type: z.literal('message_stop') }),
  z.looseObject({ type: z.literal('ping') }),
  z.looseObject({ type: z.literal('error'), error: z.looseObject({ type: z.string().nullish(), message: z.string().nullish() }) }),
]);

export type AnthropicStreamEvent = z.infer<typeof anthropicStreamEventSchema>;

export const anthropicStreamEventTypes: ReadonlySet<string> = new Set([
  'message_start',
  'content_block_start',
  'content_block_delta',
  'content_block_stop',
  'message_delta',
  'message_stop',
  'ping',
  'error',
]);

/** `GET /v1/models`: `{data: [{type: "model", id, display_name, created_at}], has_more, first_id, last_id}`. */
export const anthropicModelListSchema = z.looseObject({
  data: z.array(z.looseObject({ id: z.string() })),
});

/** What the same-format path reads from an answer body: its model and usage. */
export const anthropicUsageCarrierSchema = z.looseObject({
  model: z.string().nullish(),
  usage: anthropicUsageSchema.nullish(),
});
