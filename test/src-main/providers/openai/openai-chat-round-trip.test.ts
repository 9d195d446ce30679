import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type {
  AssistantContentPart,
  ChatMessage,
  ChatRequest,
  ImagePart,
  TextPart,
  ToolCallPart,
  ToolResultPart,
} from '../../../../src-main/conversion/chat-request.js';
import type { FinishReason } from '../../../../src-main/conversion/chat-response.js';
import type { StreamPart } from '../../../../src-main/conversion/stream-part.js';
import { convertToOpenAIChat } from '../../../../src-main/providers/openai/convert-to-openai-chat.js';
import { decodeOpenAIChatRequest } from '../../../../src-main/providers/openai/decode-openai-chat-request.js';
import type { OpenAIChatDialect } from '../../../../src-main/providers/openai/openai-chat-dialect.js';
import { createOpenAIStreamEncoder } from '../../../../src-main/providers/openai/openai-stream-encoder.js';
import { createOpenAIStreamParser } from '../../../../src-main/providers/openai/openai-stream-parser.js';
import { runParser, summarize } from './collect-stream-parts.js';

const openai: OpenAIChatDialect = {
  targetName: 'OpenAI',
  maxTokensField: 'max_completion_tokens',
  flattenTextContent: false,
  sendReasoningContent: false,
  sendReasoningEffort: true,
};
const compatible: OpenAIChatDialect = { ...openai, targetName: 'OpenAI-compatible', maxTokensField: 'max_tokens', flattenTextContent: true, sendReasoningContent: true };

// Empty texts are left out on decoding (Anthropic refuses empty blocks), so generated texts have content.
const text = fc.string({ minLength: 1, maxLength: 30 }).map((value): TextPart => ({ type: 'text', text: value }));
const image = fc.oneof(
  fc.record({
    mediaType: fc.constantFrom('image/png', 'image/jpeg', 'image/webp'),
    data: fc.base64String({ minLength: 4, maxLength: 40 }),
    detail: fc.option(fc.constantFrom('auto' as const, 'low' as const, 'high' as const), { nil: undefined }),
  }).map(({ mediaType, data, detail }): ImagePart => ({ type: 'image', source: { kind: 'base64', mediaType, data }, ...(detail ? { detail } : {}) })),
  fc.webUrl().map((url): ImagePart => ({ type: 'image', source: { kind: 'url', url } })),
);
const userParts = fc.array(fc.oneof(text, image), { minLength: 1, maxLength: 4 });
const toolArguments = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }).map((value) => JSON.stringify(value));
const toolName = fc.stringMatching(/^[a-zA-Z_][a-zA-Z0-9_-]{0,20}$/);

/** One exchange: a user turn, the assistant's answer, and the tool results it asked for. */
const exchange = fc.record({
  user: userParts,
  reasoning: fc.array(fc.string({ minLength: 1, maxLength: 30 }), { maxLength: 2 }),
  texts: fc.array(text, { maxLength: 2 }),
  calls: fc.array(fc.record({ name: toolName, arguments: toolArguments, results: fc.array(text, { maxLength: 2 }) }), { maxLength: 3 }),
  followUp: fc.array(fc.oneof(text, image), { maxLength: 2 }),
});

const chatRequest = fc
  .record({
    system: fc.array(text, { maxLength: 3 }),
    exchanges: fc.array(exchange, { minLength: 1, maxLength: 3 }),
    stream: fc.boolean(),
    maxOutputTokens: fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
    temperature: fc.option(fc.double({ min: 0, max: 2, noNaN: true }), { nil: undefined }),
    stopSequences: fc.option(fc.array(fc.string({ minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 4 }), { nil: undefined }),
    effort: fc.option(fc.constantFrom('minimal' as const, 'low' as const, 'medium' as const, 'high' as const), { nil: undefined }),
  })
  .map(({ system, exchanges, stream, maxOutputTokens, temperature, stopSequences, effort }): ChatRequest => {
    const messages: ChatMessage[] = [];
    const toolNames = new Set<string>();
    exchanges.forEach((turn, turnIndex) => {
      // A user turn right after tool results would join them: only the first turn stands alone.
      if (turnIndex === 0 || messages.at(-1)?.role === 'assistant') messages.push({ role: 'user', content: turn.user });
      const calls: ToolCallPart[] = turn.calls.map((call, callIndex) => ({
        type: 'tool-call',
        id: `call_${turnIndex}_${callIndex}`,
        name: call.name,
        arguments: call.arguments,
      }));
      calls.forEach((call) => toolNames.add(call.name));
      const assistant: AssistantContentPart[] = [
        ...turn.reasoning.map((reasoning) => ({ type: 'reasoning' as const, text: reasoning })),
        ...(turn.texts.length === 0 && calls.length === 0 ? [{ type: 'text' as const, text: 'ok' }] : turn.texts),
        ...calls,
      ];
      messages.push({ role: 'assistant', content: assistant });
      if (calls.length > 0) {
        const results: ToolResultPart[] = calls.map((call, callIndex) => ({
          type: 'tool-result',
          toolCallId: call.id,
          toolName: call.name,
          content: turn.calls[callIndex]!.results,
        }));
        messages.push({ role: 'user', content: [...results, ...turn.followUp] });
      }
    });
    return {
      model: 'gpt-4o',
      system,
      messages,
      tools: [...toolNames].map((name) => ({ name, description: `Tool ${name}`, parameters: { type: 'object', properties: {} } })),
      stream,
      ...(maxOutputTokens !== undefined ? { maxOutputTokens } : {}),
      ...(temperature !== undefined ? { temperature } : {}),
      ...(stopSequences !== undefined ? { stopSequences } : {}),
      ...(effort !== undefined ? { reasoning: { effort } } : {}),
    };
  });

const withoutReasoning = (request: ChatRequest): ChatRequest => ({
  ...request,
  messages: request.messages.map((message) =>
    message.role === 'assistant' ? { role: 'assistant', content: message.content.filter((part) => part.type !== 'reasoning') } : message,
  ),
});

describe('Chat Completions request round trip: decode(encode(request))', () => {
  it('gives back the same request through the OpenAI dialect, except the reasoning OpenAI does not take back', () => {
    fc.assert(
      fc.property(chatRequest, (request) => {
        const decoded = decodeOpenAIChatRequest(convertToOpenAIChat(request, request.model, openai));
        expect(decoded).toEqual(withoutReasoning(request));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps reasoning, every text (joined per message), tool call and tool result through the compatible dialect', () => {
    const texts = (parts: Array<{ type: string; text?: string }>) =>
      parts.filter((part): part is TextPart => part.type === 'text').map((part) => part.text);
    fc.assert(
      fc.property(chatRequest, (request) => {
        const decoded = decodeOpenAIChatRequest(convertToOpenAIChat(request, request.model, compatible));
        expect(decoded.system.map((part) => part.text).join('\n\n')).toBe(request.system.map((part) => part.text).join('\n\n'));
        expect(decoded.messages).toHaveLength(request.messages.length);
        request.messages.forEach((message, index) => {
          const other = decoded.messages[index]!;
          expect(other.role).toBe(message.role);
          if (message.role === 'assistant' && other.role === 'assistant') {
            const reasoning = message.content.filter((part) => part.type === 'reasoning').map((part) => part.text).join('');
            expect(other.content.filter((part) => part.type === 'reasoning').map((part) => part.text).join('')).toBe(reasoning);
            expect(texts(other.content).join('\n\n')).toBe(texts(message.content).join('\n\n'));
            expect(other.content.filter((part) => part.type === 'tool-call')).toEqual(message.content.filter((part) => part.type === 'tool-call'));
          } else if (message.role === 'user' && other.role === 'user') {
            const results = (parts: typeof message.content) =>
              parts
                .filter((part): part is ToolResultPart => part.type === 'tool-result')
                .map((part) => ({ toolCallId: part.toolCallId, text: texts(part.content).join('\n\n') }));
            expect(results(other.content)).toEqual(results(message.content));
            const rest = (parts: typeof message.content) => parts.filter((part) => part.type !== 'tool-result');
            const images = (parts: typeof message.content) => rest(parts).filter((part) => part.type === 'image');
            expect(images(other.content)).toEqual(images(message.content));
            if (images(message.content).length > 0) expect(rest(other.content)).toEqual(rest(message.content));
            else expect(texts(rest(other.content)).join('\n\n')).toBe(texts(rest(message.content)).join('\n\n'));
          }
        });
      }),
      { numRuns: 200 },
    );
  });
});

// ---- Streams: parser(encoder(parts)) ----

type Block = { kind: 'text' | 'reasoning'; deltas: string[] } | { kind: 'tool'; name: string; pieces: string[] };

const block: fc.Arbitrary<Block> = fc.oneof(
  fc.record({ kind: fc.constantFrom('text' as const, 'reasoning' as const), deltas: fc.array(fc.string({ maxLength: 12 }), { minLength: 1, maxLength: 5 }) }),
  fc.record({
    kind: fc.constant('tool' as const),
    name: toolName,
    // Arguments cut into pieces anywhere, even inside a multi-byte character's escape.
    pieces: toolArguments.chain((json) =>
      fc.uniqueArray(fc.integer({ min: 1, max: Math.max(1, json.length - 1) }), { maxLength: 4 }).map((cuts) => {
        const points = [0, ...cuts.filter((cut) => cut < json.length).sort((a, b) => a - b), json.length];
        return points.slice(1).map((end, index) => json.slice(points[index], end));
      }),
    ),
  }),
);

const streamCase = fc.record({
  blocks: fc.array(block, { maxLength: 6 }),
  reason: fc.constantFrom<FinishReason>('stop', 'length', 'tool-calls', 'content-filter'),
  usage: fc.record({
    inputTokens: fc.nat(100_000),
    outputTokens: fc.nat(100_000),
    cachedInputTokens: fc.nat(1000),
    reasoningTokens: fc.nat(1000),
  }),
  cutSeed: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 20 }),
});

function partsOf(blocks: Block[], reason: FinishReason, usage: Record<string, number>): StreamPart[] {
  const parts: StreamPart[] = [{ type: 'start', id: 'msg_round_trip', model: 'upstream-model' }];
  blocks.forEach((entry, index) => {
    if (entry.kind === 'tool') {
      parts.push({ type: 'tool-call-start', index, id: `toolu_${index}`, name: entry.name });
      for (const piece of entry.pieces) parts.push({ type: 'tool-call-delta', index, argumentsDelta: piece });
      parts.push({ type: 'tool-call-end', index });
    } else {
      parts.push({ type: entry.kind === 'text' ? 'text-start' : 'reasoning-start', index });
      for (const delta of entry.deltas) parts.push(entry.kind === 'text' ? { type: 'text-delta', index, text: delta } : { type: 'reasoning-delta', index, text: delta });
      parts.push({ type: entry.kind === 'text' ? 'text-end' : 'reasoning-end', index });
    }
  });
  parts.push({ type: 'usage', usage, raw: usage }, { type: 'finish', reason });
  return parts;
}

describe('Chat Completions stream round trip: parser(encoder(parts))', () => {
  it('gives back the same text, reasoning, tool calls, usage and finish, wherever the bytes are cut', () => {
    fc.assert(
      fc.property(streamCase, ({ blocks, reason, usage, cutSeed }) => {
        const encoder = createOpenAIStreamEncoder({ requestedModel: 'client-model', includeUsage: true });
        const bytes = Buffer.from(partsOf(blocks, reason, usage).map((part) => encoder.encode(part)).join(''));
        const cuts = [...new Set(cutSeed.map((seed) => Math.floor(seed * bytes.length)))].filter((cut) => cut > 0).sort((a, b) => a - b);
        const summary = summarize(runParser(createOpenAIStreamParser(), bytes, cuts));

        const joined = (kind: 'text' | 'reasoning') =>
          blocks.flatMap((entry) => (entry.kind === kind ? entry.deltas : [])).join('');
        const toolCalls = blocks.flatMap((entry, index) =>
          entry.kind === 'tool' ? [{ id: `toolu_${index}`, name: entry.name, arguments: entry.pieces.join('') || '{}' }] : [],
        );
        expect(summary.errors).toEqual([]);
        expect(summary.id).toBe('msg_round_trip');
        expect(summary.model).toBe('client-model');
        expect(summary.text).toBe(joined('text'));
        expect(summary.reasoning).toBe(joined('reasoning'));
        expect(summary.toolCalls).toEqual(toolCalls);
        expect(summary.usage).toEqual({ ...usage, cacheWriteTokens: 0 });
        // OpenAI has no separate "stop with tool calls"; a stop beside tool calls reads as tool calls.
        expect(summary.finish).toBe(reason === 'stop' && toolCalls.length > 0 ? 'tool-calls' : reason);
      }),
      { numRuns: 300 },
    );
  });
});
