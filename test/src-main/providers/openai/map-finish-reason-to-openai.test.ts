import { describe, expect, it } from 'vitest';
import type { FinishReason } from '../../../../src-main/conversion/chat-response.js';
import { mapFinishReasonToOpenAI } from '../../../../src-main/providers/openai/map-finish-reason-to-openai.js';

describe('mapFinishReasonToOpenAI', () => {
  it("maps every internal reason into OpenAI's four values", () => {
    const expected: Record<FinishReason, string> = {
      stop: 'stop',
      'stop-sequence': 'stop',
      length: 'length',
      'tool-calls': 'tool_calls',
      'content-filter': 'content_filter',
      refusal: 'content_filter',
      error: 'stop',
      other: 'stop',
    };
    for (const [reason, openai] of Object.entries(expected)) expect(mapFinishReasonToOpenAI(reason as FinishReason)).toBe(openai);
  });
});
