import type { TokenUsage } from '../../src-shared/usage.js';
import type { FinishReason } from './chat-response.js';

/**
 * The one internal stream: every provider's stream parser emits these, every inbound encoder consumes
 * them. Order: `start` first; content parts in the order the model produced them; `usage` (may come
 * more than once: the last wins, fields merged); `finish` last. `error` may come anywhere and ends
 * the stream.
 *
 * Content blocks are numbered by `index` in the order they started, across kinds, so an encoder that
 * needs blocks (Anthropic) can open and close them, and one that interleaves (OpenAI) can map tool
 * calls to its own tool-call index.
 */
export type StreamPart =
  | { type: 'start'; id: string; model: string }
  | { type: 'text-start'; index: number }
  | { type: 'text-delta'; index: number; text: string }
  | { type: 'text-end'; index: number }
  | { type: 'reasoning-start'; index: number; redactedData?: string }
  | { type: 'reasoning-delta'; index: number; text: string }
  /** A reasoning block's signature, tagged by family (reasoning-signature.ts); arrives before its `reasoning-end`. */
  | { type: 'reasoning-signature'; index: number; signature: string }
  | { type: 'reasoning-end'; index: number }
  | { type: 'tool-call-start'; index: number; id: string; name: string; signature?: string }
  | { type: 'tool-call-delta'; index: number; argumentsDelta: string }
  | { type: 'tool-call-end'; index: number }
  | { type: 'usage'; usage: Partial<TokenUsage>; raw: unknown }
  | { type: 'finish'; reason: FinishReason; stopSequence?: string }
  | { type: 'error'; error: UpstreamError };

/** An upstream error in the internal vocabulary, re-encoded in the client's format. */
export interface UpstreamError {
  /** The HTTP status the client should see. */
  status: number;
  /** OpenAI-style type: invalid_request_error, authentication_error, rate_limit_error, api_error, overloaded_error... */
  type: string;
  message: string;
  code?: string;
}
