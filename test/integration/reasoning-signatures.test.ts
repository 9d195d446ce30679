import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlockParam, Message, MessageCreateParamsNonStreaming, MessageParam } from '@anthropic-ai/sdk/resources/messages';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockSignature, startMockAnthropic, type MockAnthropic } from '../support/mock-anthropic-upstream.js';
import { mockThoughtSignature, SKIP_SIGNATURE_VALUE, startMockGemini, type MockGemini } from '../support/mock-gemini-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// A conversation through the Anthropic door that moves between families (failover, a changed alias,
// a pinned provider). Claude Code sends back every thinking block with the signature it got, and only
// the family that issued a signature accepts it: Gemini's signatures reach the client tagged
// `gemini:`, so neither family is ever handed the other's. Both mocks check signatures as their
// vendors do (the Anthropic mock accepts only signatures it issued).

let anthropicUpstream: MockAnthropic;
let geminiUpstream: MockGemini;
let gateway: TestGateway;
let client: Anthropic;
let openaiClient: OpenAI;

beforeAll(async () => {
  anthropicUpstream = await startMockAnthropic();
  geminiUpstream = await startMockGemini();
  gateway = await startTestGateway({
    providers: [
      { id: 'gem', type: 'gemini', baseUrl: geminiUpstream.baseUrl, keys: [{ id: 'ge-1', secret: 'AIza-main-0001' }], models: ['gemini-2.5-flash', 'gemini-3-pro-preview'] },
      { id: 'ant', type: 'anthropic', baseUrl: anthropicUpstream.baseUrl, keys: [{ id: 'an-1', secret: 'sk-ant-main-0001' }], models: ['claude-sonnet-4-5'] },
    ],
  });
  client = new Anthropic({ baseURL: gateway.url, apiKey: testClientKey, maxRetries: 0 });
  openaiClient = new OpenAI({ baseURL: gateway.baseUrl, apiKey: testClientKey, maxRetries: 0 });
});

afterEach(() => {
  anthropicUpstream.reset();
  geminiUpstream.reset();
});

afterAll(async () => {
  await gateway?.dispose();
  await anthropicUpstream?.close();
  await geminiUpstream?.close();
});

const weather = { name: 'weather', description: 'The weather in a city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] } };
const thinking = { type: 'enabled' as const, budget_tokens: 2048 };

/** One turn through the gateway's /v1/messages, streamed (the SDK's accumulator reads the events) or not. */
async function turn(body: MessageCreateParamsNonStreaming, stream: boolean): Promise<Message> {
  return stream ? client.messages.stream(body).finalMessage() : client.messages.create(body);
}

/** An answer's blocks as the client sends them back on the next turn. */
const history = (message: Message): ContentBlockParam[] => JSON.parse(JSON.stringify(message.content)) as ContentBlockParam[];

describe.each([
  { mode: 'streamed', stream: true },
  { mode: 'not streamed', stream: false },
])('a conversation through /v1/messages that changes family ($mode)', ({ stream }) => {
  it("starts on Gemini, whose thinking comes back signed `gemini:…`, and goes on on Anthropic, which never sees Gemini's signature", async () => {
    const question: MessageParam = { role: 'user', content: 'What is the capital of France?' };
    const first = await turn({ model: 'gem/gemini-2.5-flash', max_tokens: 4096, thinking, messages: [question] }, stream);
    // Gemini signs the part after its thoughts: the non-streamed answer signs the thinking block, the
    // streamed one an empty thinking block after the text (Gemini's trailing signature-only part).
    const signed = first.content.filter((block) => block.type === 'thinking' && block.signature !== '');
    expect(signed).toEqual([
      {
        type: 'thinking',
        thinking: stream ? '' : expect.stringContaining('Considering the request'),
        signature: `gemini:${mockThoughtSignature('gemini-2.5-flash', 'text')}`,
      },
    ]);
    expect(first.content.map((block) => block.type)).toEqual(stream ? ['thinking', 'text', 'thinking'] : ['thinking', 'text']);
    expect(geminiUpstream.requests).toHaveLength(1);

    const messages: MessageParam[] = [question, { role: 'assistant', content: history(first) }, { role: 'user', content: 'And of Italy?' }];
    const second = await turn({ model: 'ant/claude-sonnet-4-5', max_tokens: 4096, thinking, messages }, stream);
    const [seen] = anthropicUpstream.requests;
    expect(seen!.status).toBe(200);
    expect(second.content.find((block) => block.type === 'text')).toMatchObject({ text: 'You said: And of Italy?' });
    // The Gemini-signed (and any unsigned) thinking was left out; the rest of the turn went up as the client sent it.
    const sentTurn = (seen!.json as { messages: Array<{ content: Array<{ type: string }> }> }).messages[1]!;
    expect(sentTurn.content.map((block) => block.type)).toEqual(['text']);
    expect(JSON.stringify(seen!.json)).not.toContain('gemini:');

    // Back on Gemini, the same history gives Gemini its own signature, untagged.
    geminiUpstream.reset();
    const third = await turn({ model: 'gem/gemini-2.5-flash', max_tokens: 4096, thinking, messages }, stream);
    expect(third.content.some((block) => block.type === 'text')).toBe(true);
    const [geminiSeen] = geminiUpstream.requests;
    expect(geminiSeen!.status).toBe(200);
    const model = (geminiSeen!.json as { contents: Array<{ role: string; parts: Array<{ thoughtSignature?: string }> }> }).contents[1]!;
    expect(model.role).toBe('model');
    expect(model.parts.map((part) => part.thoughtSignature)).toEqual([mockThoughtSignature('gemini-2.5-flash', 'text')]);
  });

  it("starts on Anthropic with a tool call and goes on on Gemini 3, which gets the skip value instead of Anthropic's signature", async () => {
    const question: MessageParam = { role: 'user', content: 'call weather {"city":"Paris"}' };
    const first = await turn({ model: 'ant/claude-sonnet-4-5', max_tokens: 4096, thinking, tools: [weather], messages: [question] }, stream);
    const firstThinking = first.content.find((block) => block.type === 'thinking');
    expect(firstThinking).toMatchObject({ type: 'thinking', signature: mockSignature(firstThinking?.type === 'thinking' ? firstThinking.thinking : '') });
    const call = first.content.find((block) => block.type === 'tool_use');
    expect(call).toMatchObject({ name: 'weather', input: { city: 'Paris' } });

    const messages: MessageParam[] = [
      question,
      { role: 'assistant', content: history(first) },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.type === 'tool_use' ? call!.id : '', content: 'Sunny' }] },
    ];
    const second = await turn({ model: 'gem/gemini-3-pro-preview', max_tokens: 4096, thinking, tools: [weather], messages }, stream);
    expect(second.stop_reason).toBe('end_turn');
    const [seen] = geminiUpstream.requests;
    expect(seen!.status).toBe(200);
    const model = (seen!.json as { contents: Array<{ role: string; parts: Array<{ functionCall?: unknown; thoughtSignature?: string }> }> }).contents[1]!;
    expect(model.parts).toEqual([{ functionCall: { name: 'weather', args: { city: 'Paris' } }, thoughtSignature: SKIP_SIGNATURE_VALUE }]);
    expect(JSON.stringify(seen!.json)).not.toContain(firstThinking?.type === 'thinking' ? firstThinking.signature : 'unreachable');
  });
});

// Anthropic refuses thinking in a request that continues a tool loop whose opening assistant turn
// does not start with a thinking block it signed ("When `thinking` is enabled, a final `assistant`
// message must start with a thinking block…"); the mock refuses it the same way. Such a request goes
// up with thinking off.
describe.each([
  { mode: 'streamed', stream: true },
  { mode: 'not streamed', stream: false },
])('a tool loop that cannot hand Anthropic its thinking back ($mode)', ({ stream }) => {
  it('Claude Code’s loop whose tool_use turn carries Gemini-signed thinking goes on on Anthropic with thinking off', async () => {
    // The turn as Claude Code sends it back after a Gemini provider answered it through the gateway:
    // Gemini's thinking, its signature tagged `gemini:`, before the call.
    const messages: MessageParam[] = [
      { role: 'user', content: 'What is the weather in Paris?' },
      {
        role: 'assistant',
        content: [
          { type: 'thinking', thinking: 'I should look the weather up.', signature: `gemini:${mockThoughtSignature('gemini-2.5-flash', 'call')}` },
          { type: 'tool_use', id: 'toolu_01Gem', name: 'weather', input: { city: 'Paris' } },
        ],
      },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01Gem', content: 'Sunny' }] },
    ];
    const second = await turn({ model: 'ant/claude-sonnet-4-5', max_tokens: 4096, thinking, tools: [weather], messages }, stream);
    const [seen] = anthropicUpstream.requests;
    expect(seen!.status).toBe(200);
    // No thinking asked for, none given: the answer is the text alone.
    expect(second.content.map((block) => block.type)).toEqual(['text']);
    expect(second.content[0]).toMatchObject({ type: 'text', text: 'Tool weather returned: Sunny' });
    const sent = seen!.json as { thinking?: unknown; messages: Array<{ role: string; content: Array<{ type: string }> }> };
    expect(sent).not.toHaveProperty('thinking');
    expect(sent.messages[1]!.content.map((block) => block.type)).not.toContain('thinking');
    expect(JSON.stringify(sent)).not.toContain('gemini:');
  });
});

describe.each([
  { mode: 'streamed', stream: true },
  { mode: 'not streamed', stream: false },
])('an OpenAI client continuing a tool loop on Anthropic with reasoning_effort ($mode)', ({ stream }) => {
  it('is answered: its reasoning carries no signature, so the request goes up with thinking off', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'weather', description: 'The weather in a city', parameters: weather.input_schema } }];
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: 'call weather {"city":"Paris"}' };
    const body = { model: 'ant/claude-sonnet-4-5', reasoning_effort: 'low' as const, max_completion_tokens: 8000, tools };

    const first = await openaiClient.chat.completions.create({ ...body, messages: [question] });
    expect(anthropicUpstream.requests[0]!.json).toMatchObject({ thinking: { type: 'enabled' } });
    const toolCall = first.choices[0]!.message.tool_calls?.[0];
    expect(toolCall).toMatchObject({ type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } });
    anthropicUpstream.reset();

    const messages: OpenAI.ChatCompletionMessageParam[] = [
      question,
      // What an OpenAI client sends back: the calls (reasoning, if kept, as bare text without a signature).
      { role: 'assistant', content: null, tool_calls: [toolCall as OpenAI.ChatCompletionMessageFunctionToolCall] },
      { role: 'tool', tool_call_id: toolCall!.id, content: 'Sunny' },
    ];
    let text = '';
    if (stream) {
      const chunks = await openaiClient.chat.completions.create({ ...body, messages, stream: true });
      for await (const chunk of chunks) text += chunk.choices[0]?.delta.content ?? '';
    } else {
      const second = await openaiClient.chat.completions.create({ ...body, messages });
      text = second.choices[0]!.message.content ?? '';
    }
    expect(text).toBe('Tool weather returned: Sunny');
    const [seen] = anthropicUpstream.requests;
    expect(seen!.status).toBe(200);
    expect(seen!.json).not.toHaveProperty('thinking');
  });
});
