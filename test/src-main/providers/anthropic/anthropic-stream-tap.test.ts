import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnthropicStreamTap } from '../../../../src-main/providers/anthropic/anthropic-stream-tap.js';
import type { TokenUsage } from '../../../../src-shared/usage.js';
import { runTap } from '../../../support/recorded-fixtures.js';
import { frame, loadPayloads, recordedSuite, type RecordedStream } from './recorded-anthropic.js';

const usage = (inputTokens: number, outputTokens: number, extra: Partial<TokenUsage> = {}): TokenUsage => ({
  inputTokens,
  outputTokens,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  ...extra,
});

const recordings: Array<{ name: RecordedStream; model: string; usage: TokenUsage }> = [
  { name: 'anthropic-text', model: 'claude-sonnet-4-5-20250929', usage: usage(12, 30) },
  { name: 'anthropic-tool-no-args', model: 'claude-sonnet-4-5-20250929', usage: usage(565, 48) },
  { name: 'anthropic-json-tool.2', model: 'claude-haiku-4-5-20251001', usage: usage(849, 47) },
  { name: 'anthropic-clear-thinking.1', model: 'claude-sonnet-4-5-20250929', usage: usage(69, 53) },
  { name: 'anthropic-combined-context-editing.1', model: 'claude-sonnet-4-5-20250929', usage: usage(50, 485) },
  // message_start says 43 input tokens; message_delta's 61 is the final figure.
  { name: 'anthropic-message-delta-input-tokens', model: 'claude-opus-4-5-20251101', usage: usage(61, 2) },
  {
    name: 'anthropic-code-execution-20260120-prompt-cache.1',
    model: 'claude-sonnet-5',
    usage: usage(9632, 198, { cachedInputTokens: 6289, cacheWriteTokens: 3337 }),
  },
  { name: 'anthropic-web-search-tool.1', model: 'claude-sonnet-4-20250514', usage: usage(15665, 795) },
];

describe(recordedSuite('the Anthropic stream tap on the recorded streams'), () => {
  for (const recording of recordings) {
    it(`${recording.name}: leaves every byte as it was, however split, and reads the final usage`, () => {
      const stream = frame(loadPayloads(recording.name));
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }).map((cuts) => [...cuts].sort((a, b) => a - b)),
          (cuts) => {
            const tap = createAnthropicStreamTap({ dropInjectedUsage: false });
            expect(runTap(tap, stream, cuts).equals(stream)).toBe(true);
            const reading = tap.reading();
            expect(reading?.usage).toEqual(recording.usage);
            expect(reading?.model).toBe(recording.model);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  it('keeps the raw usage merged from message_start and message_delta, for re-pricing', () => {
    const tap = createAnthropicStreamTap({ dropInjectedUsage: false });
    runTap(tap, frame(loadPayloads('anthropic-clear-thinking.1')), []);
    expect(tap.reading()?.raw).toEqual({
      input_tokens: 69,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation: { ephemeral_5m_input_tokens: 0, ephemeral_1h_input_tokens: 0 },
      output_tokens: 53,
      service_tier: 'standard',
      inference_geo: 'not_available',
    });
  });
});

describe('the Anthropic stream tap', () => {
  it('hands back the very chunk it was given', () => {
    const tap = createAnthropicStreamTap({ dropInjectedUsage: false });
    const chunk = Buffer.from('event: ping\ndata: {"type":"ping"}\n\n');
    expect(tap.transform(chunk)).toBe(chunk);
  });

  it('reads nothing from a stream without usage, and never holds bytes back', () => {
    const tap = createAnthropicStreamTap({ dropInjectedUsage: false });
    const stream = Buffer.from('event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n');
    expect(runTap(tap, stream, [10, 30])).toEqual(stream);
    expect(tap.reading()).toBeNull();
  });

  it('reads a last event that arrived without its blank line', () => {
    const tap = createAnthropicStreamTap({ dropInjectedUsage: false });
    const stream = Buffer.from(
      'event: message_start\ndata: {"type":"message_start","message":{"model":"m","usage":{"input_tokens":3,"output_tokens":1}}}\n\n' +
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":7}}',
    );
    expect(runTap(tap, stream, [])).toEqual(stream);
    expect(tap.reading()).toEqual({ usage: usage(3, 7), raw: { input_tokens: 3, output_tokens: 7 }, model: 'm' });
  });
});
