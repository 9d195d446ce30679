import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from './listen.js';
import {
  findGeminiSchemaProblem,
  geminiTokensForText,
  mockThoughtSignature,
  readRecordedGeminiChunks,
  SKIP_SIGNATURE_VALUE,
  startMockGemini,
  type MockGemini,
} from './mock-gemini-upstream.js';
import { recordedSuite } from './recorded-fixtures.js';

// Raw fetch on purpose: the mock is checked against Google's documented wire format byte for byte,
// not through an SDK that would smooth over framing and field names.

const KEY = 'AIzaSyTestKey0001';
let mock: MockGemini;

beforeAll(async () => {
  mock = await startMockGemini();
});

afterEach(() => {
  mock.reset();
});

afterAll(async () => {
  await mock.close();
});

interface GoogleError {
  error: { code: number; message: string; status: string; details?: unknown[] };
}

async function generate(model: string, body: unknown, options: { key?: string | null; query?: string; stream?: boolean } = {}): Promise<Response> {
  const method = options.stream ? 'streamGenerateContent' : 'generateContent';
  const query = options.query ?? (options.stream ? '?alt=sse' : '');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.key !== null) headers['x-goog-api-key'] = options.key ?? KEY;
  return fetch(`${mock.baseUrl}/v1beta/models/${model}:${method}${query}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

async function errorOf(response: Response): Promise<GoogleError['error']> {
  const body = (await response.json()) as GoogleError;
  expect(body.error.code).toBe(response.status);
  return body.error;
}

/** The SSE payloads of a Gemini stream, checking the `data: …\r\n\r\n` framing on the way. */
async function sseChunks(response: Response): Promise<Array<Record<string, unknown>>> {
  const text = await response.text();
  expect(text.endsWith('\r\n\r\n')).toBe(true);
  const events = text.split('\r\n\r\n').filter(Boolean);
  for (const event of events) expect(event.startsWith('data: ')).toBe(true);
  return events.map((event) => JSON.parse(event.slice('data: '.length)) as Record<string, unknown>);
}

const hello = { contents: [{ role: 'user', parts: [{ text: 'hello there' }] }] };
const weather = {
  functionDeclarations: [
    {
      name: 'weather',
      description: 'The weather in a city',
      parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
    },
  ],
};

describe('generateContent', () => {
  it('echoes the last user text with usage, model version and a response id', async () => {
    const response = await generate('gemini-2.5-flash', { ...hello, systemInstruction: { parts: [{ text: 'Be brief.' }] } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    const body = (await response.json()) as Record<string, unknown>;
    const prompt = geminiTokensForText('Be brief.hello there');
    const output = geminiTokensForText('You said: hello there');
    expect(body).toEqual({
      candidates: [{ content: { parts: [{ text: 'You said: hello there' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
      usageMetadata: {
        promptTokenCount: prompt,
        candidatesTokenCount: output,
        totalTokenCount: prompt + output,
        promptTokensDetails: [{ modality: 'TEXT', tokenCount: prompt }],
      },
      modelVersion: 'gemini-2.5-flash',
      responseId: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
    });
    expect(mock.requests[0]!.apiKey).toBe(KEY);
  });

  it('signs a Gemini 3 text answer on its last part, as Google does', async () => {
    const body = (await (await generate('gemini-3-pro-preview', hello)).json()) as { candidates: Array<{ content: { parts: unknown[] } }> };
    expect(body.candidates[0]!.content.parts).toEqual([{ text: 'You said: hello there', thoughtSignature: mockThoughtSignature('gemini-3-pro-preview', 'text') }]);
  });

  it('answers "call <tool> {json}" with a signed functionCall, and a call to a model without thinking unsigned', async () => {
    const request = { contents: [{ role: 'user', parts: [{ text: 'call weather {"city":"Paris"}' }] }], tools: [weather] };
    const signed = (await (await generate('gemini-2.5-flash', request)).json()) as { candidates: Array<{ content: { parts: unknown[] }; finishReason: string }> };
    expect(signed.candidates[0]).toMatchObject({
      content: { parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: mockThoughtSignature('gemini-2.5-flash', 'weather') }] },
      finishReason: 'STOP',
    });
    const unsigned = (await (await generate('gemini-2.0-flash', request)).json()) as { candidates: Array<{ content: { parts: unknown[] } }> };
    expect(unsigned.candidates[0]!.content.parts).toEqual([{ functionCall: { name: 'weather', args: { city: 'Paris' } } }]);
  });

  it('answers arguments that are not JSON with MALFORMED_FUNCTION_CALL and no content', async () => {
    const body = (await (await generate('gemini-2.5-flash', { contents: [{ role: 'user', parts: [{ text: 'call weather {city: Paris' }] }], tools: [weather] })).json()) as {
      candidates: unknown[];
    };
    expect(body.candidates).toEqual([{ finishReason: 'MALFORMED_FUNCTION_CALL', index: 0 }]);
  });

  it('calls a function when the mode is ANY, and never when it is NONE', async () => {
    const any = (await (await generate('gemini-2.5-flash', { ...hello, tools: [weather], toolConfig: { functionCallingConfig: { mode: 'ANY' } } })).json()) as {
      candidates: Array<{ content: { parts: Array<Record<string, unknown>> } }>;
    };
    expect(any.candidates[0]!.content.parts[0]!['functionCall']).toEqual({ name: 'weather', args: {} });
    const none = (await (await generate('gemini-2.5-flash', { contents: [{ role: 'user', parts: [{ text: 'call weather' }] }], tools: [weather], toolConfig: { functionCallingConfig: { mode: 'NONE' } } })).json()) as {
      candidates: Array<{ content: { parts: Array<Record<string, unknown>> } }>;
    };
    expect(none.candidates[0]!.content.parts).toEqual([{ text: 'You said: call weather' }]);
  });

  it('answers function responses by echoing them', async () => {
    const body = (await (
      await generate('gemini-2.5-flash', {
        contents: [
          { role: 'user', parts: [{ text: 'weather?' }] },
          { role: 'model', parts: [{ functionCall: { name: 'weather', args: { city: 'Paris' } } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { content: 'sunny' } } }] },
        ],
        tools: [weather],
      })
    ).json()) as { candidates: Array<{ content: { parts: unknown[] } }> };
    expect(body.candidates[0]!.content.parts).toEqual([{ text: 'Tool weather returned: {"content":"sunny"}' }]);
  });

  it('adds thought summaries and thoughtsTokenCount when includeThoughts is set, and signs the part after them', async () => {
    const body = (await (await generate('gemini-2.5-flash', { ...hello, generationConfig: { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } } })).json()) as {
      candidates: Array<{ content: { parts: Array<Record<string, unknown>> } }>;
      usageMetadata: Record<string, number>;
    };
    const [thought, text] = body.candidates[0]!.content.parts;
    expect(thought).toEqual({ text: expect.stringContaining('hello there'), thought: true });
    expect(text).toEqual({ text: 'You said: hello there', thoughtSignature: mockThoughtSignature('gemini-2.5-flash', 'text') });
    const thoughts = geminiTokensForText(thought!['text'] as string);
    expect(body.usageMetadata['thoughtsTokenCount']).toBe(thoughts);
    expect(body.usageMetadata['totalTokenCount']).toBe(body.usageMetadata['promptTokenCount']! + body.usageMetadata['candidatesTokenCount']! + thoughts);
  });

  it('truncates at maxOutputTokens with MAX_TOKENS, and answers JSON when asked', async () => {
    const truncated = (await (await generate('gemini-2.5-flash', { ...hello, generationConfig: { maxOutputTokens: 2 } })).json()) as {
      candidates: Array<{ content: { parts: Array<{ text: string }> }; finishReason: string }>;
    };
    expect(truncated.candidates[0]).toMatchObject({ content: { parts: [{ text: 'You said' }] }, finishReason: 'MAX_TOKENS' });
    const json = (await (await generate('gemini-2.5-flash', { ...hello, generationConfig: { responseMimeType: 'application/json' } })).json()) as {
      candidates: Array<{ content: { parts: Array<{ text: string }> } }>;
    };
    expect(JSON.parse(json.candidates[0]!.content.parts[0]!.text)).toEqual({ text: 'You said: hello there' });
  });

  it('takes snake_case field names, as Google parses both spellings', async () => {
    const response = await generate('gemini-2.5-flash', {
      contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
      system_instruction: { parts: [{ text: 'Be brief.' }] },
      generation_config: { max_output_tokens: 100 },
    });
    expect(response.status).toBe(200);
  });

  it('uses configured usage figures, cached tokens included', async () => {
    mock.enqueue({ usage: { promptTokenCount: 100, cachedContentTokenCount: 60, thoughtsTokenCount: 7 } });
    const body = (await (await generate('gemini-2.5-flash', hello)).json()) as { usageMetadata: Record<string, unknown> };
    const output = geminiTokensForText('You said: hello there');
    expect(body.usageMetadata).toEqual({
      promptTokenCount: 100,
      candidatesTokenCount: output,
      totalTokenCount: 107 + output,
      cachedContentTokenCount: 60,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 100 }],
      thoughtsTokenCount: 7,
    });
  });
});

describe('streamGenerateContent?alt=sse', () => {
  it('frames chunks as data: …\\r\\n\\r\\n with cumulative usage and the finish reason last', async () => {
    const response = await generate('gemini-2.5-flash', { contents: [{ role: 'user', parts: [{ text: 'tell me about the weather in Paris today' }] }] }, { stream: true });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const chunks = await sseChunks(response);
    expect(chunks.length).toBeGreaterThan(2);
    const texts = chunks.map((chunk) => ((chunk['candidates'] as Array<{ content?: { parts: Array<{ text?: string }> } }>)[0]!.content?.parts ?? []).map((part) => part.text ?? '').join(''));
    expect(texts.join('')).toBe('You said: tell me about the weather in Paris today');
    const counts = chunks.map((chunk) => (chunk['usageMetadata'] as { candidatesTokenCount: number }).candidatesTokenCount);
    expect(counts).toEqual([...counts].sort((a, b) => a - b));
    expect(counts.at(-1)).toBe(geminiTokensForText('You said: tell me about the weather in Paris today'));
    expect((chunks.at(-1)!['candidates'] as Array<{ finishReason?: string }>)[0]!.finishReason).toBe('STOP');
    for (const chunk of chunks.slice(0, -1)) expect((chunk['candidates'] as Array<{ finishReason?: string }>)[0]!.finishReason).toBeUndefined();
    const ids = new Set(chunks.map((chunk) => chunk['responseId']));
    expect(ids.size).toBe(1);
  });

  it('streams a function call whole, then an empty text part with STOP, as recorded from Google', async () => {
    const chunks = await sseChunks(await generate('gemini-3-pro-preview', { contents: [{ role: 'user', parts: [{ text: 'call weather {"city":"Oslo"}' }] }], tools: [weather] }, { stream: true }));
    expect(chunks.map((chunk) => chunk['candidates'])).toEqual([
      [{ content: { parts: [{ functionCall: { name: 'weather', args: { city: 'Oslo' } }, thoughtSignature: mockThoughtSignature('gemini-3-pro-preview', 'weather') }], role: 'model' }, index: 0 }],
      [{ content: { parts: [{ text: '' }], role: 'model' }, finishReason: 'STOP', index: 0 }],
    ]);
  });

  it('ends a signed text stream with an empty signature-only part', async () => {
    const chunks = await sseChunks(await generate('gemini-3-pro-preview', hello, { stream: true }));
    expect((chunks.at(-1)!['candidates'] as unknown[])[0]).toEqual({
      content: { parts: [{ text: '', thoughtSignature: mockThoughtSignature('gemini-3-pro-preview', 'text') }], role: 'model' },
      finishReason: 'STOP',
      index: 0,
    });
  });

  it('refuses a stream request without alt=sse', async () => {
    const response = await generate('gemini-2.5-flash', hello, { stream: true, query: '' });
    expect(response.status).toBe(400);
    expect((await errorOf(response)).message).toContain('alt=sse');
  });
});

describe('auth', () => {
  it('refuses a key in the URL even alongside a valid header: Switchyard must never send one', async () => {
    const response = await generate('gemini-2.5-flash', hello, { query: `?key=${KEY}` });
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.status).toBe('INVALID_ARGUMENT');
    expect(error.message).toContain('does not accept API keys in URLs');
  });

  it('answers a missing key with 403 PERMISSION_DENIED and a wrong one with 400 API_KEY_INVALID, as Google does', async () => {
    const missing = await generate('gemini-2.5-flash', hello, { key: null });
    expect(missing.status).toBe(403);
    expect((await errorOf(missing)).status).toBe('PERMISSION_DENIED');
    const wrong = await generate('gemini-2.5-flash', hello, { key: 'sk-not-google' });
    expect(wrong.status).toBe(400);
    const error = await errorOf(wrong);
    expect(error).toMatchObject({ status: 'INVALID_ARGUMENT', message: 'API key not valid. Please pass a valid API key.' });
    expect(error.details).toEqual([expect.objectContaining({ reason: 'API_KEY_INVALID' })]);
  });
});

describe('validation like the real API', () => {
  async function refusal(model: string, body: unknown): Promise<string> {
    const response = await generate(model, body);
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.status).toBe('INVALID_ARGUMENT');
    return error.message;
  }

  it('refuses unknown fields anywhere, protobuf-style', async () => {
    expect(await refusal('gemini-2.5-flash', { ...hello, messages: [] })).toBe('Invalid JSON payload received. Unknown name "messages": Cannot find field.');
    expect(await refusal('gemini-2.5-flash', { contents: [{ role: 'user', parts: [{ text: 'x', cache_control: {} }] }] })).toBe(
      `Invalid JSON payload received. Unknown name "cache_control" at 'contents[0].parts[0]': Cannot find field.`,
    );
    expect(await refusal('gemini-2.5-flash', { ...hello, generationConfig: { max_tokens: 5 } })).toBe(
      `Invalid JSON payload received. Unknown name "max_tokens" at 'generation_config': Cannot find field.`,
    );
  });

  it('refuses roles other than user and model, empty contents and empty parts', async () => {
    expect(await refusal('gemini-2.5-flash', { contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] })).toBe('Please use a valid role: user, model.');
    expect(await refusal('gemini-2.5-flash', { contents: [] })).toContain('contents is not specified');
    expect(await refusal('gemini-2.5-flash', { contents: [{ role: 'user', parts: [] }] })).toContain('contents.parts must not be empty.');
  });

  it('refuses a part with two kinds of data, and a function response that is not an object', async () => {
    expect(await refusal('gemini-2.5-flash', { contents: [{ role: 'user', parts: [{ text: 'x', functionCall: { name: 'f', args: {} } }] }] })).toContain(
      "Oneof field 'data' is already set",
    );
    const body = {
      contents: [
        { role: 'user', parts: [{ text: 'x' }] },
        { role: 'model', parts: [{ functionCall: { name: 'weather', args: {} } }] },
        { role: 'user', parts: [{ functionResponse: { name: 'weather', response: 'sunny' } }] },
      ],
    };
    expect(await refusal('gemini-2.5-flash', body)).toContain('(type.googleapis.com/google.protobuf.Struct), "sunny"');
  });

  it('refuses JSON Schema keywords Gemini does not have in function parameters', async () => {
    const withParameters = (parameters: Record<string, unknown>) => ({ ...hello, tools: [{ functionDeclarations: [{ name: 'f', parameters }] }] });
    const at = 'tools[0].function_declarations[0].parameters';
    expect(await refusal('gemini-2.5-flash', withParameters({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }))).toBe(
      `Invalid JSON payload received. Unknown name "additionalProperties" at '${at}': Cannot find field.`,
    );
    expect(await refusal('gemini-2.5-flash', withParameters({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }))).toContain('Unknown name "$schema"');
    expect(await refusal('gemini-2.5-flash', withParameters({ type: 'object', properties: { a: { $ref: '#/$defs/a' } } }))).toContain('Unknown name "$ref"');
    expect(await refusal('gemini-2.5-flash', withParameters({ type: 'object', properties: { n: { type: 'integer', exclusiveMinimum: 0 } } }))).toContain(
      'Unknown name "exclusiveMinimum"',
    );
    expect(await refusal('gemini-2.5-flash', withParameters({ type: 'object', properties: { a: { type: ['string', 'null'] } } }))).toContain(
      'Proto field is not repeating, cannot start list.',
    );
    expect(await refusal('gemini-2.5-flash', withParameters({ type: 'object', properties: { url: { type: 'string', format: 'uri' } } }))).toBe(
      `* GenerateContentRequest.${at}.properties[url].value.format: only 'enum' and 'date-time' are supported for STRING type\n`,
    );
    expect(await refusal('gemini-2.5-flash', withParameters({ type: 'object', properties: {}, required: ['a'] }))).toContain('required[0]: property is not defined');
  });

  it('takes the schema subset Gemini documents, types in either case', async () => {
    const parameters = {
      type: 'OBJECT',
      properties: {
        when: { type: 'string', format: 'date-time', nullable: true },
        kind: { type: 'integer', format: 'enum', enum: ['1', '2'] },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
        any: {},
        choice: { anyOf: [{ type: 'string' }, { type: 'number' }] },
      },
      required: ['kind'],
      propertyOrdering: ['kind', 'when'],
    };
    const response = await generate('gemini-2.5-flash', { ...hello, tools: [{ functionDeclarations: [{ name: 'f', parameters }] }] });
    expect(response.status).toBe(200);
    expect(findGeminiSchemaProblem(parameters, 'p')).toBeNull();
  });

  it('refuses invalid function names', async () => {
    expect(await refusal('gemini-2.5-flash', { ...hello, tools: [{ functionDeclarations: [{ name: 'has space' }] }] })).toContain('Invalid function name.');
  });

  it('pairs function responses with the call turn before them by name and number', async () => {
    const call = { role: 'model', parts: [{ functionCall: { name: 'weather', args: {} } }] };
    const answer = (name: string) => ({ functionResponse: { name, response: { content: 'ok' } } });
    const user = { role: 'user', parts: [{ text: 'x' }] };
    expect(await refusal('gemini-2.5-flash', { contents: [user, call, { role: 'user', parts: [answer('time')] }] })).toContain(
      'matches no function call of the function call turn before it',
    );
    expect(await refusal('gemini-2.5-flash', { contents: [user, call, { role: 'user', parts: [answer('weather'), answer('weather')] }] })).toContain(
      'number of function response parts is equal to the number of function call parts',
    );
    expect(await refusal('gemini-2.5-flash', { contents: [user, { role: 'user', parts: [answer('weather')] }] })).toContain(
      'function response turn comes immediately after a function call turn',
    );
  });

  it('refuses, for Gemini 3 only, a function call of the current turn without its thought signature', async () => {
    const contents = (signature?: string) => [
      { role: 'user', parts: [{ text: 'weather?' }] },
      { role: 'model', parts: [{ functionCall: { name: 'weather', args: {} }, ...(signature ? { thoughtSignature: signature } : {}) }] },
      { role: 'user', parts: [{ functionResponse: { name: 'weather', response: { content: 'sunny' } } }] },
    ];
    expect(await refusal('gemini-3-pro-preview', { contents: contents() })).toContain('Function call is missing a thought_signature');
    expect((await generate('gemini-3-pro-preview', { contents: contents('c2ln') })).status).toBe(200);
    expect((await generate('gemini-3-pro-preview', { contents: contents(SKIP_SIGNATURE_VALUE) })).status).toBe(200);
    expect((await generate('gemini-2.5-flash', { contents: contents() })).status).toBe(200);
    // An earlier turn (a new user text came since) is not checked.
    const later = [...contents(), { role: 'model', parts: [{ text: 'Sunny.' }] }, { role: 'user', parts: [{ text: 'thanks' }] }];
    expect((await generate('gemini-3-pro-preview', { contents: later })).status).toBe(200);
  });

  it('checks thinking settings against the model', async () => {
    expect(await refusal('gemini-2.0-flash', { ...hello, generationConfig: { thinkingConfig: { includeThoughts: true } } })).toBe(
      'Thinking is not enabled for models/gemini-2.0-flash',
    );
    expect(await refusal('gemini-2.5-pro', { ...hello, generationConfig: { thinkingConfig: { thinkingBudget: 0 } } })).toBe(
      'Budget 0 is invalid. This model only works in thinking mode.',
    );
    expect(await refusal('gemini-2.5-flash', { ...hello, generationConfig: { thinkingConfig: { thinkingBudget: 31999 } } })).toBe(
      'The thinking budget 31999 is invalid. Please choose a value between 1 and 24576.',
    );
    expect(await refusal('gemini-3-pro-preview', { ...hello, generationConfig: { thinkingConfig: { thinkingBudget: 100, thinkingLevel: 'low' } } })).toContain(
      'only one of thinking budget and thinking level',
    );
    expect(await refusal('gemini-2.5-flash', { ...hello, generationConfig: { thinkingConfig: { thinkingLevel: 'low' } } })).toBe(
      'Thinking level is not supported for this model.',
    );
  });

  it('answers an unknown model and a body that is not JSON', async () => {
    const unknown = await generate('gemini-9', hello);
    expect(unknown.status).toBe(404);
    expect((await errorOf(unknown)).message).toContain('models/gemini-9 is not found for API version v1beta');
    const embedding = await generate('gemini-embedding-001', hello);
    expect(embedding.status).toBe(404);
    expect(await refusal('gemini-2.5-flash', 'not json')).toContain('Invalid JSON payload received.');
  });
});

describe('models', () => {
  it('lists models with their generation methods, a page at a time', async () => {
    const response = await fetch(`${mock.baseUrl}/v1beta/models?pageSize=3`, { headers: { 'x-goog-api-key': KEY } });
    const first = (await response.json()) as { models: Array<{ name: string; supportedGenerationMethods: string[] }>; nextPageToken?: string };
    expect(first.models.map((model) => model.name)).toEqual(['models/gemini-2.5-pro', 'models/gemini-2.5-flash', 'models/gemini-2.5-flash-lite']);
    expect(first.models[0]!.supportedGenerationMethods).toContain('generateContent');
    const all = (await (await fetch(`${mock.baseUrl}/v1beta/models?pageSize=1000`, { headers: { 'x-goog-api-key': KEY } })).json()) as {
      models: Array<{ name: string; supportedGenerationMethods: string[] }>;
      nextPageToken?: string;
    };
    expect(all.nextPageToken).toBeUndefined();
    expect(all.models.find((model) => model.name === 'models/gemini-embedding-001')!.supportedGenerationMethods).not.toContain('generateContent');
    const single = await fetch(`${mock.baseUrl}/v1beta/models/gemini-2.5-flash`, { headers: { 'x-goog-api-key': KEY } });
    expect(((await single.json()) as { name: string }).name).toBe('models/gemini-2.5-flash');
  });
});

describe('scripted behaviours', () => {
  it('sends 429 RESOURCE_EXHAUSTED with retry-after and RetryInfo, then 503 and 500, in queue order', async () => {
    mock.enqueue({ status: 429, retryAfter: '7' }, { status: 503 }, { status: 500 });
    const limited = await generate('gemini-2.5-flash', hello);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    const error = await errorOf(limited);
    expect(error.status).toBe('RESOURCE_EXHAUSTED');
    expect(error.details).toEqual([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '7s' }]);
    const overloaded = await generate('gemini-2.5-flash', hello);
    expect(await errorOf(overloaded)).toMatchObject({ code: 503, status: 'UNAVAILABLE', message: 'The model is overloaded. Please try again later.' });
    expect((await errorOf(await generate('gemini-2.5-flash', hello))).status).toBe('INTERNAL');
    expect((await generate('gemini-2.5-flash', hello)).status).toBe(200);
  });

  it('scripts per key, leaving the queue to other keys', async () => {
    mock.behaviourFor('AIzaOther', { reply: 'scripted' });
    mock.enqueue({ status: 503 });
    const keyed = (await (await generate('gemini-2.5-flash', hello, { key: 'AIzaOther' })).json()) as { candidates: Array<{ content: { parts: unknown[] } }> };
    expect(keyed.candidates[0]!.content.parts).toEqual([{ text: 'scripted' }]);
    expect((await generate('gemini-2.5-flash', hello)).status).toBe(503);
  });

  it('resets the connection, and records a client that gives up on a hung stream', async () => {
    mock.enqueue({ resetConnection: true });
    await expect(generate('gemini-2.5-flash', hello)).rejects.toThrow();
    mock.enqueue({ hang: true });
    const controller = new AbortController();
    const response = await fetch(`${mock.baseUrl}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'x-goog-api-key': KEY },
      body: JSON.stringify(hello),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    const first = await reader.read();
    expect(Buffer.from(first.value!).toString('utf8')).toMatch(/^data: \{/);
    controller.abort();
    await waitFor(() => mock.requests.at(-1)!.aborted, { description: 'the hung stream is recorded as aborted' });
  });

  it('sends scripted chunks framed as Google frames them', async () => {
    mock.enqueue({ streamChunks: ['{"a":1}', '{"b":2}'] });
    const text = await (await generate('gemini-2.5-flash', hello, { stream: true })).text();
    expect(text).toBe('data: {"a":1}\r\n\r\ndata: {"b":2}\r\n\r\n');
  });
});

describe(recordedSuite('recorded replay', 'gemini'), () => {
  it('replays a recorded stream verbatim and the recorded body for a non-stream request', async () => {
    mock.enqueue({ replayRecorded: 'google-tool-call' }, { replayRecorded: 'google-text' });
    const chunks = await readRecordedGeminiChunks('google-tool-call');
    const text = await (await generate('gemini-3-pro-preview', hello, { stream: true })).text();
    expect(text).toBe(chunks.map((chunk) => `data: ${chunk}\r\n\r\n`).join(''));
    const body = (await (await generate('gemini-3-pro-preview', hello)).json()) as { responseId: string };
    expect(body.responseId).toBe('Un6LacrVMcjUxs0PmJfWoQc');
  });
});
