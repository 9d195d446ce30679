import { describe, expect, it } from 'vitest';
import { anthropicStopReasons, mapAnthropicStopReason } from '../../../../src-main/providers/anthropic/map-anthropic-stop-reason.js';

describe('mapAnthropicStopReason', () => {
  it('maps every documented stop reason', () => {
    expect(Object.fromEntries(anthropicStopReasons.map((reason) => [reason, mapAnthropicStopReason(reason)]))).toEqual({
      end_turn: 'stop',
      max_tokens: 'length',
      stop_sequence: 'stop-sequence',
      tool_use: 'tool-calls',
      pause_turn: 'other',
      refusal: 'refusal',
      model_context_window_exceeded: 'length',
    });
  });

  it('calls an unknown or missing reason `other`', () => {
    expect(mapAnthropicStopReason('something_new')).toBe('other');
    expect(mapAnthropicStopReason(null)).toBe('other');
    expect(mapAnthropicStopReason(undefined)).toBe('other');
  });
});
