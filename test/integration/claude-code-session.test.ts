import { readFileSync } from 'node:fs';
import Anthropic from '@anthropic-ai/sdk';
import type { Message, MessageCreateParamsStreaming } from '@anthropic-ai/sdk/resources/messages';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMockGemini, type MockGemini } from '../support/mock-gemini-upstream.js';
import { startMockOpenAI, type MockOpenAI } from '../support/mock-openai-upstream.js';
import { recordedFile as recordedFixture } from '../support/recorded-fixtures.js';
import { startTestGateway, testClientKey, type TestGateway } from '../support/start-test-gateway.js';

// Claude Code, replayed: its recorded request (headers with anthropic-beta, system blocks with
// cache_control, ten tools, a 31999-token thinking budget, max_tokens 32000, a stream) goes through
// the Anthropic door to providers that speak other formats. Claude Code parses the stream strictly,
// so the events must come in Anthropic's order with Anthropic's usage fields; and the conversation
// must go on after a tool call, thinking settings and all.

const recordedFile = recordedFixture('requests/claude-code-messages.json');

interface RecordedRequest {
  method: string;
  path: string;
  /** `beta=true`, as Claude Code asks for the beta surface. */
  query: string;
  headers: Record<string, string>;
  body: MessageCreateParamsStreaming & { system: Array<{ type: 'text'; text: string }> };
}

interface SseEvent {
  event: string;
  data: Record<string, unknown> & { type: string };
}

const toolNames = ['Task', 'Bash', 'Glob', 'Grep', 'LS', 'Read', 'Edit', 'Write', 'TodoWrite', 'WebFetch'];
const globCall = 'call Glob {"pattern":"**/*.ts"}';
const globResult = 'src/a.ts\nsrc/b.ts';

let openaiUpstream: MockOpenAI;
let geminiUpstream: MockGemini;
let gateway: TestGateway;
let recorded: RecordedRequest;

interface SessionTarget {
  name: string;
  model: string;
  requests(): Array<{ path: string; json: unknown; status: number | undefined }>;
}

const sessionTargets: SessionTarget[] = [
  { name: 'an OpenAI provider (o4-mini)', model: 'o4-mini', requests: () => openaiUpstream.requests },
  { name: 'a Gemini provider (gemini-2.5-flash)', model: 'gemini-2.5-flash', requests: () => geminiUpstream.requests },
];

describe(
  'a Claude Code session (test/fixtures/recorded/requests)',
  () => {
    beforeAll(async () => {
      recorded = JSON.parse(readFileSync(recordedFile, 'utf8')) as RecordedRequest;
      // Prompt-cache figures, so the usage Claude Code reads can be checked to the token.
      openaiUpstream = await startMockOpenAI({ usage: { prompt_tokens: 5000, completion_tokens: 300, cached_tokens: 4000 } });
      geminiUpstream = await startMockGemini({ usage: { promptTokenCount: 5000, candidatesTokenCount: 300, thoughtsTokenCount: 50, cachedContentTokenCount: 4000 } });
      gateway = await startTestGateway({
        providers: [
          { id: 'openai-main', type: 'openai', baseUrl: openaiUpstream.baseUrl, keys: [{ id: 'oa-1', secret: 'sk-openai-0001' }], models: ['o4-mini'] },
          { id: 'gem', type: 'gemini', baseUrl: geminiUpstream.baseUrl, keys: [{ id: 'ge-1', secret: 'AIza-main-0001' }], models: ['gemini-2.5-flash'] },
        ],
      });
    });

    afterEach(() => {
      openaiUpstream.reset();
      geminiUpstream.reset();
    });

    afterAll(async () => {
      await gateway?.dispose();
      await openaiUpstream?.close();
      await geminiUpstream?.close();
    });

    describe.each(sessionTargets)('to $name', (target) => {
      it('streams the first turn in Anthropic’s event order, sends all ten tools, and carries on after the tool call', async () => {
        // The recorded request, routed to this provider's model, with the prompt changed into the
        // mocks' "call a tool" convention; everything else as Claude Code sent it.
        const firstBody = structuredClone(recorded.body);
        firstBody.model = target.model;
        const prompt = (firstBody.messages[0]!.content as Array<{ type: string; text?: string }>).at(-1)!;
        prompt.text = globCall;
        expect(firstBody).toMatchObject({ max_tokens: 32000, thinking: { type: 'enabled', budget_tokens: 31999 }, stream: true, temperature: 1 });
        expect(firstBody.tools).toHaveLength(10);

        const first = await send(firstBody);
        expectAnthropicStream(first.events, target.model);
        const firstDelta = first.events.find((event) => event.event === 'message_delta')!.data;
        expect(firstDelta.delta).toEqual({ stop_reason: 'tool_use', stop_sequence: null });
        expect(firstDelta.usage).toEqual(
          target.model === 'o4-mini'
            ? { input_tokens: 1000, output_tokens: 300, cache_creation_input_tokens: 0, cache_read_input_tokens: 4000 }
            : // Gemini counts thoughts apart; Anthropic's output_tokens includes them.
              { input_tokens: 1000, output_tokens: 350, cache_creation_input_tokens: 0, cache_read_input_tokens: 4000 },
        );

        const firstMessage = await parseWithSdk(first.text, firstBody);
        expect(firstMessage.stop_reason).toBe('tool_use');
        const toolUses = firstMessage.content.filter((block) => block.type === 'tool_use');
        expect(toolUses).toEqual([{ type: 'tool_use', id: expect.stringMatching(/^[a-zA-Z0-9_-]+$/), name: 'Glob', input: { pattern: '**/*.ts' } }]);
        const toolUse = toolUses[0]!;

        const [firstSeen] = target.requests();
        expect(target.requests()).toHaveLength(1);
        expect(firstSeen!.status).toBe(200);
        if (target.model === 'o4-mini') expectOpenAIRequest(firstSeen!.json, firstBody);
        else expectGeminiRequest(firstSeen!.path, firstSeen!.json);

        // Claude Code's next request: the answer's blocks as it got them, then the tool's result
        // (with the cache breakpoint it moves to the newest block).
        const secondBody = structuredClone(firstBody);
        secondBody.messages = [
          ...firstBody.messages,
          { role: 'assistant', content: JSON.parse(JSON.stringify(firstMessage.content)) as Message['content'] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: globResult, cache_control: { type: 'ephemeral' } }] },
        ];
        const second = await send(secondBody);
        expectAnthropicStream(second.events, target.model);
        const secondMessage = await parseWithSdk(second.text, secondBody);
        expect(secondMessage.stop_reason).toBe('end_turn');
        const answer = secondMessage.content.filter((block) => block.type === 'text').map((block) => block.text).join('');
        expect(answer).toBe(
          target.model === 'o4-mini' ? `Tool Glob returned: ${globResult}` : `Tool Glob returned: ${JSON.stringify({ content: globResult })}`,
        );

        const seen = target.requests();
        expect(seen).toHaveLength(2);
        expect(seen[1]!.status).toBe(200);
        if (target.model === 'o4-mini') expectOpenAIFollowUp(seen[1]!.json);
        else expectGeminiFollowUp(seen[1]!.json);
      });
    });
  },
);

// ---------------------------------------------------------------------------------------------------
// The exchange, as Claude Code makes it

/** POSTs as Claude Code does: its headers, the client key in `x-api-key`; returns the SSE text and its events. */
async function send(body: MessageCreateParamsStreaming): Promise<{ text: string; events: SseEvent[] }> {
  const headers: Record<string, string> = { ...recorded.headers, 'x-api-key': testClientKey };
  const response = await fetch(`${gateway.url}${recorded.path}?${recorded.query}`, { method: recorded.method, headers, body: JSON.stringify(body) });
  const text = await response.text();
  expect(response.status, text).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/event-stream');
  return { text, events: parseSse(text) };
}

/** Anthropic's framing: `event: <type>\ndata: <json>\n\n`, the event name repeating the payload's type. */
function parseSse(text: string): SseEvent[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const lines = frame.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^event: /);
      expect(lines[1]).toMatch(/^data: /);
      const event = lines[0]!.slice('event: '.length);
      const data = JSON.parse(lines[1]!.slice('data: '.length)) as SseEvent['data'];
      expect(data.type).toBe(event);
      return { event, data };
    });
}

/** The same bytes, read by the official SDK's stream accumulator. */
async function parseWithSdk(sse: string, body: MessageCreateParamsStreaming): Promise<Message> {
  const replay = new Anthropic({
    apiKey: 'replay',
    maxRetries: 0,
    fetch: (async () => new Response(sse, { status: 200, headers: { 'content-type': 'text/event-stream' } })) as typeof fetch,
  });
  return replay.messages.stream(body).finalMessage();
}

/**
 * message_start; one ping before any delta (Anthropic sends it right after message_start's first
 * block start or first delta; clients skip it); then blocks one at a time, numbered from 0, each
 * start–deltas–stop; message_delta with the stop reason and usage; message_stop.
 */
function expectAnthropicStream(events: SseEvent[], requestedModel: string): void {
  const types = events.map((event) => event.event);
  expect(types[0]).toBe('message_start');
  expect(events[0]!.data.message).toMatchObject({
    id: expect.stringMatching(/^msg_/),
    type: 'message',
    role: 'assistant',
    model: requestedModel,
    content: [],
    stop_reason: null,
    stop_sequence: null,
    usage: { input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
  });
  expect(types.filter((type) => type === 'ping')).toHaveLength(1);
  expect(types.indexOf('ping')).toBeLessThan(types.indexOf('content_block_delta'));
  expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);

  let open: number | null = null;
  let next = 0;
  for (const { event, data } of events.slice(1, -2)) {
    if (event === 'ping') continue;
    if (event === 'content_block_start') {
      expect(open).toBeNull();
      expect(data.index).toBe(next);
      open = next;
    } else if (event === 'content_block_delta') {
      expect(data.index).toBe(open);
    } else if (event === 'content_block_stop') {
      expect(data.index).toBe(open);
      open = null;
      next += 1;
    } else {
      throw new Error(`unexpected ${event} event inside the content`);
    }
  }
  expect(open).toBeNull();
  expect(next).toBeGreaterThan(0);
  const usage = events.at(-2)!.data.usage as Record<string, unknown>;
  for (const field of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens']) {
    expect(Number.isInteger(usage[field]), field).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------------
// What the upstreams received

interface OpenAIBody {
  model: string;
  messages: Array<{ role: string; content?: unknown; tool_calls?: Array<{ id: string; function: { name: string; arguments: string } }>; tool_call_id?: string }>;
  tools: Array<{ type: string; function: { name: string; description?: string; parameters: unknown } }>;
  [field: string]: unknown;
}

function expectOpenAIRequest(json: unknown, clientBody: MessageCreateParamsStreaming): void {
  const body = json as OpenAIBody;
  expect(body.model).toBe('o4-mini');
  // Every tool, its JSON Schema as Claude Code wrote it: OpenAI takes JSON Schema.
  expect(body.tools.map((tool) => tool.function.name)).toEqual(toolNames);
  body.tools.forEach((tool, index) => {
    const original = clientBody.tools![index] as { name: string; description: string; input_schema: unknown };
    expect(tool).toEqual({ type: 'function', function: { name: original.name, description: original.description, parameters: original.input_schema } });
  });
  // Claude Code's "ultrathink" budget is OpenAI's high effort; its max_tokens the completion limit.
  expect(body.reasoning_effort).toBe('high');
  expect(body.max_completion_tokens).toBe(32000);
  expect(body.temperature).toBe(1);
  expect(body.stream).toBe(true);
  expect(body.stream_options).toEqual({ include_usage: true });
  expect(body.messages.map((message) => message.role)).toEqual(['system', 'user']);
  expect(body.messages[0]!.content).toEqual(recorded.body.system.map((block) => ({ type: 'text', text: block.text })));
}

function expectOpenAIFollowUp(json: unknown): void {
  const body = json as OpenAIBody;
  expect(body.messages.map((message) => message.role)).toEqual(['system', 'user', 'assistant', 'tool']);
  const call = body.messages[2]!.tool_calls![0]!;
  expect(call.function).toEqual({ name: 'Glob', arguments: '{"pattern":"**/*.ts"}' });
  expect(body.messages[3]).toEqual({ role: 'tool', tool_call_id: call.id, content: globResult });
  expect(body.reasoning_effort).toBe('high');
  expect(body.tools).toHaveLength(10);
}

interface GeminiBody {
  contents: Array<{ role: string; parts: Array<Record<string, unknown>> }>;
  systemInstruction: { parts: Array<{ text: string }> };
  tools: Array<{ functionDeclarations: Array<{ name: string; parameters?: Record<string, unknown> }> }>;
  generationConfig: Record<string, unknown>;
}

function expectGeminiRequest(path: string, json: unknown): void {
  const body = json as GeminiBody;
  expect(path).toBe('/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse');
  // Every tool; the schemas sanitized to what Gemini takes (the mock refused nothing: status 200).
  expect(body.tools).toHaveLength(1);
  const declarations = body.tools[0]!.functionDeclarations;
  expect(declarations.map((declaration) => declaration.name)).toEqual(toolNames);
  const glob = declarations.find((declaration) => declaration.name === 'Glob')!;
  expect(glob.parameters).toEqual({
    type: 'object',
    properties: {
      pattern: { type: 'string', description: 'The glob pattern to match files against' },
      path: { type: 'string', description: 'The directory to search in' },
    },
    required: ['pattern'],
  });
  for (const declaration of declarations) {
    expect(JSON.stringify(declaration.parameters ?? {})).not.toMatch(/"\$schema"|"additionalProperties"/);
  }
  expect(body.systemInstruction).toEqual({ parts: recorded.body.system.map((block) => ({ text: block.text })) });
  // 31999 is beyond Flash's range: clamped to its most, with the thought summaries asked for.
  expect(body.generationConfig).toEqual({ maxOutputTokens: 32000, temperature: 1, thinkingConfig: { thinkingBudget: 24576, includeThoughts: true } });
}

function expectGeminiFollowUp(json: unknown): void {
  const body = json as GeminiBody;
  expect(body.contents.map((content) => content.role)).toEqual(['user', 'model', 'user']);
  expect(body.contents[1]!.parts).toEqual([expect.objectContaining({ functionCall: { name: 'Glob', args: { pattern: '**/*.ts' } } })]);
  expect(body.contents[2]!.parts).toEqual([{ functionResponse: { name: 'Glob', response: { content: globResult } } }]);
  expect(body.generationConfig).toMatchObject({ thinkingConfig: { thinkingBudget: 24576, includeThoughts: true } });
  expect(body.tools[0]!.functionDeclarations).toHaveLength(10);
}
