import Anthropic from '@anthropic-ai/sdk';
import type { ContentBlock, ContentBlockParam, MessageStreamEvent, Tool } from '@anthropic-ai/sdk/resources/messages';
import OpenAI from 'openai';
import type { ChatCompletionChunk, ChatCompletionMessageParam, ChatCompletionTool } from 'openai/resources/chat/completions';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mockThinkingFor, startMockAnthropic, type MockAnthropic } from '../support/mock-anthropic-upstream.js';
import { startMockAzureOpenAI, type MockAzureOpenAI } from '../support/mock-azure-openai-upstream.js';
import { mockThoughtSignature, startMockGemini, type MockGemini } from '../support/mock-gemini-upstream.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// The conversion matrix: both inbound doors, each through its official SDK, to every provider type,
// for every kind of request users complain rival gateways break. Each cell checks what the client's
// SDK made of the answer AND what the upstream received, in the upstream's own format. The mocks
// refuse what the real APIs refuse (unknown fields, unpaired tool results, bad schemas), so a wrong
// conversion fails the cell loudly.

const doors = ['openai', 'anthropic'] as const;
const targetTypes = ['openai', 'anthropic', 'gemini', 'azure-openai', 'openai-compatible'] as const;
const scenarios = ['text', 'stream', 'tools', 'streamed tools', 'image', 'reasoning'] as const;

type Door = (typeof doors)[number];
type TargetType = (typeof targetTypes)[number];
type Scenario = (typeof scenarios)[number];
type UpstreamFormat = 'openai-chat' | 'anthropic-messages' | 'gemini';

/** What every mock records of a request; the mocks' own record types all have these fields. */
interface SeenRequest {
  path: string;
  body: string;
  json: unknown;
  apiKey: string | undefined;
  status: number | undefined;
}

interface Target {
  format: UpstreamFormat;
  /** The model this provider serves for ordinary requests, and the one for reasoning requests. */
  model: string;
  reasoningModel: string;
  requests(): SeenRequest[];
  /** Where a chat request for `model` must land on this upstream. */
  path(model: string, stream: boolean): string;
}

/** A 1×1 PNG. */
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const weatherSchema = {
  type: 'object',
  properties: { city: { type: 'string', description: 'The city name' } },
  required: ['city'],
};
const weatherDescription = 'The current weather in a city';
const openaiWeatherTool: ChatCompletionTool = {
  type: 'function',
  function: { name: 'weather', description: weatherDescription, parameters: weatherSchema },
};
const anthropicWeatherTool: Tool = {
  name: 'weather',
  description: weatherDescription,
  input_schema: weatherSchema as Tool['input_schema'],
};
const callWeather = 'call weather {"city":"Paris"}';
const weatherResult = '{"temperature":18,"sky":"clear"}';
const reasoningPrompt = 'Think about 17 * 23';
const deepseekReasoning = 'The user wants 17 * 23. That is 391.';

let openaiUpstream: MockOpenAI;
let compatibleUpstream: MockOpenAI;
let azureUpstream: MockAzureOpenAI;
let anthropicUpstream: MockAnthropic;
let geminiUpstream: MockGemini;
let gateway: TestGateway;
let openaiClient: OpenAI;
let anthropicClient: Anthropic;
/** The bodies the SDKs sent to the gateway, as bytes, to check the same-format path forwards them untouched. */
const clientBodies: string[] = [];
let targets: Record<TargetType, Target>;

const capturingFetch = (async (input: string | URL | Request, init?: RequestInit) => {
  if (typeof init?.body === 'string') clientBodies.push(init.body);
  return fetch(input, init);
}) as typeof fetch;

beforeAll(async () => {
  [openaiUpstream, compatibleUpstream, azureUpstream, anthropicUpstream, geminiUpstream] = await Promise.all([
    startMockOpenAI(),
    startMockOpenAI({ models: ['deepseek-chat', 'deepseek-reasoner'], snapshots: {} }),
    startMockAzureOpenAI({ deployments: { 'gpt41-prod': 'gpt-4.1', 'o3-mini-prod': 'o3-mini' } }),
    startMockAnthropic(),
    startMockGemini(),
  ]);
  targets = {
    openai: {
      format: 'openai-chat',
      model: 'gpt-4o',
      // gpt-4o refuses reasoning_effort; the o-series takes it.
      reasoningModel: 'o4-mini',
      requests: () => openaiUpstream.requests,
      path: () => '/v1/chat/completions',
    },
    'openai-compatible': {
      format: 'openai-chat',
      model: 'deepseek-chat',
      reasoningModel: 'deepseek-reasoner',
      requests: () => compatibleUpstream.requests,
      path: () => '/v1/chat/completions',
    },
    'azure-openai': {
      format: 'openai-chat',
      model: 'gpt-4.1',
      reasoningModel: 'o3-mini',
      requests: () => azureUpstream.requests,
      path: (model) => `/openai/deployments/${model === 'o3-mini' ? 'o3-mini-prod' : 'gpt41-prod'}/chat/completions?api-version=2024-10-21`,
    },
    anthropic: {
      format: 'anthropic-messages',
      model: 'claude-opus-4-5',
      reasoningModel: 'claude-opus-4-5',
      requests: () => anthropicUpstream.requests,
      path: () => '/v1/messages',
    },
    gemini: {
      format: 'gemini',
      model: 'gemini-2.5-flash',
      reasoningModel: 'gemini-2.5-flash',
      requests: () => geminiUpstream.requests,
      path: (model, stream) => `/v1beta/models/${model}:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
    },
  };
  const two = (prefix: string) => [
    { id: `${prefix}-1`, secret: `${prefix}-key-0001`, priority: 1 },
    { id: `${prefix}-2`, secret: `${prefix}-key-0002`, priority: 2 },
  ];
  gateway = await startTestGateway({
    providers: [
      { id: 'openai-main', type: 'openai', baseUrl: openaiUpstream.baseUrl, keys: [{ id: 'oa-1', secret: 'sk-openai-0001' }], models: ['gpt-4o', 'o4-mini'] },
      {
        id: 'deepseek',
        type: 'openai-compatible',
        baseUrl: compatibleUpstream.baseUrl,
        keys: [{ id: 'ds-1', secret: 'sk-deepseek-0001' }],
        models: ['deepseek-chat', 'deepseek-reasoner'],
      },
      {
        id: 'azure',
        type: 'azure-openai',
        baseUrl: azureUpstream.endpoint,
        apiVersion: '2024-10-21',
        deployments: { 'gpt-4.1': 'gpt41-prod', 'o3-mini': 'o3-mini-prod' },
        keys: [{ id: 'az-1', secret: 'az-key-0001' }],
      },
      { id: 'claude', type: 'anthropic', baseUrl: anthropicUpstream.baseUrl, keys: [{ id: 'an-1', secret: 'sk-ant-main-0001' }], models: ['claude-opus-4-5'] },
      { id: 'gem', type: 'gemini', baseUrl: geminiUpstream.baseUrl, keys: [{ id: 'ge-1', secret: 'AIza-main-0001' }], models: ['gemini-2.5-flash'] },
      // For the error tests, each on models of its own so one test's cooldowns never reach another.
      { id: 'claude-pair', type: 'anthropic', baseUrl: anthropicUpstream.baseUrl, keys: two('sk-ant-pair'), models: ['claude-haiku-4-5'] },
      { id: 'gem-pair', type: 'gemini', baseUrl: geminiUpstream.baseUrl, keys: two('AIza-pair'), models: ['gemini-2.5-pro'] },
      { id: 'claude-overload-a', type: 'anthropic', baseUrl: anthropicUpstream.baseUrl, keys: two('sk-ant-over-a'), models: ['claude-opus-4-1'] },
      { id: 'claude-overload-b', type: 'anthropic', baseUrl: anthropicUpstream.baseUrl, keys: two('sk-ant-over-b'), models: ['claude-sonnet-4-0'] },
      {
        id: 'claude-overload-only',
        type: 'anthropic',
        baseUrl: anthropicUpstream.baseUrl,
        keys: [{ id: 'only-1', secret: 'sk-ant-only-0001' }],
        models: ['claude-3-7-sonnet-20250219'],
      },
    ],
    routing: { strategy: 'priority', retries: 2 },
  });
  openaiClient = new OpenAI({ apiKey: testClientKey, baseURL: gateway.baseUrl, maxRetries: 0, fetch: capturingFetch });
  anthropicClient = new Anthropic({ apiKey: testClientKey, baseURL: gateway.url, maxRetries: 0, fetch: capturingFetch });
});

afterEach(() => {
  for (const upstream of [openaiUpstream, compatibleUpstream, azureUpstream, anthropicUpstream, geminiUpstream]) upstream.reset();
  clientBodies.length = 0;
});

afterAll(async () => {
  await gateway?.dispose();
  await Promise.all([openaiUpstream, compatibleUpstream, azureUpstream, anthropicUpstream, geminiUpstream].map((upstream) => upstream?.close()));
});

// ---------------------------------------------------------------------------------------------------
// Helpers

/** The requests the target received; every other upstream must have received none. */
function upstreamRequests(target: Target, count: number): SeenRequest[] {
  const seen = target.requests();
  const everywhere = [openaiUpstream, compatibleUpstream, azureUpstream, anthropicUpstream, geminiUpstream].reduce((sum, upstream) => sum + upstream.requests.length, 0);
  expect(seen).toHaveLength(count);
  expect(everywhere).toBe(count);
  return seen;
}

function isSameFormat(door: Door, target: Target): boolean {
  return door === 'openai' ? target.format === 'openai-chat' : target.format === 'anthropic-messages';
}

/** Same format: the client's bytes went up as they were (the model already names the upstream's model). */
function expectForwardedUntouched(seen: SeenRequest, clientBody: string | undefined): void {
  expect(clientBody).toBeDefined();
  expect(seen.body).toBe(clientBody);
}

/** The fields of an upstream body these tests read, in any of the three formats. */
interface UpstreamBody {
  messages?: Array<{ role: string; content?: unknown; tool_calls?: Array<{ id: string }> }>;
  contents?: Array<{ role: string; parts?: unknown }>;
  tools?: unknown;
  generationConfig?: unknown;
  thinking?: unknown;
  reasoning_effort?: unknown;
  max_tokens?: unknown;
  max_completion_tokens?: unknown;
}

function json(seen: SeenRequest): UpstreamBody {
  return seen.json as UpstreamBody;
}

/** Anthropic's stream grammar as the SDK sees it (it swallows pings): blocks one at a time, numbered from 0. */
function expectAnthropicEventOrder(events: MessageStreamEvent[]): void {
  expect(events[0]?.type).toBe('message_start');
  expect(events.slice(-2).map((event) => event.type)).toEqual(['message_delta', 'message_stop']);
  let open: number | null = null;
  let next = 0;
  for (const event of events.slice(1, -2)) {
    if (event.type === 'content_block_start') {
      expect(open).toBeNull();
      expect(event.index).toBe(next);
      open = event.index;
    } else if (event.type === 'content_block_delta') {
      expect(event.index).toBe(open);
    } else if (event.type === 'content_block_stop') {
      expect(event.index).toBe(open);
      open = null;
      next += 1;
    } else {
      throw new Error(`unexpected ${event.type} inside the content`);
    }
  }
  expect(open).toBeNull();
  expect(next).toBeGreaterThan(0);
}

/** Content blocks of an answer, as a client sends them back on the next turn. */
function asParams(content: ContentBlock[]): ContentBlockParam[] {
  return content.map((block): ContentBlockParam => {
    switch (block.type) {
      case 'text':
        return { type: 'text', text: block.text };
      case 'tool_use':
        return { type: 'tool_use', id: block.id, name: block.name, input: block.input };
      case 'thinking':
        return { type: 'thinking', thinking: block.thinking, signature: block.signature };
      default:
        throw new Error(`no test sends back a ${block.type} block`);
    }
  });
}

/**
 * Each mock's answer once it has the tool's result. The Azure mock has no such convention: it echoes
 * the last user text; that its upstream got the result, paired with its call, is checked on the request.
 */
function toolAnswer(type: TargetType): string {
  switch (type) {
    case 'openai':
    case 'openai-compatible':
    case 'anthropic':
      return `Tool weather returned: ${weatherResult}`;
    case 'gemini':
      // Gemini's mock writes back the functionResponse it got: the result, parsed into a Struct.
      return `Tool weather returned: ${JSON.stringify(JSON.parse(weatherResult))}`;
    case 'azure-openai':
      return `You said: ${callWeather}`;
  }
}

/** DeepSeek's reasoner stream (as recorded in test/fixtures/recorded/openai/deepseek-tool-call): reasoning_content first, then the answer. */
function deepseekReasoningStream(reasoning: string, answer: string): string[] {
  const chunk = (delta: Record<string, unknown>, finishReason: string | null = null, usage: unknown = null) =>
    JSON.stringify({
      id: 'cca85624-4056-401f-b220-d77601d1f70d',
      object: 'chat.completion.chunk',
      created: 1764664568,
      model: 'deepseek-reasoner',
      system_fingerprint: 'fp_eaab8d114b_prod0820_fp8_kvcache',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      usage,
    });
  const words = (text: string) => text.match(/\s*\S+/g) ?? [];
  return [
    chunk({ role: 'assistant', content: null, reasoning_content: '' }),
    ...words(reasoning).map((piece) => chunk({ content: null, reasoning_content: piece })),
    ...words(answer).map((piece) => chunk({ content: piece, reasoning_content: null })),
    chunk({ content: '', reasoning_content: null }, 'stop', {
      prompt_tokens: 12,
      completion_tokens: 30,
      total_tokens: 42,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 20 },
    }),
  ];
}

// ---------------------------------------------------------------------------------------------------
// What the upstream must have received, in its own format

function expectUpstreamTools(target: Target, body: UpstreamBody): void {
  switch (target.format) {
    case 'openai-chat':
      expect(body.tools).toEqual([openaiWeatherTool]);
      return;
    case 'anthropic-messages':
      expect(body.tools).toEqual([{ name: 'weather', description: weatherDescription, input_schema: weatherSchema }]);
      return;
    case 'gemini':
      expect(body.tools).toEqual([{ functionDeclarations: [{ name: 'weather', description: weatherDescription, parameters: weatherSchema }] }]);
      return;
  }
}

/** The second turn: the call and its result, paired the way the upstream pairs them. */
function expectUpstreamToolResult(target: Target, body: UpstreamBody, callId: string): void {
  switch (target.format) {
    case 'openai-chat': {
      const messages = body.messages ?? [];
      expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
      expect(messages[1]!.tool_calls).toEqual([{ id: callId, type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } }]);
      expect(messages[2]).toEqual({ role: 'tool', tool_call_id: callId, content: weatherResult });
      return;
    }
    case 'anthropic-messages': {
      const messages = body.messages ?? [];
      expect(messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
      expect(messages[1]!.content).toContainEqual({ type: 'tool_use', id: callId, name: 'weather', input: { city: 'Paris' } });
      expect(messages[2]!.content).toEqual([{ type: 'tool_result', tool_use_id: callId, content: [{ type: 'text', text: weatherResult }] }]);
      return;
    }
    case 'gemini': {
      const contents = body.contents ?? [];
      expect(contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
      expect(contents[1]!.parts).toEqual([expect.objectContaining({ functionCall: { name: 'weather', args: { city: 'Paris' } } })]);
      expect(contents[2]!.parts).toEqual([{ functionResponse: { name: 'weather', response: { temperature: 18, sky: 'clear' } } }]);
      return;
    }
  }
}

function expectUpstreamImage(target: Target, body: UpstreamBody, imageFirst: boolean): void {
  const text = 'What is in this image?';
  switch (target.format) {
    case 'openai-chat': {
      const parts = [
        { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
        { type: 'text', text },
      ];
      expect(body.messages).toEqual([{ role: 'user', content: imageFirst ? parts : parts.reverse() }]);
      return;
    }
    case 'anthropic-messages': {
      const blocks = [
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
        { type: 'text', text },
      ];
      expect(body.messages).toEqual([{ role: 'user', content: imageFirst ? blocks : blocks.reverse() }]);
      return;
    }
    case 'gemini': {
      const parts = [{ inlineData: { mimeType: 'image/png', data: png } }, { text }];
      expect(body.contents).toEqual([{ role: 'user', parts: imageFirst ? parts : parts.reverse() }]);
      return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The OpenAI door, through the official openai SDK

async function openaiDoor(scenario: Scenario, type: TargetType): Promise<void> {
  const target = targets[type];
  const sameFormat = isSameFormat('openai', target);
  switch (scenario) {
    case 'text': {
      const completion = await openaiClient.chat.completions.create({
        model: target.model,
        messages: [{ role: 'user', content: 'Hello from the OpenAI door' }],
        max_completion_tokens: 1024,
      });
      expect(completion.choices[0]!.message.content).toBe('You said: Hello from the OpenAI door');
      expect(completion.choices[0]!.finish_reason).toBe('stop');
      expect(completion.usage!.prompt_tokens).toBeGreaterThan(0);
      expect(completion.usage!.completion_tokens).toBeGreaterThan(0);
      expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + completion.usage!.completion_tokens);

      const [seen] = upstreamRequests(target, 1);
      expect(seen!.path).toBe(target.path(target.model, false));
      if (sameFormat) return expectForwardedUntouched(seen!, clientBodies[0]);
      if (target.format === 'anthropic-messages') {
        expect(seen!.json).toEqual({
          model: target.model,
          max_tokens: 1024,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello from the OpenAI door' }] }],
          stream: false,
        });
      } else {
        expect(seen!.json).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hello from the OpenAI door' }] }], generationConfig: { maxOutputTokens: 1024 } });
      }
      return;
    }

    case 'stream': {
      const chunks: ChatCompletionChunk[] = [];
      const stream = openaiClient.chat.completions.stream({
        model: target.model,
        messages: [{ role: 'user', content: 'Stream to the OpenAI door' }],
        max_completion_tokens: 1024,
        stream_options: { include_usage: true },
      });
      stream.on('chunk', (chunk) => chunks.push(chunk));
      const completion = await stream.finalChatCompletion();
      expect(completion.choices[0]!.message.content).toBe('You said: Stream to the OpenAI door');
      expect(completion.choices[0]!.finish_reason).toBe('stop');
      // Streamed in pieces, and the usage chunk last, as include_usage asks.
      expect(chunks.filter((chunk) => chunk.choices[0]?.delta.content).length).toBeGreaterThan(1);
      const last = chunks.at(-1)!;
      expect(last.choices).toEqual([]);
      expect(last.usage!.prompt_tokens).toBeGreaterThan(0);
      expect(last.usage!.completion_tokens).toBeGreaterThan(0);
      expect(last.usage!.total_tokens).toBe(last.usage!.prompt_tokens + last.usage!.completion_tokens);

      const [seen] = upstreamRequests(target, 1);
      expect(seen!.path).toBe(target.path(target.model, true));
      if (sameFormat) return expectForwardedUntouched(seen!, clientBodies[0]);
      if (target.format === 'anthropic-messages') {
        expect(seen!.json).toEqual({
          model: target.model,
          max_tokens: 1024,
          messages: [{ role: 'user', content: [{ type: 'text', text: 'Stream to the OpenAI door' }] }],
          stream: true,
        });
      } else {
        expect(seen!.json).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Stream to the OpenAI door' }] }], generationConfig: { maxOutputTokens: 1024 } });
      }
      return;
    }

    case 'tools':
    case 'streamed tools': {
      const streamed = scenario === 'streamed tools';
      const ask = async (messages: ChatCompletionMessageParam[]) => {
        const params = { model: target.model, messages, tools: [openaiWeatherTool], max_completion_tokens: 1024 };
        if (!streamed) return { completion: await openaiClient.chat.completions.create(params), chunks: [] as ChatCompletionChunk[] };
        const chunks: ChatCompletionChunk[] = [];
        const stream = openaiClient.chat.completions.stream({ ...params, stream_options: { include_usage: true } });
        stream.on('chunk', (chunk) => chunks.push(chunk));
        return { completion: await stream.finalChatCompletion(), chunks };
      };
      const user: ChatCompletionMessageParam = { role: 'user', content: callWeather };
      const first = await ask([user]);
      const message = first.completion.choices[0]!.message;
      expect(first.completion.choices[0]!.finish_reason).toBe('tool_calls');
      expect(message.tool_calls).toHaveLength(1);
      const call = message.tool_calls![0]!;
      if (call.type !== 'function') throw new Error(`a ${call.type} tool call`);
      expect(call.function.name).toBe('weather');
      expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Paris' });
      expect(call.id).not.toBe('');
      if (streamed) {
        // The arguments arrived as deltas of the one call the first tool-call chunk opened.
        const callChunks = toolCallDeltas(first.chunks);
        expect(callChunks[0]).toMatchObject({ index: 0, id: call.id, type: 'function', function: { name: 'weather' } });
        expect(callChunks.every((piece) => piece.index === 0)).toBe(true);
        expect(callChunks.map((piece) => piece.function?.arguments ?? '').join('')).toBe(call.function.arguments);
      }

      const second = await ask([
        user,
        { role: 'assistant', content: message.content, tool_calls: [{ id: call.id, type: 'function', function: { name: 'weather', arguments: call.function.arguments } }] },
        { role: 'tool', tool_call_id: call.id, content: weatherResult },
      ]);
      expect(second.completion.choices[0]!.finish_reason).toBe('stop');
      expect(second.completion.choices[0]!.message.content).toBe(toolAnswer(type));

      const [firstSeen, secondSeen] = upstreamRequests(target, 2);
      expect(firstSeen!.status).toBe(200);
      expect(secondSeen!.status).toBe(200);
      if (sameFormat) {
        expectForwardedUntouched(firstSeen!, clientBodies[0]);
        expectForwardedUntouched(secondSeen!, clientBodies[1]);
        return;
      }
      expectUpstreamTools(target, json(firstSeen!));
      expectUpstreamTools(target, json(secondSeen!));
      // The call id the client saw goes back up unchanged, paired with its result.
      expectUpstreamToolResult(target, json(secondSeen!), call.id);
      return;
    }

    case 'image': {
      const completion = await openaiClient.chat.completions.create({
        model: target.model,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is in this image?' },
              { type: 'image_url', image_url: { url: `data:image/png;base64,${png}` } },
            ],
          },
        ],
        max_completion_tokens: 1024,
      });
      expect(completion.choices[0]!.message.content).toBe('You said: What is in this image?');
      const [seen] = upstreamRequests(target, 1);
      if (sameFormat) return expectForwardedUntouched(seen!, clientBodies[0]);
      expectUpstreamImage(target, json(seen!), false);
      return;
    }

    case 'reasoning': {
      const model = target.reasoningModel;
      // DeepSeek's reasoner is the OpenAI-format upstream that answers with its reasoning.
      if (type === 'openai-compatible') compatibleUpstream.enqueue({ streamChunks: deepseekReasoningStream(deepseekReasoning, `You said: ${reasoningPrompt}`) });
      const chunks: ChatCompletionChunk[] = [];
      const stream = openaiClient.chat.completions.stream({
        model,
        messages: [{ role: 'user', content: reasoningPrompt }],
        reasoning_effort: 'high',
        max_completion_tokens: 8192,
        stream_options: { include_usage: true },
      });
      stream.on('chunk', (chunk) => chunks.push(chunk));
      const completion = await stream.finalChatCompletion();
      expect(completion.choices[0]!.message.content).toBe(`You said: ${reasoningPrompt}`);
      // `reasoning_content` is no field of the SDK's types; its stream helper keeps only the last piece,
      // so the pieces are joined from the chunks.
      const reasoning = chunks.map((chunk) => (chunk.choices[0]?.delta as { reasoning_content?: string | null } | undefined)?.reasoning_content ?? '').join('');

      const [seen] = upstreamRequests(target, 1);
      expect(seen!.path).toBe(target.path(model, true));
      const body = json(seen!);
      switch (type) {
        case 'openai':
        case 'azure-openai':
          expectForwardedUntouched(seen!, clientBodies[0]);
          expect(body.reasoning_effort).toBe('high');
          // OpenAI's Chat Completions returns no reasoning text.
          expect(reasoning).toBe('');
          return;
        case 'openai-compatible':
          expectForwardedUntouched(seen!, clientBodies[0]);
          expect(reasoning).toBe(deepseekReasoning);
          expect(chunks.at(-1)!.usage!.completion_tokens_details!.reasoning_tokens).toBe(20);
          return;
        case 'anthropic':
          // "high" is Claude Code's ultrathink budget (31999), lowered under max_tokens.
          expect(body.thinking).toEqual({ type: 'enabled', budget_tokens: 8191 });
          expect(body.max_tokens).toBe(8192);
          expect(reasoning).toBe(mockThinkingFor(reasoningPrompt));
          return;
        case 'gemini':
          // "high" is Flash's whole budget range, with the thought summaries asked for.
          expect(body.generationConfig).toEqual({ maxOutputTokens: 8192, thinkingConfig: { thinkingBudget: 24576, includeThoughts: true } });
          expect(reasoning).toBe(`**Considering the request**\n\nThe user wrote: ${reasoningPrompt}`);
          expect(chunks.at(-1)!.usage!.completion_tokens_details!.reasoning_tokens).toBeGreaterThan(0);
          return;
      }
    }
  }
}

function toolCallDeltas(list: ChatCompletionChunk[]) {
  return list.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
}

// ---------------------------------------------------------------------------------------------------
// The Anthropic door, through the official @anthropic-ai/sdk

async function anthropicDoor(scenario: Scenario, type: TargetType): Promise<void> {
  const target = targets[type];
  const sameFormat = isSameFormat('anthropic', target);
  /** The converted text request every OpenAI-format target must get (DeepSeek-style vendors take `max_tokens`). */
  const openaiTextBody = (text: string, stream: boolean) => ({
    model: target.model,
    messages: [{ role: 'user', content: text }],
    [type === 'openai-compatible' ? 'max_tokens' : 'max_completion_tokens']: 1024,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
  switch (scenario) {
    case 'text': {
      const message = await anthropicClient.messages.create({
        model: target.model,
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'Hello from the Anthropic door' }],
      });
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: Hello from the Anthropic door' })]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      expect(message.usage.output_tokens).toBeGreaterThan(0);

      const [seen] = upstreamRequests(target, 1);
      expect(seen!.path).toBe(target.path(target.model, false));
      if (sameFormat) return expectForwardedUntouched(seen!, clientBodies[0]);
      if (target.format === 'gemini') {
        expect(seen!.json).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Hello from the Anthropic door' }] }], generationConfig: { maxOutputTokens: 1024 } });
      } else {
        expect(seen!.json).toEqual(openaiTextBody('Hello from the Anthropic door', false));
      }
      return;
    }

    case 'stream': {
      const events: MessageStreamEvent[] = [];
      const stream = anthropicClient.messages.stream({
        model: target.model,
        max_tokens: 1024,
        messages: [{ role: 'user', content: 'Stream to the Anthropic door' }],
      });
      stream.on('streamEvent', (event) => events.push(event));
      const message = await stream.finalMessage();
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: Stream to the Anthropic door' })]);
      expect(message.stop_reason).toBe('end_turn');
      expect(message.usage.input_tokens).toBeGreaterThan(0);
      expect(message.usage.output_tokens).toBeGreaterThan(0);
      expectAnthropicEventOrder(events);
      expect(events.filter((event) => event.type === 'content_block_delta').length).toBeGreaterThan(1);

      const [seen] = upstreamRequests(target, 1);
      expect(seen!.path).toBe(target.path(target.model, true));
      if (sameFormat) return expectForwardedUntouched(seen!, clientBodies[0]);
      if (target.format === 'gemini') {
        expect(seen!.json).toEqual({ contents: [{ role: 'user', parts: [{ text: 'Stream to the Anthropic door' }] }], generationConfig: { maxOutputTokens: 1024 } });
      } else {
        expect(seen!.json).toEqual(openaiTextBody('Stream to the Anthropic door', true));
      }
      return;
    }

    case 'tools':
    case 'streamed tools': {
      const streamed = scenario === 'streamed tools';
      const ask = async (messages: Anthropic.MessageParam[]) => {
        const params = { model: target.model, max_tokens: 1024, tools: [anthropicWeatherTool], messages };
        if (!streamed) return anthropicClient.messages.create(params);
        const events: MessageStreamEvent[] = [];
        const stream = anthropicClient.messages.stream(params);
        stream.on('streamEvent', (event) => events.push(event));
        const message = await stream.finalMessage();
        expectAnthropicEventOrder(events);
        return message;
      };
      const user: Anthropic.MessageParam = { role: 'user', content: callWeather };
      const first = await ask([user]);
      expect(first.stop_reason).toBe('tool_use');
      const toolUses = first.content.filter((block) => block.type === 'tool_use');
      expect(toolUses).toHaveLength(1);
      const toolUse = toolUses[0]!;
      expect(toolUse.name).toBe('weather');
      expect(toolUse.input).toEqual({ city: 'Paris' });
      expect(toolUse.id).toMatch(/^[a-zA-Z0-9_-]+$/);

      const second = await ask([
        user,
        { role: 'assistant', content: asParams(first.content) },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: weatherResult }] },
      ]);
      expect(second.stop_reason).toBe('end_turn');
      expect(second.content).toEqual([expect.objectContaining({ type: 'text', text: toolAnswer(type) })]);

      const [firstSeen, secondSeen] = upstreamRequests(target, 2);
      expect(firstSeen!.status).toBe(200);
      expect(secondSeen!.status).toBe(200);
      if (sameFormat) {
        expectForwardedUntouched(firstSeen!, clientBodies[0]);
        expectForwardedUntouched(secondSeen!, clientBodies[1]);
        return;
      }
      expectUpstreamTools(target, json(firstSeen!));
      expectUpstreamTools(target, json(secondSeen!));
      // The call id the client saw goes back up unchanged, paired with its result.
      expectUpstreamToolResult(target, json(secondSeen!), toolUse.id);
      return;
    }

    case 'image': {
      const message = await anthropicClient.messages.create({
        model: target.model,
        max_tokens: 1024,
        messages: [
          {
            role: 'user',
            content: [
              { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png } },
              { type: 'text', text: 'What is in this image?' },
            ],
          },
        ],
      });
      expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: What is in this image?' })]);
      const [seen] = upstreamRequests(target, 1);
      if (sameFormat) return expectForwardedUntouched(seen!, clientBodies[0]);
      expectUpstreamImage(target, json(seen!), true);
      return;
    }

    case 'reasoning': {
      const model = target.reasoningModel;
      if (type === 'openai-compatible') compatibleUpstream.enqueue({ streamChunks: deepseekReasoningStream(deepseekReasoning, `You said: ${reasoningPrompt}`) });
      const events: MessageStreamEvent[] = [];
      const stream = anthropicClient.messages.stream({
        model,
        max_tokens: 4096,
        thinking: { type: 'enabled', budget_tokens: 2048 },
        messages: [{ role: 'user', content: reasoningPrompt }],
      });
      stream.on('streamEvent', (event) => events.push(event));
      const message = await stream.finalMessage();
      expectAnthropicEventOrder(events);
      expect(message.content.filter((block) => block.type === 'text')).toEqual([expect.objectContaining({ text: `You said: ${reasoningPrompt}` })]);
      const thinking = message.content.filter((block) => block.type === 'thinking');

      const [seen] = upstreamRequests(target, 1);
      expect(seen!.path).toBe(target.path(model, true));
      const body = json(seen!);
      switch (type) {
        case 'anthropic':
          expectForwardedUntouched(seen!, clientBodies[0]);
          expect(message.content[0]).toEqual({ type: 'thinking', thinking: mockThinkingFor(reasoningPrompt), signature: expect.stringMatching(/^Eu/) });
          return;
        case 'openai':
        case 'azure-openai':
          // 2048 tokens is the budget LiteLLM gives "medium".
          expect(body.reasoning_effort).toBe('medium');
          expect(body.max_completion_tokens).toBe(4096);
          expect(body).not.toHaveProperty('thinking');
          expect(thinking).toEqual([]);
          return;
        case 'openai-compatible':
          // Compatible vendors disagree on reasoning_effort and their reasoners think by default: not sent.
          expect(body).not.toHaveProperty('reasoning_effort');
          expect(body.max_tokens).toBe(4096);
          // DeepSeek signs nothing: the block is there, its signature empty.
          expect(thinking).toEqual([{ type: 'thinking', thinking: deepseekReasoning, signature: '' }]);
          return;
        case 'gemini':
          expect(body.generationConfig).toEqual({ maxOutputTokens: 4096, thinkingConfig: { thinkingBudget: 2048, includeThoughts: true } });
          // Gemini streams its thought summary unsigned and the signature last, on an empty part after
          // the text (as in test/fixtures/recorded/gemini): it reaches the client as a signature-only
          // thinking block there, and goes back to Gemini where it came from on the next turn. It is
          // tagged as Gemini's, so an Anthropic provider is never handed it.
          expect(message.content).toEqual([
            { type: 'thinking', thinking: `**Considering the request**\n\nThe user wrote: ${reasoningPrompt}`, signature: '' },
            expect.objectContaining({ type: 'text', text: `You said: ${reasoningPrompt}` }),
            { type: 'thinking', thinking: '', signature: `gemini:${mockThoughtSignature('gemini-2.5-flash', 'text')}` },
          ]);
          return;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// The matrix

const cells = doors.flatMap((door) => targetTypes.flatMap((target) => scenarios.map((scenario) => ({ door, target, scenario }))));

describe('the conversion matrix', () => {
  it.each(cells.map(({ door, target, scenario }) => [door, target, scenario] as const))('%s door → %s: %s', async (door, target, scenario) => {
    if (door === 'openai') await openaiDoor(scenario, target);
    else await anthropicDoor(scenario, target);
  });
});

// ---------------------------------------------------------------------------------------------------
// Errors

describe("errors, in the client's format", () => {
  it('an upstream 400 from Gemini reaches the Anthropic SDK as a BadRequestError with the same status', async () => {
    geminiUpstream.enqueue({ status: 400, message: '* GenerateContentRequest.contents[0].parts: mock refusal' });
    const error = await anthropicClient.messages
      .create({ model: 'gemini-2.5-flash', max_tokens: 256, messages: [{ role: 'user', content: 'refuse this' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.BadRequestError);
    const apiError = error as InstanceType<typeof Anthropic.BadRequestError>;
    expect(apiError.status).toBe(400);
    expect(apiError.error).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('mock refusal') } });
    expect(geminiUpstream.requests).toHaveLength(1);
  });

  it('an upstream 400 from Anthropic reaches the OpenAI SDK as a BadRequestError with the same status, streamed or not', async () => {
    anthropicUpstream.enqueue({ status: 400, message: 'messages.0.content: mock refusal' }, { status: 400, message: 'messages.0.content: mock refusal' });
    const plain = await openaiClient.chat.completions
      .create({ model: 'claude-opus-4-5', messages: [{ role: 'user', content: 'refuse this' }] })
      .catch((caught: unknown) => caught);
    expect(plain).toBeInstanceOf(OpenAI.BadRequestError);
    expect((plain as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400);
    expect((plain as InstanceType<typeof OpenAI.BadRequestError>).error).toMatchObject({ type: 'invalid_request_error', message: expect.stringContaining('mock refusal') });

    const streamed = await openaiClient.chat.completions
      .stream({ model: 'claude-opus-4-5', messages: [{ role: 'user', content: 'refuse this' }] })
      .finalChatCompletion()
      .catch((caught: unknown) => caught);
    expect(streamed).toBeInstanceOf(OpenAI.BadRequestError);
    expect((streamed as InstanceType<typeof OpenAI.BadRequestError>).status).toBe(400);
    expect(anthropicUpstream.requests).toHaveLength(2);
  });

  it("a 429 from an Anthropic key sends the OpenAI door's request to the next key", async () => {
    anthropicUpstream.behaviourFor('sk-ant-pair-key-0001', { status: 429, retryAfter: '20' });
    const completion = await openaiClient.chat.completions.create({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: 'one more try' }] });
    expect(completion.choices[0]!.message.content).toBe('You said: one more try');
    expect(anthropicUpstream.requests.map((request) => [request.apiKey, request.status])).toEqual([
      ['sk-ant-pair-key-0001', 429],
      ['sk-ant-pair-key-0002', 200],
    ]);
  });

  it("a 429 from a Gemini key sends the Anthropic door's stream to the next key", async () => {
    geminiUpstream.behaviourFor('AIza-pair-key-0001', { status: 429 });
    const message = await anthropicClient.messages
      .stream({ model: 'gemini-2.5-pro', max_tokens: 256, messages: [{ role: 'user', content: 'one more try' }] })
      .finalMessage();
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: one more try' })]);
    expect(geminiUpstream.requests.map((request) => [request.apiKey, request.status])).toEqual([
      ['AIza-pair-key-0001', 429],
      ['AIza-pair-key-0002', 200],
    ]);
  });

  it('an overloaded_error inside a 200 stream, before any content, fails over to the second key (Anthropic door, same format)', async () => {
    anthropicUpstream.behaviourFor('sk-ant-over-a-key-0001', { streamErrorBeforeContent: true });
    const events: MessageStreamEvent[] = [];
    const stream = anthropicClient.messages.stream({ model: 'claude-opus-4-1', max_tokens: 256, messages: [{ role: 'user', content: 'are you there' }] });
    stream.on('streamEvent', (event) => events.push(event));
    const message = await stream.finalMessage();
    expect(message.content).toEqual([expect.objectContaining({ type: 'text', text: 'You said: are you there' })]);
    expectAnthropicEventOrder(events);
    expect(anthropicUpstream.requests.map((request) => [request.apiKey, request.status])).toEqual([
      ['sk-ant-over-a-key-0001', 200],
      ['sk-ant-over-a-key-0002', 200],
    ]);
  });

  it('an overloaded_error inside a 200 stream, before any content, fails over to the second key (OpenAI door, converted)', async () => {
    anthropicUpstream.behaviourFor('sk-ant-over-b-key-0001', { streamErrorBeforeContent: true });
    const completion = await openaiClient.chat.completions
      .stream({ model: 'claude-sonnet-4-0', messages: [{ role: 'user', content: 'are you there' }] })
      .finalChatCompletion();
    expect(completion.choices[0]!.message.content).toBe('You said: are you there');
    expect(anthropicUpstream.requests.map((request) => request.apiKey)).toEqual(['sk-ant-over-b-key-0001', 'sk-ant-over-b-key-0002']);
  });

  it('an overloaded_error inside a 200 stream with no key left becomes a real 529 overloaded_error', async () => {
    anthropicUpstream.behaviourFor('sk-ant-only-0001', { streamErrorBeforeContent: true });
    const error = await anthropicClient.messages
      .stream({ model: 'claude-3-7-sonnet-20250219', max_tokens: 256, messages: [{ role: 'user', content: 'are you there' }] })
      .finalMessage()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(Anthropic.APIError);
    expect((error as InstanceType<typeof Anthropic.APIError>).status).toBe(529);
    expect((error as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });

  it('a request the target cannot express is refused with a 400 naming the feature, and never sent', async () => {
    const seeded = await openaiClient.chat.completions
      .create({ model: 'claude-opus-4-5', messages: [{ role: 'user', content: 'same answer every time' }], seed: 42 })
      .catch((caught: unknown) => caught);
    expect(seeded).toBeInstanceOf(OpenAI.BadRequestError);
    expect((seeded as Error).message).toContain('seed cannot be sent to the Anthropic provider');

    const topK = await anthropicClient.messages
      // top_k is Anthropic's own parameter; this SDK version no longer types it, the API still takes it.
      .create({ model: 'gpt-4o', max_tokens: 256, top_k: 5, messages: [{ role: 'user', content: 'only the likeliest words' }] } as Anthropic.MessageCreateParamsNonStreaming)
      .catch((caught: unknown) => caught);
    expect(topK).toBeInstanceOf(Anthropic.BadRequestError);
    expect((topK as InstanceType<typeof Anthropic.BadRequestError>).error).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('top_k cannot be sent to the OpenAI provider') },
    });

    expect(anthropicUpstream.requests).toHaveLength(0);
    expect(openaiUpstream.requests).toHaveLength(0);
  });
});
