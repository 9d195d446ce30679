import type { FinishReason } from '../../conversion/chat-response.js';

/**
 * Gemini's `finishReason` in the internal vocabulary. Gemini says STOP whether the model finished its
 * text or called functions, so a STOP after a functionCall part is reported as `tool-calls`; it never
 * says which stop sequence fired, so there is no `stop-sequence` here.
 */
export function mapGeminiFinishReason(finishReason: string | null | undefined, hasToolCalls: boolean): FinishReason {
  switch (finishReason) {
    case 'STOP':
      return hasToolCalls ? 'tool-calls' : 'stop';
    case 'MAX_TOKENS':
      return 'length';
    case 'SAFETY':
    case 'RECITATION':
    case 'BLOCKLIST':
    case 'PROHIBITED_CONTENT':
    case 'SPII':
    case 'IMAGE_SAFETY':
    case 'IMAGE_PROHIBITED_CONTENT':
      return 'content-filter';
    // The model produced a call Gemini could not parse or did not allow: the turn has no usable answer.
    case 'MALFORMED_FUNCTION_CALL':
    case 'UNEXPECTED_TOOL_CALL':
    case 'TOO_MANY_TOOL_CALLS':
      return 'error';
    default:
      // OTHER, LANGUAGE, FINISH_REASON_UNSPECIFIED and whatever Google adds next.
      return 'other';
  }
}
