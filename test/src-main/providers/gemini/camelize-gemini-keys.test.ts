import { describe, expect, it } from 'vitest';
import { camelizeGeminiKeys } from '../../../../src-main/providers/gemini/camelize-gemini-keys.js';

describe('camelizeGeminiKeys', () => {
  it('camel-cases field names at every depth', () => {
    expect(
      camelizeGeminiKeys({
        system_instruction: { parts: [{ text: 'x' }] },
        generation_config: { max_output_tokens: 5, thinking_config: { thinking_budget: 0 } },
        contents: [{ role: 'user', parts: [{ inline_data: { mime_type: 'image/png', data: 'AA==' } }] }],
      }),
    ).toEqual({
      systemInstruction: { parts: [{ text: 'x' }] },
      generationConfig: { maxOutputTokens: 5, thinkingConfig: { thinkingBudget: 0 } },
      contents: [{ role: 'user', parts: [{ inlineData: { mimeType: 'image/png', data: 'AA==' } }] }],
    });
  });

  it('leaves user data alone: arguments, results, property names, verbatim JSON Schemas', () => {
    const body = {
      contents: [
        { role: 'model', parts: [{ function_call: { name: 'f', args: { file_path: '/a', nested_value: { snake_key: 1 } } } }] },
        { role: 'user', parts: [{ function_response: { name: 'f', response: { exit_code: 0 } } }] },
      ],
      tools: [
        {
          function_declarations: [
            { name: 'f', parameters: { type: 'object', properties: { file_path: { type: 'string', max_length: 5 } } } },
            { name: 'g', parameters_json_schema: { type: 'object', properties: { old_string: {} }, additional_properties: false } },
          ],
        },
      ],
    };
    expect(camelizeGeminiKeys(body)).toEqual({
      contents: [
        { role: 'model', parts: [{ functionCall: { name: 'f', args: { file_path: '/a', nested_value: { snake_key: 1 } } } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'f', response: { exit_code: 0 } } }] },
      ],
      tools: [
        {
          functionDeclarations: [
            { name: 'f', parameters: { type: 'object', properties: { file_path: { type: 'string', maxLength: 5 } } } },
            { name: 'g', parametersJsonSchema: { type: 'object', properties: { old_string: {} }, additional_properties: false } },
          ],
        },
      ],
    });
  });
});
