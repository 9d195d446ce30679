import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest, ToolDefinition } from '../../../../src-main/conversion/chat-request.js';
import { ContractError, isContractError } from '../../../../src-main/conversion/contract-error.js';
import { convertToGeminiRequest, skipThoughtSignature } from '../../../../src-main/providers/gemini/convert-to-gemini-request.js';
import { findGenerateRequestProblem } from '../../../support/mock-gemini-upstream.js';
import { recordedFile } from '../../../support/recorded-fixtures.js';

function request(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'client-model', system: [], messages: [{ role: 'user', content: [{ type: 'text', text: 'hi' }] }], tools: [], stream: false, ...overrides };
}

/** Converts, and checks that the mock (validating as Gemini does) would take the body. */
function convert(chat: ChatRequest, model = 'gemini-2.5-flash') {
  const body = convertToGeminiRequest(chat, { model });
  expect(findGenerateRequestProblem(body, model)).toBeNull();
  return body;
}

function refusal(chat: ChatRequest, model = 'gemini-2.5-flash'): ContractError {
  try {
    convertToGeminiRequest(chat, { model });
  } catch (error) {
    expect(isContractError(error)).toBe(true);
    expect(error).toMatchObject({ status: 400, code: 'unsupported_feature' });
    return error as ContractError;
  }
  throw new Error('expected a refusal');
}

const weather: ToolDefinition = {
  name: 'weather',
  description: 'The weather in a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
};

const toolLoop = (call: Partial<{ signature: string }> = {}): ChatMessage[] => [
  { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
  { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}', ...call }] },
  { role: 'user', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: 'Sunny, 21°C' }] }] },
];

describe('convertToGeminiRequest: messages', () => {
  it('sends the system as systemInstruction and the turns as user/model contents', () => {
    const body = convert(
      request({
        system: [{ type: 'text', text: 'Be brief.', cacheControl: { type: 'ephemeral' } }, { type: 'text', text: 'Answer in French.' }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'hello' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'bonjour' }] },
          { role: 'user', content: [{ type: 'text', text: 'again' }, { type: 'text', text: '' }] },
        ],
      }),
    );
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'hello' }] },
        { role: 'model', parts: [{ text: 'bonjour' }] },
        { role: 'user', parts: [{ text: 'again' }] },
      ],
    });
  });

  it('turns tool calls into functionCall parts with parsed arguments and results into functionResponse parts named after their call', () => {
    const body = convert(request({ messages: toolLoop(), tools: [weather] }));
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } } }] },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { content: 'Sunny, 21°C' } } }] },
    ]);
  });

  it('passes a JSON object result as that object, an error as {error}, anything else wrapped as {content}', () => {
    const withResult = (content: string, isError?: boolean) => {
      const messages = toolLoop();
      messages[2] = { role: 'user', content: [{ type: 'tool-result', toolCallId: 'toolu_1', content: [{ type: 'text', text: content }], ...(isError ? { isError } : {}) }] };
      return convert(request({ messages, tools: [weather] })).contents[2]!.parts[0]!.functionResponse!.response;
    };
    expect(withResult('{"temperature":21,"sky":"clear"}')).toEqual({ temperature: 21, sky: 'clear' });
    expect(withResult('[1,2]')).toEqual({ content: '[1,2]' });
    expect(withResult('{not json')).toEqual({ content: '{not json' });
    expect(withResult('city not found', true)).toEqual({ error: 'city not found' });
    expect(withResult('{"reason":"quota"}', true)).toEqual({ error: { reason: 'quota' } });
  });

  it('takes the name from the result when it carries one, and refuses a result whose call is unknown', () => {
    const messages = toolLoop();
    messages[2] = { role: 'user', content: [{ type: 'tool-result', toolCallId: 'elsewhere', toolName: 'weather', content: [{ type: 'text', text: 'ok' }] }] };
    expect(convert(request({ messages, tools: [weather] })).contents[2]!.parts[0]!.functionResponse!.name).toBe('weather');
    messages[2] = { role: 'user', content: [{ type: 'tool-result', toolCallId: 'elsewhere', content: [{ type: 'text', text: 'ok' }] }] };
    expect(refusal(request({ messages })).message).toContain('A tool result for the call "elsewhere", which is not in the conversation');
  });

  it('joins tool results and the next user words into one user content', () => {
    const messages = toolLoop();
    messages.push({ role: 'user', content: [{ type: 'text', text: 'And tomorrow?' }] });
    const body = convert(request({ messages, tools: [weather] }));
    expect(body.contents).toHaveLength(3);
    expect(body.contents[2]!.parts).toEqual([{ functionResponse: { name: 'weather', response: { content: 'Sunny, 21°C' } } }, { text: 'And tomorrow?' }]);
  });

  it('parses empty arguments as {} and refuses arguments that are not a JSON object', () => {
    const messages = toolLoop();
    messages[1] = { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '' }] };
    expect(convert(request({ messages, tools: [weather] })).contents[1]!.parts[0]!.functionCall!.args).toEqual({});
    messages[1] = { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":' }] };
    expect(refusal(request({ messages })).message).toContain('A tool call to "weather" whose arguments are not valid JSON');
    messages[1] = { role: 'assistant', content: [{ type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '"Paris"' }] };
    expect(refusal(request({ messages })).message).toContain('not a JSON object');
  });
});

/** A thinking signature as Anthropic issues it (base64, untagged). */
const anthropicSignature = 'EqQBCkYIBxgCKkDanthropicsig==';

describe('convertToGeminiRequest: thought signatures', () => {
  it("keeps a tool call's signature on its functionCall part: Gemini 3 refuses the next turn without it", () => {
    const body = convert(request({ messages: toolLoop({ signature: 'gemini:c2lnLXRvb2w=' }), tools: [weather] }), 'gemini-3-pro-preview');
    expect(body.contents[1]!.parts).toEqual([{ functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnLXRvb2w=' }]);
  });

  it('sends reasoning as the signature on the part after it, never as thought text', () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'The user wants the weather.', signature: 'gemini:c2lnLTE=' },
          { type: 'text', text: 'Let me look.' },
          { type: 'reasoning', text: 'Now call the tool.', signature: 'gemini:c2lnLTI=' },
          { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}' },
        ],
      },
      toolLoop()[2]!,
    ];
    const body = convert(request({ messages, tools: [weather] }), 'gemini-3-pro-preview');
    expect(body.contents[1]!.parts).toEqual([
      { text: 'Let me look.', thoughtSignature: 'c2lnLTE=' },
      { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: 'c2lnLTI=' },
    ]);
    expect(JSON.stringify(body)).not.toContain('The user wants the weather.');
  });

  it("puts a trailing signature (a streamed answer's last, signature-only part) on the part before it", () => {
    const body = convert(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'hi' }] },
          { role: 'assistant', content: [{ type: 'text', text: 'There are 3.' }, { type: 'reasoning', text: '', signature: 'gemini:c2lnLWVuZA==' }] },
          { role: 'user', content: [{ type: 'text', text: 'thanks' }] },
        ],
      }),
    );
    expect(body.contents[1]).toEqual({ role: 'model', parts: [{ text: 'There are 3.', thoughtSignature: 'c2lnLWVuZA==' }] });
  });

  it("leaves out Anthropic's redacted thinking and a model turn with nothing but reasoning", () => {
    const body = convert(
      request({
        messages: [
          { role: 'user', content: [{ type: 'text', text: 'hi' }] },
          { role: 'assistant', content: [{ type: 'reasoning', text: '', redactedData: 'opaque', signature: 'x' }, { type: 'text', text: 'Hello.' }] },
          { role: 'user', content: [{ type: 'text', text: 'and?' }] },
          { role: 'assistant', content: [{ type: 'reasoning', text: 'thinking only' }] },
          { role: 'user', content: [{ type: 'text', text: 'well?' }] },
        ],
      }),
    );
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'hi' }] },
      { role: 'model', parts: [{ text: 'Hello.' }] },
      { role: 'user', parts: [{ text: 'and?' }, { text: 'well?' }] },
    ]);
  });

  it("sends only Gemini's signatures: Anthropic's (a conversation that moved here from Claude) count as none, Gemini 3's call getting the skip value", () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'The user wants the weather.', signature: anthropicSignature },
          { type: 'text', text: 'Let me look.' },
          { type: 'tool-call', id: 'toolu_1', name: 'weather', arguments: '{"city":"Paris"}', signature: anthropicSignature },
        ],
      },
      toolLoop()[2]!,
    ];
    // convert() also has the mock, validating as Gemini does, take the body.
    const gemini3 = convert(request({ messages, tools: [weather] }), 'gemini-3-pro-preview');
    expect(gemini3.contents[1]!.parts).toEqual([
      { text: 'Let me look.' },
      { functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: skipThoughtSignature },
    ]);
    const gemini25 = convert(request({ messages, tools: [weather] }), 'gemini-2.5-flash');
    expect(gemini25.contents[1]!.parts).toEqual([{ text: 'Let me look.' }, { functionCall: { name: 'weather', args: { city: 'Paris' } } }]);
    expect(JSON.stringify([gemini3, gemini25])).not.toContain(anthropicSignature);
  });

  it("gives Gemini 3 Google's skip value for a call that lost its signature (an OpenAI client cannot keep one), first parallel call only", () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Oslo?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool-call', id: 'call_a', name: 'weather', arguments: '{"city":"Paris"}' },
          { type: 'tool-call', id: 'call_b', name: 'weather', arguments: '{"city":"Oslo"}' },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool-result', toolCallId: 'call_a', content: [{ type: 'text', text: 'sunny' }] },
          { type: 'tool-result', toolCallId: 'call_b', content: [{ type: 'text', text: 'rain' }] },
        ],
      },
    ];
    const gemini3 = convert(request({ messages, tools: [weather] }), 'gemini-3-pro-preview');
    expect(gemini3.contents[1]!.parts.map((part) => part.thoughtSignature)).toEqual([skipThoughtSignature, undefined]);
    const gemini25 = convert(request({ messages, tools: [weather] }), 'gemini-2.5-flash');
    expect(gemini25.contents[1]!.parts.map((part) => part.thoughtSignature)).toEqual([undefined, undefined]);
  });
});

describe('convertToGeminiRequest: images', () => {
  const withImage = (url: string): ChatRequest =>
    request({ messages: [{ role: 'user', content: [{ type: 'text', text: 'what is this?' }, { type: 'image', source: { kind: 'url', url } }] }] });

  it('sends base64 and data-URL images inline', () => {
    const body = convert(
      request({
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'high' },
              { type: 'image', source: { kind: 'url', url: 'data:image/jpeg;base64,/9j/4AAQ' } },
            ],
          },
        ],
      }),
    );
    expect(body.contents[0]!.parts).toEqual([{ inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } }, { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQ' } }]);
  });

  it('sends Cloud Storage and File API images by reference', () => {
    expect(convert(withImage('gs://bucket/cat.png')).contents[0]!.parts[1]).toEqual({ fileData: { fileUri: 'gs://bucket/cat.png', mimeType: 'image/png' } });
    const fileUri = 'https://generativelanguage.googleapis.com/v1beta/files/abc123';
    expect(convert(withImage(fileUri)).contents[0]!.parts[1]).toEqual({ fileData: { fileUri } });
  });

  it('refuses web image URLs with a 400 naming the feature: Gemini does not fetch them and neither does Switchyard', () => {
    expect(refusal(withImage('https://example.com/cat.png')).message).toBe(
      'An image given by http(s) URL (send it as base64 data instead) cannot be sent to the gemini provider. Remove it, or route this model to a provider that supports it.',
    );
  });

  it('puts images of a tool result inside the function response on Gemini 3 and beside it before', () => {
    const messages = toolLoop({ signature: 'gemini:c2ln' });
    messages[2] = {
      role: 'user',
      content: [
        {
          type: 'tool-result',
          toolCallId: 'toolu_1',
          content: [
            { type: 'text', text: 'screenshot' },
            { type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'AAAA' } },
          ],
        },
      ],
    };
    expect(convert(request({ messages, tools: [weather] }), 'gemini-3-pro-preview').contents[2]!.parts).toEqual([
      { functionResponse: { name: 'weather', response: { content: 'screenshot' }, parts: [{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }] } },
    ]);
    expect(convert(request({ messages, tools: [weather] }), 'gemini-2.5-flash').contents[2]!.parts).toEqual([
      { functionResponse: { name: 'weather', response: { content: 'screenshot' } } },
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
    ]);
  });
});

describe('convertToGeminiRequest: tools and settings', () => {
  it('declares tools with sanitized parameters, leaving parameters out for a tool without any', () => {
    const body = convert(request({ tools: [weather, { name: 'now', description: 'The time', parameters: { type: 'object', properties: {} } }] }));
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          { name: 'weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
          { name: 'now', description: 'The time' },
        ],
      },
    ]);
  });

  it('maps tool choice to functionCallingConfig', () => {
    const config = (toolChoice: ChatRequest['toolChoice']) => convert(request({ tools: [weather], toolChoice })).toolConfig;
    expect(config({ type: 'auto' })).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(config({ type: 'none' })).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(config({ type: 'required' })).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(config({ type: 'tool', name: 'weather' })).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] } });
    expect(config(undefined)).toBeUndefined();
    expect(refusal(request({ tools: [weather], toolChoice: { type: 'tool', name: 'time' } })).message).toContain('"time", which is not among the tools');
  });

  it('maps sampling settings, JSON modes and reasoning into generationConfig', () => {
    const body = convert(
      request({
        maxOutputTokens: 500,
        temperature: 0.2,
        topP: 0.9,
        topK: 40,
        stopSequences: ['END'],
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.3,
        responseFormat: { type: 'json-schema', name: 'answer', schema: { type: 'object', properties: { value: { type: 'string' } }, additionalProperties: false } },
        reasoning: { effort: 'low' },
        parallelToolCalls: false,
        user: 'someone',
      }),
    );
    expect(body.generationConfig).toEqual({
      maxOutputTokens: 500,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.3,
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { value: { type: 'string' } } },
      thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
    });
    expect(convert(request({ responseFormat: { type: 'json-object' } })).generationConfig).toEqual({ responseMimeType: 'application/json' });
    expect(convert(request({ responseFormat: { type: 'text' } })).generationConfig).toBeUndefined();
  });
});

const claudeCodeFile = recordedFile('requests/claude-code-messages.json');

describe(
  'a Claude Code request (test/fixtures/recorded/requests)',
  () => {
    it('is taken by Gemini 2.5 and Gemini 3 as converted: tools sanitized, thinking budget clamped', () => {
      const recorded = JSON.parse(readFileSync(claudeCodeFile, 'utf8')) as {
        body: { system: Array<{ text: string }>; tools: Array<{ name: string; description: string; input_schema: Record<string, unknown> }>; max_tokens: number };
      };
      const chat = request({
        system: recorded.body.system.map((block) => ({ type: 'text' as const, text: block.text })),
        tools: recorded.body.tools.map((tool) => ({ name: tool.name, description: tool.description, parameters: tool.input_schema })),
        maxOutputTokens: recorded.body.max_tokens,
        temperature: 1,
        reasoning: { budgetTokens: 31999 },
        stream: true,
      });
      for (const model of ['gemini-2.5-flash', 'gemini-2.5-pro', 'gemini-3-pro-preview']) {
        const body = convert(chat, model);
        expect(body.tools![0]!.functionDeclarations.map((declaration) => declaration.name)).toEqual(recorded.body.tools.map((tool) => tool.name));
      }
      expect(convert(chat, 'gemini-2.5-flash').generationConfig!.thinkingConfig).toEqual({ thinkingBudget: 24576, includeThoughts: true });
    });
  },
);

describe('convertToGeminiRequest: any well-formed conversation', () => {
  it('comes out as a body Gemini takes, on every model family', () => {
    const text = fc.string({ minLength: 0, maxLength: 8 });
    // Gemini's own signatures and Anthropic's (a conversation that moved here from Claude).
    const signature = fc.option(fc.constantFrom('gemini:c2lnLTE=', 'gemini:c2lnLTI=', anthropicSignature), { nil: undefined });
    const toolName = fc.constantFrom('weather', 'time', 'mcp__files__read');
    const assistantTurn = fc.record({
      reasoning: fc.option(fc.record({ text, signature }), { nil: undefined }),
      text,
      calls: fc.array(fc.record({ name: toolName, signature, args: fc.dictionary(fc.string({ maxLength: 4 }), fc.oneof(fc.integer(), fc.string({ maxLength: 4 }))) }), { maxLength: 3 }),
      results: fc.array(fc.oneof(text, fc.constant('{"ok":true}')), { minLength: 3, maxLength: 3 }),
      errors: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
      followUp: text,
    });
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 8 }),
        fc.array(assistantTurn, { maxLength: 4 }),
        fc.constantFrom('gemini-2.5-flash', 'gemini-3-pro-preview', 'gemini-2.0-flash'),
        (firstText, turns, model) => {
          const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'text', text: firstText }] }];
          let id = 0;
          for (const turn of turns) {
            const calls = turn.calls.map((call) => ({ ...call, id: `id_${id++}` }));
            messages.push({
              role: 'assistant',
              content: [
                ...(turn.reasoning ? [{ type: 'reasoning' as const, text: turn.reasoning.text, ...(turn.reasoning.signature ? { signature: turn.reasoning.signature } : {}) }] : []),
                { type: 'text', text: turn.text },
                ...calls.map((call) => ({ type: 'tool-call' as const, id: call.id, name: call.name, arguments: JSON.stringify(call.args), ...(call.signature ? { signature: call.signature } : {}) })),
              ],
            });
            const results = calls.map((call, index) => ({
              type: 'tool-result' as const,
              toolCallId: call.id,
              content: [{ type: 'text' as const, text: turn.results[index]! }],
              ...(turn.errors[index] ? { isError: true } : {}),
            }));
            // A user turn always follows, so the conversation ends on the user's side.
            messages.push({ role: 'user', content: [...results, { type: 'text', text: turn.followUp || 'go on' }] });
          }
          const tools: ToolDefinition[] = ['weather', 'time', 'mcp__files__read'].map((name) => ({ ...weather, name }));
          const body = convertToGeminiRequest(request({ messages, tools }), { model });
          expect(findGenerateRequestProblem(body, model)).toBeNull();
          const sent = JSON.stringify(body);
          expect(sent).not.toContain('gemini:');
          expect(sent).not.toContain(anthropicSignature);
        },
      ),
      { numRuns: 300 },
    );
  });
});
