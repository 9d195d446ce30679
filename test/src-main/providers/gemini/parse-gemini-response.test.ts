import { describe, expect, it } from 'vitest';
import { convertToGeminiRequest } from '../../../../src-main/providers/gemini/convert-to-gemini-request.js';
import { parseGeminiResponse } from '../../../../src-main/providers/gemini/parse-gemini-response.js';
import { loadBody, recordedSuite } from './recorded-gemini.js';

describe(recordedSuite('parseGeminiResponse on the recorded answer'), () => {
  it('reads google-text.json: text, its signature kept before it, usage with thinking as output', () => {
    const body = loadBody('google-text') as { candidates: Array<{ content: { parts: Array<{ text: string; thoughtSignature: string }> } }>; usageMetadata: unknown };
    const part = body.candidates[0]!.content.parts[0]!;
    expect(parseGeminiResponse(body)).toEqual({
      id: 'Un6LacrVMcjUxs0PmJfWoQc',
      model: 'gemini-3-pro-preview',
      content: [
        // Tagged as Gemini's, so it is never sent to another family.
        { type: 'reasoning', text: '', signature: `gemini:${part.thoughtSignature}` },
        { type: 'text', text: part.text },
      ],
      finishReason: 'stop',
      usage: { inputTokens: 9, outputTokens: 28 + 244, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 244 },
      rawUsage: body.usageMetadata,
    });
  });

  it('gives the encoder what it needs to send google-text.json back to Gemini exactly as Gemini sent it', () => {
    const body = loadBody('google-text') as { candidates: Array<{ content: { parts: Array<{ text: string; thoughtSignature: string }> } }> };
    const content = parseGeminiResponse(body).content;
    const sent = convertToGeminiRequest(
      { model: 'm', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'q' }] }, { role: 'assistant', content }], tools: [], stream: false },
      { model: 'gemini-3-pro-preview' },
    );
    expect(sent.contents[1]).toEqual({ role: 'model', parts: body.candidates[0]!.content.parts });
  });
});

describe('parseGeminiResponse', () => {
  const answer = (parts: unknown[], extra: Record<string, unknown> = {}) => ({
    candidates: [{ content: { parts, role: 'model' }, finishReason: 'STOP', index: 0 }],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'resp-1',
    ...extra,
  });

  it('reads thought summaries as reasoning, the signature on the next part closing it', () => {
    const response = parseGeminiResponse(
      answer([
        { text: 'Thinking about ', thought: true },
        { text: 'the answer.', thought: true },
        { text: 'It is 4.', thoughtSignature: 'c2ln' },
        { text: ' Sure.' },
      ]),
    );
    expect(response.content).toEqual([
      { type: 'reasoning', text: 'Thinking about the answer.', signature: 'gemini:c2ln' },
      { type: 'text', text: 'It is 4. Sure.' },
    ]);
  });

  it('reads function calls with their arguments as JSON text, signature kept, ids generated per answer when Gemini sends none', () => {
    const response = parseGeminiResponse(
      answer([
        { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' },
        { functionCall: { name: 'weather', args: { city: 'Oslo' } } },
        { functionCall: { id: 'given-id', name: 'time' } },
      ]),
    );
    expect(response.content).toEqual([
      { type: 'tool-call', id: 'call_resp1_0', name: 'weather', arguments: '{"city":"Paris"}', signature: 'gemini:c2ln' },
      { type: 'tool-call', id: 'call_resp1_1', name: 'weather', arguments: '{"city":"Oslo"}' },
      { type: 'tool-call', id: 'given-id', name: 'time', arguments: '{}' },
    ]);
    expect(response.finishReason).toBe('tool-calls');
    // The same answer parsed twice gets the same ids.
    expect(parseGeminiResponse(answer([{ functionCall: { name: 'weather', args: {} } }])).content[0]).toMatchObject({ id: 'call_resp1_0' });
  });

  it('reports a blocked prompt as a content-filter stop with no content', () => {
    const response = parseGeminiResponse({
      promptFeedback: { blockReason: 'SAFETY' },
      usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 },
      modelVersion: 'gemini-2.5-flash',
      responseId: 'blocked',
    });
    expect(response).toMatchObject({ id: 'blocked', content: [], finishReason: 'content-filter', usage: { inputTokens: 8, outputTokens: 0 } });
  });

  it('maps the finish reason, and leaves out parts with no internal counterpart', () => {
    const response = parseGeminiResponse(
      answer([{ text: 'cut' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }], {
        candidates: [{ content: { parts: [{ text: 'cut' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }] }, finishReason: 'MAX_TOKENS' }],
      }),
    );
    expect(response.content).toEqual([{ type: 'text', text: 'cut' }]);
    expect(response.finishReason).toBe('length');
  });

  it('answers a body that is not a generateContent response with a 502', () => {
    expect(() => parseGeminiResponse({ candidates: 'nope' })).toThrow(expect.objectContaining({ code: 'invalid_upstream_response', status: 502 }));
    expect(() => parseGeminiResponse('text')).toThrow(/not a generateContent response/);
  });

  it('makes up an id when Gemini sends none, and reads missing usage as zero', () => {
    const response = parseGeminiResponse({ candidates: [{ content: { parts: [{ text: 'x' }] }, finishReason: 'STOP' }] });
    expect(response.id).toMatch(/^gemini-[0-9a-f]{24}$/);
    expect(response.model).toBe('');
    expect(response.usage).toEqual({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 });
    expect(response.rawUsage).toBeNull();
  });
});
