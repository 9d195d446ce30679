import { describe, expect, it } from 'vitest';
import { mapGeminiFinishReason } from '../../../../src-main/providers/gemini/map-gemini-finish-reason.js';

describe('mapGeminiFinishReason', () => {
  it('reports STOP as tool-calls when the answer called functions, stop otherwise', () => {
    expect(mapGeminiFinishReason('STOP', false)).toBe('stop');
    expect(mapGeminiFinishReason('STOP', true)).toBe('tool-calls');
  });

  it('maps length, safety and malformed calls whatever the calls', () => {
    for (const hasToolCalls of [false, true]) {
      expect(mapGeminiFinishReason('MAX_TOKENS', hasToolCalls)).toBe('length');
      for (const reason of ['SAFETY', 'RECITATION', 'BLOCKLIST', 'PROHIBITED_CONTENT', 'SPII', 'IMAGE_SAFETY']) {
        expect(mapGeminiFinishReason(reason, hasToolCalls)).toBe('content-filter');
      }
      expect(mapGeminiFinishReason('MALFORMED_FUNCTION_CALL', hasToolCalls)).toBe('error');
      expect(mapGeminiFinishReason('UNEXPECTED_TOOL_CALL', hasToolCalls)).toBe('error');
    }
  });

  it('maps OTHER, unspecified, missing and unknown reasons to other', () => {
    for (const reason of ['OTHER', 'LANGUAGE', 'FINISH_REASON_UNSPECIFIED', 'SOMETHING_NEW', null, undefined]) {
      expect(mapGeminiFinishReason(reason, false)).toBe('other');
    }
  });
});
