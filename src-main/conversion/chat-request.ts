/**
 * The one internal chat request every inbound format decodes to and every provider encodes from.
 * It carries what the formats share; anything a target cannot express is refused with a clear 400
 * by that target's encoder (an `unsupported_feature` error), never silently dropped.
 */

/** Prompt-cache breakpoint (Anthropic `cache_control`); formats without one ignore it. */
export interface CacheControl {
  type: 'ephemeral';
  ttl?: string;
}

export interface TextPart {
  type: 'text';
  text: string;
  cacheControl?: CacheControl;
}

export type ImageSource = { kind: 'base64'; mediaType: string; data: string } | { kind: 'url'; url: string };

export interface ImagePart {
  type: 'image';
  source: ImageSource;
  /** OpenAI's `detail`; others ignore it. */
  detail?: 'auto' | 'low' | 'high';
  cacheControl?: CacheControl;
}

/**
 * Model reasoning. `signature` (Anthropic thinking, Gemini thoughtSignature) must come back on the
 * next turn unchanged or the vendor refuses the conversation, so it is kept wherever it goes. It is
 * tagged with the family that issued it (reasoning-signature.ts), so encoders send it only to that family.
 * `redactedData` is Anthropic's `redacted_thinking`, opaque and passed back as is.
 */
export interface ReasoningPart {
  type: 'reasoning';
  text: string;
  signature?: string;
  redactedData?: string;
}

export interface ToolCallPart {
  type: 'tool-call';
  id: string;
  name: string;
  /** The arguments as JSON text, exactly as the model produced them. */
  arguments: string;
  /** Gemini's thoughtSignature on a functionCall part (tagged, see reasoning-signature.ts), kept for the next turn. */
  signature?: string;
  cacheControl?: CacheControl;
}

export interface ToolResultPart {
  type: 'tool-result';
  toolCallId: string;
  /** The tool's name where the format knows it (Gemini needs it; OpenAI and Anthropic do not send it). */
  toolName?: string;
  content: Array<TextPart | ImagePart>;
  isError?: boolean;
  cacheControl?: CacheControl;
}

export type UserContentPart = TextPart | ImagePart | ToolResultPart;
export type AssistantContentPart = TextPart | ReasoningPart | ToolCallPart;

/**
 * Tool results travel inside user messages (Anthropic's model); the OpenAI encoder splits them into
 * `role: tool` messages and the Gemini one into `functionResponse` parts.
 */
export type ChatMessage = { role: 'user'; content: UserContentPart[] } | { role: 'assistant'; content: AssistantContentPart[] };

export interface ToolDefinition {
  name: string;
  description?: string;
  /** JSON Schema of the arguments object. */
  parameters: Record<string, unknown>;
  cacheControl?: CacheControl;
}

export type ToolChoice = { type: 'auto' } | { type: 'none' } | { type: 'required' } | { type: 'tool'; name: string };

export type ResponseFormat = { type: 'text' } | { type: 'json-object' } | { type: 'json-schema'; name: string; schema: Record<string, unknown>; strict?: boolean };

export interface ReasoningRequest {
  /** OpenAI-style effort; mapped to a budget where the target wants one. */
  effort?: 'minimal' | 'low' | 'medium' | 'high';
  /** Anthropic/Gemini-style token budget; mapped to an effort where the target wants one. */
  budgetTokens?: number;
}

export interface ChatRequest {
  /** The model as the client named it (before aliases); the encoder receives the upstream model. */
  model: string;
  system: TextPart[];
  messages: ChatMessage[];
  tools: ToolDefinition[];
  toolChoice?: ToolChoice;
  parallelToolCalls?: boolean;
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseFormat?: ResponseFormat;
  /** Absent: the model's default. `null`: the client turned reasoning off explicitly. */
  reasoning?: ReasoningRequest | null;
  stream: boolean;
  /** A caller-chosen end-user id (OpenAI `user`, Anthropic `metadata.user_id`). */
  user?: string;
}
