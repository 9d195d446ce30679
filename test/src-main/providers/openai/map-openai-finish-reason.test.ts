import { describe, expect, it } from 'vitest';
import { mapOpenAIFinishReason } from '../../../../src-main/providers/openai/map-openai-finish-reason.js';

describe('mapOpenAIFinishReason', () => {
  it("maps OpenAI's finish reasons", () => {
    expect(mapOpenAIFinishReason('stop', false)).toBe('stop');
    expect(mapOpenAIFinishReason('length', false)).toBe('length');
    expect(mapOpenAIFinishReason('tool_calls', true)).toBe('tool-calls');
    expect(mapOpenAIFinishReason('function_call', true)).toBe('tool-calls');
    expect(mapOpenAIFinishReason('content_filter', false)).toBe('content-filter');
    expect(mapOpenAIFinishReason('error', false)).toBe('error');
    expect(mapOpenAIFinishReason('something_new', false)).toBe('other');
  });

  it('reads a stop, or no reason at all, beside tool calls as tool calls', () => {
    expect(mapOpenAIFinishReason('stop', true)).toBe('tool-calls');
    expect(mapOpenAIFinishReason(null, true)).toBe('tool-calls');
    expect(mapOpenAIFinishReason(undefined, false)).toBe('stop');
  });
});
