import { describe, expect, it } from 'vitest';
import type { FinishReason } from '../../../../src-main/conversion/chat-response.js';
import { mapFinishReasonToAnthropic } from '../../../../src-main/providers/anthropic/map-finish-reason-to-anthropic.js';

describe('mapFinishReasonToAnthropic', () => {
  it.each<[FinishReason, boolean, string]>([
    ['stop', false, 'end_turn'],
    ['stop', true, 'tool_use'],
    ['tool-calls', true, 'tool_use'],
    // A vendor that says tool_calls without sending one: there is nothing for the client to run.
    ['tool-calls', false, 'end_turn'],
    ['length', true, 'max_tokens'],
    ['length', false, 'max_tokens'],
    ['stop-sequence', false, 'stop_sequence'],
    ['content-filter', false, 'refusal'],
    ['refusal', false, 'refusal'],
    ['error', false, 'end_turn'],
    ['other', false, 'end_turn'],
    ['other', true, 'tool_use'],
  ])('%s (tool calls: %s) → %s', (reason, hasToolCalls, expected) => {
    expect(mapFinishReasonToAnthropic(reason, hasToolCalls)).toBe(expected);
  });
});
