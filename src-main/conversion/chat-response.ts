import type { TokenUsage } from '../../src-shared/usage.js';
import type { AssistantContentPart } from './chat-request.js';

/** Why generation stopped, in the one vocabulary every format maps to and from. */
export type FinishReason = 'stop' | 'length' | 'tool-calls' | 'content-filter' | 'stop-sequence' | 'refusal' | 'error' | 'other';

export interface ChatResponse {
  id: string;
  /** The model the upstream says it used. */
  model: string;
  content: AssistantContentPart[];
  finishReason: FinishReason;
  /** The stop sequence that ended generation, where the vendor says which. */
  stopSequence?: string;
  usage: TokenUsage;
  /** The vendor's own usage object, kept for re-pricing. */
  rawUsage: unknown;
}
