import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGeminiStreamTap, geminiUsageReading } from '../../../../src-main/providers/gemini/gemini-stream-tap.js';
import { runTap } from '../../../support/recorded-fixtures.js';
import { frame, loadPayloads, recordedStreams, recordedSuite } from './recorded-gemini.js';

function pipe(stream: Buffer, cuts: readonly number[]) {
  const tap = createGeminiStreamTap();
  const bytes = runTap(tap, stream, cuts);
  return { bytes, reading: tap.reading() };
}

describe(recordedSuite('the Gemini stream tap on the recorded streams'), () => {
  it('passes every byte through untouched and reads the last cumulative usage, however the bytes are cut', () => {
    for (const name of recordedStreams) {
      const payloads = loadPayloads(name);
      const stream = frame(payloads);
      const last = JSON.parse(payloads.at(-1)!) as { usageMetadata: Record<string, number>; modelVersion: string };
      fc.assert(
        fc.property(fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 30 }), (cuts) => {
          const { bytes, reading } = pipe(stream, [...cuts].sort((a, b) => a - b));
          expect(bytes.equals(stream)).toBe(true);
          expect(reading).toEqual({
            usage: {
              inputTokens: last.usageMetadata['promptTokenCount'],
              outputTokens: last.usageMetadata['candidatesTokenCount']! + last.usageMetadata['thoughtsTokenCount']!,
              cachedInputTokens: 0,
              cacheWriteTokens: 0,
              reasoningTokens: last.usageMetadata['thoughtsTokenCount'],
            },
            raw: last.usageMetadata,
            model: last.modelVersion,
          });
        }),
        { numRuns: 40 },
      );
    }
  });
});

describe('createGeminiStreamTap', () => {
  it('reads usage from a last event that lacks its blank line, and nothing from a stream without usage', () => {
    const unterminated = Buffer.from('data: {"candidates":[],"usageMetadata":{"promptTokenCount":4,"candidatesTokenCount":1}}');
    expect(pipe(unterminated, []).reading).toMatchObject({ usage: { inputTokens: 4, outputTokens: 1 } });
    expect(pipe(Buffer.from('data: {"candidates":[]}\r\n\r\n'), []).reading).toBeNull();
  });

  it('reads the usage of a whole answer', () => {
    expect(geminiUsageReading({ usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 3 }, modelVersion: 'gemini-2.5-flash' })).toEqual({
      usage: { inputTokens: 2, outputTokens: 3, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      raw: { promptTokenCount: 2, candidatesTokenCount: 3 },
      model: 'gemini-2.5-flash',
    });
    expect(geminiUsageReading({ candidates: [] })).toBeNull();
    expect(geminiUsageReading('nope')).toBeNull();
  });
});
