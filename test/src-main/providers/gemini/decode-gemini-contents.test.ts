import { describe, expect, it } from 'vitest';
import { isContractError } from '../../../../src-main/conversion/contract-error.js';
import { createToolCallIdSource, decodeGeminiContents, decodeGeminiModelParts } from '../../../../src-main/providers/gemini/decode-gemini-contents.js';

function refusal(contents: unknown, systemInstruction?: unknown): string {
  try {
    decodeGeminiContents(contents, systemInstruction);
  } catch (error) {
    expect(isContractError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 'invalid_request' });
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('createToolCallIdSource', () => {
  it('numbers ids under the answer id, stripped to characters every format takes', () => {
    const next = createToolCallIdSource('dX6L-ad/KV+C7');
    expect([next(), next()]).toEqual(['call_dX6LadKVC7_0', 'call_dX6LadKVC7_1']);
    expect(createToolCallIdSource()()).toMatch(/^call_[0-9a-f]{16}_0$/);
  });
});

describe('decodeGeminiModelParts', () => {
  it('keeps a signature on text with no thinking before it as an empty reasoning part in its place, tagged as Gemini’s', () => {
    expect(decodeGeminiModelParts([{ text: 'a' }, { text: '', thoughtSignature: 's' }], createToolCallIdSource('x'))).toEqual([
      { type: 'text', text: 'a' },
      { type: 'reasoning', text: '', signature: 'gemini:s' },
    ]);
  });

  it('starts a new reasoning part after a signed one', () => {
    expect(
      decodeGeminiModelParts(
        [
          { text: 'one', thought: true, thoughtSignature: 's1' },
          { text: 'two', thought: true },
        ],
        createToolCallIdSource('x'),
      ),
    ).toEqual([
      { type: 'reasoning', text: 'one', signature: 'gemini:s1' },
      { type: 'reasoning', text: 'two' },
    ]);
  });
});

describe('decodeGeminiContents', () => {
  it('decodes the system instruction (a content or a bare string) and the turns', () => {
    expect(
      decodeGeminiContents(
        [
          { role: 'user', parts: [{ text: 'hello' }] },
          { role: 'model', parts: [{ text: 'hi' }] },
          { parts: [{ text: 'no role means user' }] },
        ],
        { parts: [{ text: 'Be brief.' }] },
      ),
    ).toEqual({
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hello' }] },
        { role: 'assistant', content: [{ type: 'text', text: 'hi' }] },
        { role: 'user', content: [{ type: 'text', text: 'no role means user' }] },
      ],
    });
    expect(decodeGeminiContents([{ role: 'user', parts: [{ text: 'x' }] }], 'Be brief.').system).toEqual([{ type: 'text', text: 'Be brief.' }]);
  });

  it('pairs function responses with calls by id, or by name in order when they carry none', () => {
    const { messages } = decodeGeminiContents(
      [
        { role: 'user', parts: [{ text: 'weather in two cities' }] },
        {
          role: 'model',
          parts: [
            { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2ln' },
            { functionCall: { name: 'weather', args: { city: 'Oslo' } } },
            { functionCall: { id: 'explicit', name: 'time' } },
          ],
        },
        {
          role: 'user',
          parts: [
            { functionResponse: { id: 'explicit', name: 'time', response: { result: '12:00' } } },
            { functionResponse: { name: 'weather', response: { content: 'sunny' } } },
            { functionResponse: { name: 'weather', response: { error: 'no data' } } },
          ],
        },
      ],
      undefined,
    );
    const calls = messages[1]!.content as Array<{ type: string; id: string; signature?: string; arguments: string }>;
    expect(calls.map((call) => call.arguments)).toEqual(['{"city":"Paris"}', '{"city":"Oslo"}', '{}']);
    // The client's thoughtSignature is Gemini's: tagged, so it is never sent to another family.
    expect(calls[0]!.signature).toBe('gemini:c2ln');
    expect(calls[2]!.id).toBe('explicit');
    expect(messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool-result', toolCallId: 'explicit', toolName: 'time', content: [{ type: 'text', text: '12:00' }] },
        { type: 'tool-result', toolCallId: calls[0]!.id, toolName: 'weather', content: [{ type: 'text', text: 'sunny' }] },
        { type: 'tool-result', toolCallId: calls[1]!.id, toolName: 'weather', content: [{ type: 'text', text: 'no data' }], isError: true },
      ],
    });
  });

  it('passes structured results on as JSON, and images inline or by reference', () => {
    const { messages } = decodeGeminiContents(
      [
        { role: 'user', parts: [{ text: 'look' }, { inlineData: { mimeType: 'image/png', data: 'AAAA' } }, { fileData: { fileUri: 'gs://b/c.jpg', mimeType: 'image/jpeg' } }] },
        { role: 'model', parts: [{ functionCall: { name: 'stat', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'stat', response: { size: 3, ok: true }, parts: [{ inlineData: { mimeType: 'image/png', data: 'BBBB' } }] } }] },
      ],
      undefined,
    );
    expect(messages[0]!.content).toEqual([
      { type: 'text', text: 'look' },
      { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
      { type: 'image', source: { kind: 'url', url: 'gs://b/c.jpg' } },
    ]);
    expect(messages[2]!.content[0]).toMatchObject({
      content: [
        { type: 'text', text: '{"size":3,"ok":true}' },
        { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'BBBB' } },
      ],
    });
  });

  it('refuses what has no counterpart, naming where it is', () => {
    expect(refusal([{ role: 'system', parts: [{ text: 'x' }] }])).toBe('Invalid Gemini-style body: contents[0].role is "system"; Gemini roles are "user" and "model".');
    expect(refusal([{ role: 'user', parts: [{ text: 'x', cache: true }] }])).toContain('contents[0].parts[0]');
    expect(refusal([{ role: 'user', parts: [{ inlineData: { mimeType: 'application/pdf', data: 'AAAA' } }] }])).toContain('application/pdf');
    expect(refusal([{ role: 'user', parts: [{ executableCode: { code: 'print(1)' } }] }])).toContain('executableCode');
    expect(refusal([{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }])).toContain('answers no earlier functionCall');
    expect(refusal([{ role: 'user', parts: [{ functionCall: { name: 'f' } }] }])).toContain('belongs in a "model" content');
    expect(refusal([{ role: 'user', parts: [{}] }])).toContain('contents[0].parts[0] is empty');
    expect(refusal('not a list')).toContain('contents');
    expect(refusal([{ role: 'user', parts: [{ text: 'x' }] }], { parts: [{ inlineData: { mimeType: 'image/png', data: 'A' } }] })).toContain('systemInstruction.parts[0] must be a text part');
  });
});
