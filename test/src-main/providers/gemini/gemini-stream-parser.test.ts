import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertToGeminiRequest } from '../../../../src-main/providers/gemini/convert-to-gemini-request.js';
import { createToolCallIdSource, decodeGeminiModelParts, type GeminiModelPartLike } from '../../../../src-main/providers/gemini/decode-gemini-contents.js';
import { createGeminiStreamParser } from '../../../../src-main/providers/gemini/gemini-stream-parser.js';
import { assemble, frame, loadPayloads, recordedStreams, recordedSuite, runParser } from './recorded-gemini.js';

/** Sorted distinct byte offsets inside a stream of `length` bytes. */
const cutsFor = (length: number) => fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, length - 1) }), { maxLength: 40 }).map((cuts) => [...cuts].sort((a, b) => a - b));

interface Chunk {
  candidates: Array<{ content: { parts: GeminiModelPartLike[] } }>;
}

describe(recordedSuite('replaying the recorded Gemini streams'), () => {
  it('gives the same parts however the bytes are cut', () => {
    for (const name of recordedStreams) {
      const stream = frame(loadPayloads(name));
      const whole = runParser(createGeminiStreamParser(), stream);
      fc.assert(
        fc.property(cutsFor(stream.length), (cuts) => {
          expect(runParser(createGeminiStreamParser(), stream, cuts)).toEqual(whole);
        }),
        { numRuns: 60 },
      );
    }
  });

  it('reads google-text: the text, the trailing signature kept as a reasoning block, usage with thinking', () => {
    const payloads = loadPayloads('google-text');
    const signature = (JSON.parse(payloads[2]!) as Chunk).candidates[0]!.content.parts[0]!.thoughtSignature;
    const result = assemble(runParser(createGeminiStreamParser(), frame(payloads)));
    expect(result.start).toEqual({ id: 'bH6LaZW8Fp_3nsEPqtaSwQ4', model: 'gemini-3-pro-preview' });
    expect(result.content).toEqual([
      { type: 'text', text: 'There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y' },
      // Tagged as Gemini's, so it is never sent to another family.
      { type: 'reasoning', text: '', signature: `gemini:${signature}` },
    ]);
    expect(result.finish).toBe('stop');
    expect(result.usage).toEqual({ inputTokens: 9, outputTokens: 23 + 185, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 185 });
    expect(result.rawUsage).toMatchObject({ promptTokenCount: 9, candidatesTokenCount: 23, thoughtsTokenCount: 185 });
    expect(result.errors).toEqual([]);
  });

  it('reads google-reasoning: the last usage wins', () => {
    const result = assemble(runParser(createGeminiStreamParser(), frame(loadPayloads('google-reasoning'))));
    expect(result.content.map((part) => part.type)).toEqual(['text', 'reasoning']);
    expect(result.usage).toEqual({ inputTokens: 9, outputTokens: 29 + 256, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 256 });
  });

  it('reads the tool-call streams: one whole call with its signature, then tool-calls', () => {
    for (const [name, thoughts] of [
      ['google-tool-call', 45],
      ['google-tool-call-gemini3', 804],
    ] as const) {
      const payloads = loadPayloads(name);
      const first = JSON.parse(payloads[0]!) as Chunk & { responseId: string };
      const result = assemble(runParser(createGeminiStreamParser(), frame(payloads)));
      expect(result.content).toEqual([
        {
          type: 'tool-call',
          id: `call_${first.responseId}_0`,
          name: 'weather',
          arguments: '{"location":"San Francisco"}',
          signature: `gemini:${first.candidates[0]!.content.parts[0]!.thoughtSignature}`,
        },
      ]);
      expect(result.finish).toBe('tool-calls');
      expect(result.usage).toMatchObject({ inputTokens: 29, outputTokens: 15 + thoughts, reasoningTokens: thoughts });
    }
  });

  it('gives the encoder what it needs to send each recorded turn back as Gemini sent it', () => {
    for (const name of recordedStreams) {
      const payloads = loadPayloads(name);
      const content = assemble(runParser(createGeminiStreamParser(), frame(payloads))).content;
      const sent = (payloads.map((payload) => JSON.parse(payload)) as Chunk[]).flatMap((chunk) => chunk.candidates[0]!.content.parts);
      const body = convertToGeminiRequest(
        { model: 'm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content }], tools: [], stream: false },
        { model: 'gemini-3-pro-preview' },
      );
      // Consecutive texts are one part, and the signature of an empty final part rides on the text
      // before it, as in the non-stream answer (google-text.json).
      const expected: Array<Record<string, unknown>> = [];
      for (const part of sent) {
        const last = expected.at(-1);
        if (part.functionCall) expected.push({ functionCall: { name: part.functionCall.name, args: part.functionCall.args }, thoughtSignature: part.thoughtSignature });
        else if (part.text === '' && part.thoughtSignature && last) last['thoughtSignature'] = part.thoughtSignature;
        else if (part.text && last && 'text' in last && !last['thoughtSignature']) last['text'] = `${String(last['text'])}${part.text}`;
        else if (part.text) expected.push({ text: part.text });
      }
      expect(body.contents[1]).toEqual({ role: 'model', parts: expected });
    }
  });
});

describe('createGeminiStreamParser', () => {
  const chunk = (parts: unknown[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ candidates: [{ content: { parts, role: 'model' }, index: 0, ...extra }], usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 }, modelVersion: 'gemini-2.5-flash', responseId: 'r1' });

  it('builds the same content as the non-stream reader for any parts, however they are chunked', () => {
    const part = fc.oneof(
      fc.record({ text: fc.string({ maxLength: 6 }), thought: fc.constant(true) }, { requiredKeys: ['text', 'thought'] }),
      fc.record({ text: fc.string({ maxLength: 6 }), thought: fc.constant(true), thoughtSignature: fc.constantFrom('s1', 's2') }),
      fc.record({ text: fc.string({ maxLength: 6 }) }),
      fc.record({ text: fc.string({ maxLength: 6 }), thoughtSignature: fc.constantFrom('s3', 's4') }),
      fc.record({ functionCall: fc.record({ name: fc.constantFrom('a', 'b'), args: fc.dictionary(fc.string({ maxLength: 3 }), fc.integer()) }) }),
      fc.record({ functionCall: fc.record({ name: fc.constant('c'), args: fc.constant({}) }), thoughtSignature: fc.constant('s5') }),
    );
    fc.assert(
      fc.property(fc.array(part, { maxLength: 12 }), fc.array(fc.integer({ min: 1, max: 3 }), { maxLength: 12 }), (parts, sizes) => {
        const chunks: unknown[][] = [];
        let start = 0;
        for (const size of sizes) {
          if (start >= parts.length) break;
          chunks.push(parts.slice(start, start + size));
          start += size;
        }
        if (start < parts.length) chunks.push(parts.slice(start));
        const payloads = chunks.map((chunkParts, index) => chunk(chunkParts, index === chunks.length - 1 ? { finishReason: 'STOP' } : {}));
        if (payloads.length === 0) payloads.push(chunk([], { finishReason: 'STOP' }));
        const result = assemble(runParser(createGeminiStreamParser(), frame(payloads)));
        expect(result.content).toEqual(decodeGeminiModelParts(parts as GeminiModelPartLike[], createToolCallIdSource('r1')));
        expect(result.finish).toBe(parts.some((entry) => 'functionCall' in entry) ? 'tool-calls' : 'stop');
      }),
      { numRuns: 300 },
    );
  });

  it("puts a functionCall's signature, tagged as Gemini's, on its tool-call-start", () => {
    const parts = runParser(
      createGeminiStreamParser(),
      frame([chunk([{ functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnLXRvb2w=' }], { finishReason: 'STOP' })]),
    );
    expect(parts.find((part) => part.type === 'tool-call-start')).toEqual({ type: 'tool-call-start', index: 0, id: 'call_r1_0', name: 'weather', signature: 'gemini:c2lnLXRvb2w=' });
  });

  it('streams thought summaries as a reasoning block, its signature arriving before its end', () => {
    const parts = runParser(
      createGeminiStreamParser(),
      frame([chunk([{ text: 'Let me think', thought: true }]), chunk([{ text: '.', thought: true }]), chunk([{ text: 'Four.', thoughtSignature: 'c2ln' }], { finishReason: 'STOP' })]),
    );
    expect(parts).toEqual([
      { type: 'start', id: 'r1', model: 'gemini-2.5-flash' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Let me think' },
      { type: 'reasoning-delta', index: 0, text: '.' },
      { type: 'reasoning-signature', index: 0, signature: 'gemini:c2ln' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Four.' },
      { type: 'text-end', index: 1 },
      {
        type: 'usage',
        usage: { inputTokens: 3, outputTokens: 2, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
        raw: { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
      },
      { type: 'finish', reason: 'stop' },
    ]);
  });

  it('reports a blocked prompt as a content-filter finish', () => {
    const blocked = JSON.stringify({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 4, totalTokenCount: 4 }, responseId: 'b' });
    const result = assemble(runParser(createGeminiStreamParser(), frame([blocked])));
    expect(result).toMatchObject({ start: { id: 'b', model: '' }, content: [], finish: 'content-filter', usage: { inputTokens: 4 } });
  });

  it('turns an error event into an error part, closing the open block and keeping the usage so far', () => {
    const error = JSON.stringify({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
    const parts = runParser(createGeminiStreamParser(), frame([chunk([{ text: 'Hel' }]), error, chunk([{ text: 'ignored' }])]));
    expect(parts).toEqual([
      { type: 'start', id: 'r1', model: 'gemini-2.5-flash' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hel' },
      { type: 'text-end', index: 0 },
      expect.objectContaining({ type: 'usage', usage: expect.objectContaining({ inputTokens: 3, outputTokens: 2 }) }),
      { type: 'error', error: { status: 503, type: 'overloaded_error', message: 'The model is overloaded. Please try again later.', code: 'UNAVAILABLE' } },
    ]);
    expect(assemble(parts).errors).toHaveLength(1);
  });

  it('reports an error first, with no start, when the stream opens with one', () => {
    const error = JSON.stringify({ error: { code: 429, message: 'quota', status: 'RESOURCE_EXHAUSTED' } });
    expect(runParser(createGeminiStreamParser(), frame([error]))).toEqual([
      { type: 'error', error: { status: 429, type: 'rate_limit_error', message: 'quota', code: 'RESOURCE_EXHAUSTED' } },
    ]);
  });

  it('reports a stream cut before its finish reason, and an empty one, as errors', () => {
    const cut = runParser(createGeminiStreamParser(), frame([chunk([{ text: 'Hel' }])]));
    expect(cut.at(-1)).toEqual({ type: 'error', error: { status: 502, type: 'api_error', message: 'The Gemini stream ended before its finish reason.' } });
    expect(assemble(cut).errors).toHaveLength(1);
    expect(runParser(createGeminiStreamParser(), Buffer.alloc(0))).toEqual([
      { type: 'error', error: { status: 502, type: 'api_error', message: 'The Gemini provider ended the stream without sending anything.' } },
    ]);
  });

  it('reads a last event that lacks its blank line, and stops at an event that is not JSON', () => {
    const last = Buffer.from(`data: ${chunk([{ text: 'done' }], { finishReason: 'STOP' })}`);
    expect(assemble(runParser(createGeminiStreamParser(), last)).finish).toBe('stop');
    const broken = runParser(createGeminiStreamParser(), Buffer.from('data: {not json\r\n\r\n'));
    expect(broken).toEqual([{ type: 'error', error: { status: 502, type: 'api_error', message: 'The Gemini provider sent a stream event that is not JSON.' } }]);
  });

  it('reports a malformed function call as an error finish', () => {
    const payload = JSON.stringify({ candidates: [{ finishReason: 'MALFORMED_FUNCTION_CALL', index: 0 }], responseId: 'm' });
    expect(assemble(runParser(createGeminiStreamParser(), frame([payload]))).finish).toBe('error');
  });
});
