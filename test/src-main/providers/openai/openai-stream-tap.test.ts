import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TokenUsage } from '../../../../src-shared/usage.js';
import { createOpenAIStreamTap } from '../../../../src-main/providers/openai/openai-stream-tap.js';
import { frameOpenAI as frame, readRecordedPayloads, runTap } from '../../../support/recorded-fixtures.js';

/** Sorted distinct cut points inside a stream of `length` bytes. */
const cutsInside = (length: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: 60 }).map((cuts) => [...cuts].sort((a, b) => a - b));

interface Recording {
  file: string;
  model: string;
  usage: TokenUsage;
  /** How many `choices: []` usage-only chunks the stream carries (what an injected request adds). */
  usageOnlyChunks: number;
}

const recordings: Recording[] = [
  {
    // Usage comes in a final chunk of its own, after the finish reason.
    file: 'openai-text.chunks.txt',
    model: 'gpt-4.1-nano-2025-04-14',
    usage: { inputTokens: 16, outputTokens: 300, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageOnlyChunks: 1,
  },
  {
    // Usage rides on the chunk with the finish reason; every earlier chunk says `"usage":null`.
    file: 'deepseek-tool-call.chunks.txt',
    model: 'deepseek-reasoner',
    usage: { inputTokens: 339, outputTokens: 83, cachedInputTokens: 320, cacheWriteTokens: 0, reasoningTokens: 39 },
    usageOnlyChunks: 0,
  },
  {
    // xAI counts its 227 reasoning tokens outside completion_tokens (total 560 = 307 + 26 + 227).
    file: 'xai-tool-call.chunks.txt',
    model: 'grok-3-mini',
    usage: { inputTokens: 307, outputTokens: 253, cachedInputTokens: 306, cacheWriteTokens: 0, reasoningTokens: 227 },
    usageOnlyChunks: 1,
  },
  {
    // Groq repeats usage under x_groq and at the top level of the finish chunk.
    file: 'groq-tool-call.chunks.txt',
    model: 'llama-3.3-70b-versatile',
    usage: { inputTokens: 210, outputTokens: 15, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    usageOnlyChunks: 0,
  },
];

const loadPayloads = (file: string) => readRecordedPayloads(`openai/${file}`);

const isUsageOnly = (payload: string) => {
  const parsed = JSON.parse(payload) as { choices?: unknown[]; usage?: unknown };
  return Array.isArray(parsed.choices) && parsed.choices.length === 0 && parsed.usage != null;
};

describe(
  'createOpenAIStreamTap replaying recorded streams from test/fixtures/recorded/openai',
  () => {
    describe.each(recordings)('$file', (recording) => {
      const payloads = loadPayloads(recording.file);
      const stream = frame(payloads);
      const lastUsage = [...payloads]
        .reverse()
        .map((payload) => (JSON.parse(payload) as { usage?: unknown }).usage)
        .find((usage) => usage != null);

      it('passes every byte through untouched and reads the last usage, wherever the chunks split', () => {
        fc.assert(
          fc.property(cutsInside(stream.length), (cuts) => {
            const tap = createOpenAIStreamTap({ dropInjectedUsage: false });
            expect(runTap(tap, stream, cuts).equals(stream)).toBe(true);
            expect(tap.reading()).toEqual({ usage: recording.usage, raw: lastUsage, model: recording.model });
          }),
        );
      });

      it('hands back the very chunk it was given when nothing is dropped', () => {
        const tap = createOpenAIStreamTap({ dropInjectedUsage: false });
        const chunks = [stream.subarray(0, 1000), stream.subarray(1000)];
        for (const chunk of chunks) expect(tap.transform(chunk)).toBe(chunk);
        expect(tap.flush().length).toBe(0);
      });

      it('removes only the usage-only chunk when Switchyard asked for usage, wherever the chunks split', () => {
        const kept = payloads.filter((payload) => !isUsageOnly(payload));
        expect(payloads.length - kept.length).toBe(recording.usageOnlyChunks);
        const expected = frame(kept);
        fc.assert(
          fc.property(cutsInside(stream.length), (cuts) => {
            const tap = createOpenAIStreamTap({ dropInjectedUsage: true });
            expect(runTap(tap, stream, cuts).equals(expected)).toBe(true);
            expect(tap.reading()).toEqual({ usage: recording.usage, raw: lastUsage, model: recording.model });
          }),
        );
      });

      it('gets the same result fed one byte at a time', () => {
        const everyByte = Array.from({ length: stream.length - 1 }, (_, index) => index + 1);
        const tap = createOpenAIStreamTap({ dropInjectedUsage: true });
        expect(runTap(tap, stream, everyByte).equals(frame(payloads.filter((payload) => !isUsageOnly(payload))))).toBe(true);
        expect(tap.reading()?.usage).toEqual(recording.usage);
      });
    });
  },
);

describe('createOpenAIStreamTap', () => {
  const usageOnly = '{"model":"m-1","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":7}}';

  it('reads nothing from a stream without usage', () => {
    const tap = createOpenAIStreamTap({ dropInjectedUsage: false });
    runTap(tap, frame(['{"choices":[{"delta":{"content":"hi"}}],"usage":null}']), [10]);
    expect(tap.reading()).toBeNull();
  });

  it('keeps the usage-only chunk when the client asked for usage itself', () => {
    const stream = frame(['{"choices":[{"delta":{"content":"hi"}}]}', usageOnly]);
    const tap = createOpenAIStreamTap({ dropInjectedUsage: false });
    expect(runTap(tap, stream, []).equals(stream)).toBe(true);
    expect(tap.reading()).toEqual({
      usage: { inputTokens: 5, outputTokens: 7, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
      raw: { prompt_tokens: 5, completion_tokens: 7 },
      model: 'm-1',
    });
  });

  it('keeps a usage chunk that still carries choices even when dropping', () => {
    const stream = frame(['{"choices":[{"delta":{},"finish_reason":"stop"}],"usage":{"prompt_tokens":1,"completion_tokens":2}}']);
    const tap = createOpenAIStreamTap({ dropInjectedUsage: true });
    expect(runTap(tap, stream, [7]).equals(stream)).toBe(true);
    expect(tap.reading()?.usage.outputTokens).toBe(2);
  });

  it('lets comments, non-JSON data and [DONE] through while dropping', () => {
    const stream = Buffer.from(`: keep-alive\n\ndata: not json "usage"\n\ndata: ${usageOnly}\n\ndata: [DONE]\n\n`);
    const tap = createOpenAIStreamTap({ dropInjectedUsage: true });
    expect(runTap(tap, stream, []).toString()).toBe(': keep-alive\n\ndata: not json "usage"\n\ndata: [DONE]\n\n');
    expect(tap.reading()?.usage.inputTokens).toBe(5);
  });

  it('holds back an unfinished event while dropping and lets flush() hand it over', () => {
    const tap = createOpenAIStreamTap({ dropInjectedUsage: true });
    expect(tap.transform(Buffer.from('data: {"choices":[]}\n\ndata: {"cut')).toString()).toBe('data: {"choices":[]}\n\n');
    expect(tap.flush().toString()).toBe('data: {"cut');
  });

  it('sends nothing more at flush() when passing through, since every byte already went', () => {
    const tap = createOpenAIStreamTap({ dropInjectedUsage: false });
    expect(tap.transform(Buffer.from('data: {"cut')).toString()).toBe('data: {"cut');
    expect(tap.flush().length).toBe(0);
  });
});
