import { describe, expect, it } from 'vitest';
import { ContractError, isContractError } from '../../../../src-main/conversion/contract-error.js';
import { decodeGeminiStyleBody, isGeminiStyleBody } from '../../../../src-main/providers/gemini/gemini-style-openai-body.js';

function refusal(body: Record<string, unknown>): string {
  try {
    decodeGeminiStyleBody(body);
  } catch (error) {
    expect(isContractError(error)).toBe(true);
    expect((error as ContractError).status).toBe(400);
    return (error as Error).message;
  }
  throw new Error('expected a refusal');
}

const contents = [{ role: 'user', parts: [{ text: 'hello' }] }];

describe('isGeminiStyleBody', () => {
  it('recognises a body with contents and no messages', () => {
    expect(isGeminiStyleBody({ model: 'm', contents })).toBe(true);
    expect(isGeminiStyleBody({ model: 'm', messages: [], contents })).toBe(false);
    expect(isGeminiStyleBody({ model: 'm', messages: [] })).toBe(false);
    expect(isGeminiStyleBody({ model: 'm', contents: 'text' })).toBe(false);
  });
});

describe('decodeGeminiStyleBody', () => {
  it('decodes a plain Gemini body sent to the OpenAI door, model and stream from the body', () => {
    expect(decodeGeminiStyleBody({ model: 'gemini-2.5-flash', contents, stream: true, systemInstruction: { parts: [{ text: 'Be brief.' }] } })).toEqual({
      model: 'gemini-2.5-flash',
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'hello' }] }],
      tools: [],
      stream: true,
    });
  });

  it('decodes tools (Gemini schemas to JSON Schema, JSON Schemas as they are) and the calling mode', () => {
    const request = decodeGeminiStyleBody({
      model: 'gpt-4o',
      contents,
      tools: [
        {
          functionDeclarations: [
            { name: 'weather', description: 'Weather', parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } }, required: ['city'] } },
            { name: 'raw', parametersJsonSchema: { type: 'object', properties: { x: { type: 'integer' } }, additionalProperties: false } },
            { name: 'bare' },
          ],
        },
      ],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } },
    });
    expect(request.tools).toEqual([
      { name: 'weather', description: 'Weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      { name: 'raw', parameters: { type: 'object', properties: { x: { type: 'integer' } }, additionalProperties: false } },
      { name: 'bare', parameters: { type: 'object', properties: {} } },
    ]);
    expect(request.toolChoice).toEqual({ type: 'tool', name: 'weather' });
    const mode = (functionCallingConfig: Record<string, unknown>) => decodeGeminiStyleBody({ model: 'm', contents, tools: [{ functionDeclarations: [{ name: 'a' }, { name: 'b' }] }], toolConfig: { functionCallingConfig } }).toolChoice;
    expect(mode({ mode: 'AUTO' })).toEqual({ type: 'auto' });
    expect(mode({ mode: 'NONE' })).toEqual({ type: 'none' });
    expect(mode({ mode: 'ANY' })).toEqual({ type: 'required' });
    expect(mode({ mode: 'ANY', allowedFunctionNames: ['a', 'b'] })).toEqual({ type: 'required' });
  });

  it('decodes generationConfig, which wins over the OpenAI fields, in either spelling', () => {
    const request = decodeGeminiStyleBody({
      model: 'm',
      contents,
      temperature: 0.1,
      max_tokens: 50,
      stop: 'END',
      seed: 3,
      user: 'u',
      generation_config: {
        temperature: 0.7,
        top_p: 0.9,
        top_k: 20,
        max_output_tokens: 100,
        stop_sequences: ['STOP'],
        presence_penalty: 0.5,
        frequency_penalty: 0.25,
        response_mime_type: 'application/json',
        response_schema: { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
        thinking_config: { thinking_budget: 2048, include_thoughts: true },
      },
    });
    expect(request).toMatchObject({
      temperature: 0.7,
      topP: 0.9,
      topK: 20,
      maxOutputTokens: 100,
      stopSequences: ['STOP'],
      seed: 3,
      user: 'u',
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
      responseFormat: { type: 'json-schema', name: 'response', schema: { type: 'object', properties: { a: { type: 'string' } } } },
      reasoning: { budgetTokens: 2048 },
    });
  });

  it('maps thinking settings to reasoning', () => {
    const reasoning = (thinkingConfig: Record<string, unknown>) => decodeGeminiStyleBody({ model: 'm', contents, generationConfig: { thinkingConfig } }).reasoning;
    expect(reasoning({ thinkingBudget: 0 })).toBeNull();
    expect(reasoning({ thinkingLevel: 'LOW' })).toEqual({ effort: 'low' });
    expect(reasoning({ thinkingBudget: -1 })).toEqual({});
    expect(reasoning({ includeThoughts: true })).toEqual({});
    expect(decodeGeminiStyleBody({ model: 'm', contents, generationConfig: { responseMimeType: 'application/json' } }).responseFormat).toEqual({ type: 'json-object' });
  });

  it('refuses what cannot be converted, with a message naming it', () => {
    expect(refusal({ model: 'm', contents, cachedContent: 'cachedContents/x' })).toBe('Invalid Gemini-style body: the field "cachedContent" is not supported in a Gemini-style body.');
    expect(refusal({ model: 'm', contents, tools: [{ googleSearch: {} }] })).toContain('tools[0].googleSearch is a tool Google runs itself');
    expect(refusal({ model: 'm', contents, generationConfig: { candidateCount: 2 } })).toContain('candidateCount must be 1');
    expect(refusal({ model: 'm', contents, generationConfig: { responseModalities: ['IMAGE'] } })).toContain('responseModalities');
    expect(refusal({ model: 'm', contents, generationConfig: { maxTokens: 5 } })).toContain('generationConfig');
    expect(refusal({ model: 'm', contents: [] })).toContain('"contents" holds no message');
    expect(refusal({ model: 'm', contents, temperature: 'hot' })).toBe('Invalid Gemini-style body: "temperature" must be a number.');
    expect(refusal({ contents })).toContain('"model" must name a model');
    expect(refusal({ model: 'm', contents, tools: [{ functionDeclarations: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] }], toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['a', 'b'] } } })).toContain(
      'not a subset',
    );
  });

  it('ignores safety settings, which only tune Google moderation', () => {
    expect(decodeGeminiStyleBody({ model: 'm', contents, safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }] }).messages).toHaveLength(1);
  });
});
