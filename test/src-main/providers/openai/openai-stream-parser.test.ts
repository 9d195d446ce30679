import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TokenUsage } from '../../../../src-shared/usage.js';
import { createOpenAIStreamParser } from '../../../../src-main/providers/openai/openai-stream-parser.js';
import { readRecordedPayloads } from '../../../support/recorded-fixtures.js';
import { frameOpenAI, runParser, summarize } from './collect-stream-parts.js';

const readPayloads = (file: string) => readRecordedPayloads(`openai/${file}`);

/** The text of one delta field across all chunks, read straight from the recording. */
function concatenated(payloads: string[], field: 'content' | 'reasoning_content'): string {
  return payloads
    .map((payload) => JSON.parse(payload) as { choices?: Array<{ delta?: Record<string, unknown> }> })
    .map((chunk) => chunk.choices?.[0]?.delta?.[field])
    .filter((value): value is string => typeof value === 'string')
    .join('');
}

const cutsInside = (length: number) =>
  fc.uniqueArray(fc.integer({ min: 1, max: length - 1 }), { maxLength: 80 }).map((cuts) => [...cuts].sort((a, b) => a - b));

interface Recording {
  file: string;
  id: string;
  model: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finish: string;
  usage: TokenUsage;
}

const recordings: Recording[] = [
  {
    file: 'openai-text.chunks.txt',
    id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0',
    model: 'gpt-4.1-nano-2025-04-14',
    toolCalls: [],
    finish: 'stop',
    usage: { inputTokens: 16, outputTokens: 300, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  },
  {
    // The tool call arrives whole in one chunk, after reasoning_content deltas.
    file: 'xai-tool-call.chunks.txt',
    id: '7027d986-3c59-a37a-9a5f-50713e01c8a6',
    model: 'grok-3-mini',
    toolCalls: [{ id: 'call_79382389', name: 'weather', arguments: '{"location":"San Francisco"}' }],
    finish: 'tool-calls',
    usage: { inputTokens: 307, outputTokens: 253, cachedInputTokens: 306, cacheWriteTokens: 0, reasoningTokens: 227 },
  },
  {
    // Arguments in pieces; usage rides on the finish chunk.
    file: 'deepseek-tool-call.chunks.txt',
    id: 'cca85624-4056-401f-b220-d77601d1f70d',
    model: 'deepseek-reasoner',
    toolCalls: [{ id: 'call_00_ioIn7yN9p1ZOMNpDLwd4MgAF', name: 'weather', arguments: '{"location": "San Francisco"}' }],
    finish: 'tool-calls',
    usage: { inputTokens: 339, outputTokens: 83, cachedInputTokens: 320, cacheWriteTokens: 0, reasoningTokens: 39 },
  },
  {
    file: 'groq-tool-call.chunks.txt',
    id: 'chatcmpl-b610d559-f156-4aca-8827-24b4fe6af54f',
    model: 'llama-3.3-70b-versatile',
    toolCalls: [{ id: 'tk85n1k4m', name: 'weather', arguments: '{}' }],
    finish: 'tool-calls',
    usage: { inputTokens: 210, outputTokens: 15, cachedInputTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
  },
];

describe(
  'createOpenAIStreamParser on recorded vendor streams (test/fixtures/recorded/openai)',
  () => {
  for (const recording of recordings) {
    describe(recording.file, () => {
      const payloads = readPayloads(recording.file);
      const stream = frameOpenAI(payloads);

      it('gives the text, reasoning, tool calls, usage and finish the vendor sent', () => {
        const summary = summarize(runParser(createOpenAIStreamParser(), stream));
        expect(summary.id).toBe(recording.id);
        expect(summary.model).toBe(recording.model);
        expect(summary.text).toBe(concatenated(payloads, 'content'));
        expect(summary.reasoning).toBe(concatenated(payloads, 'reasoning_content'));
        expect(summary.toolCalls).toEqual(recording.toolCalls);
        expect(summary.usage).toEqual(recording.usage);
        expect(summary.finish).toBe(recording.finish);
        expect(summary.errors).toEqual([]);
      });

      it('gives the same parts wherever the bytes are cut', () => {
        const whole = runParser(createOpenAIStreamParser(), stream);
        fc.assert(
          fc.property(cutsInside(stream.length), (cuts) => {
            const parts = runParser(createOpenAIStreamParser(), stream, cuts);
            // Events are parsed only once complete, so where the bytes were cut changes nothing.
            expect(parts).toEqual(whole);
          }),
          { numRuns: 60 },
        );
      });
    });
  }

  it('turns the whole xAI tool call into a start and one delta', () => {
    const parts = runParser(createOpenAIStreamParser(), frameOpenAI(readPayloads('xai-tool-call.chunks.txt')));
    const toolParts = parts.filter((part) => part.type.startsWith('tool-call'));
    expect(toolParts).toEqual([
      { type: 'tool-call-start', index: 1, id: 'call_79382389', name: 'weather' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"location":"San Francisco"}' },
      { type: 'tool-call-end', index: 1 },
    ]);
  });

  it('sends the finish after usage that comes in a chunk of its own', () => {
    const parts = runParser(createOpenAIStreamParser(), frameOpenAI(readPayloads('openai-text.chunks.txt')));
    expect(parts.map((part) => part.type).slice(-3)).toEqual(['text-end', 'usage', 'finish']);
  });
});

const chunk = (delta: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'm', choices: [{ index: 0, delta, finish_reason: null }], ...extra });
const finishChunk = (reason: string) => JSON.stringify({ id: 'chatcmpl-1', model: 'm', choices: [{ index: 0, delta: {}, finish_reason: reason }] });
const parse = (payloads: string[], done = true) => runParser(createOpenAIStreamParser(), frameOpenAI(payloads, done));

describe('createOpenAIStreamParser', () => {
  it('closes the text block when a tool call starts, and numbers blocks in start order', () => {
    const parts = parse([
      chunk({ role: 'assistant', content: '' }),
      chunk({ content: 'Let me look.' }),
      chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'read', arguments: '' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '{"path":' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '"a.txt"}' } }] }),
      chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'read', arguments: '{"path":"b.txt"}' } }] }),
      finishChunk('tool_calls'),
    ]);
    expect(parts).toEqual([
      { type: 'start', id: 'chatcmpl-1', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Let me look.' },
      { type: 'text-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'call_a', name: 'read' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"path":' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '"a.txt"}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'tool-call-start', index: 2, id: 'call_b', name: 'read' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{"path":"b.txt"}' },
      { type: 'tool-call-end', index: 2 },
      { type: 'finish', reason: 'tool-calls' },
    ]);
  });

  it('holds back a tool call that starts while another is still streaming its arguments', () => {
    const summary = summarize(
      parse([
        chunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'a', arguments: '{"x":' } }] }),
        chunk({ tool_calls: [{ index: 1, id: 'call_b', function: { name: 'b', arguments: '{"y":' } }] }),
        chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
        chunk({ tool_calls: [{ index: 1, function: { arguments: '2}' } }] }),
        finishChunk('tool_calls'),
      ]),
    );
    expect(summary.toolCalls).toEqual([
      { id: 'call_a', name: 'a', arguments: '{"x":1}' },
      { id: 'call_b', name: 'b', arguments: '{"y":2}' },
    ]);
    expect(summary.finish).toBe('tool-calls');
  });

  it('tells calls apart by id when a vendor numbers every call 0, and continues calls sent without an index', () => {
    const summary = summarize(
      parse([
        chunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'a', arguments: '{"x":1}' } }] }),
        chunk({ tool_calls: [{ index: 0, id: 'call_b', function: { name: 'b', arguments: '{"y":' } }] }),
        chunk({ tool_calls: [{ function: { arguments: '2}' } }] }),
        chunk({ tool_calls: [{ id: 'call_c', function: { name: 'c', arguments: '{}' } }] }),
        finishChunk('tool_calls'),
      ]),
    );
    expect(summary.toolCalls).toEqual([
      { id: 'call_a', name: 'a', arguments: '{"x":1}' },
      { id: 'call_b', name: 'b', arguments: '{"y":2}' },
      { id: 'call_c', name: 'c', arguments: '{}' },
    ]);
  });

  it('ignores an id and name repeated on every piece of a tool call', () => {
    const summary = summarize(
      parse([
        chunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'a', arguments: '{"x"' } }] }),
        chunk({ tool_calls: [{ index: 0, id: 'call_a', function: { name: 'a', arguments: ':1}' } }] }),
        finishChunk('tool_calls'),
      ]),
    );
    expect(summary.toolCalls).toEqual([{ id: 'call_a', name: 'a', arguments: '{"x":1}' }]);
  });

  it("reads OpenRouter's `reasoning` delta as reasoning, closing it when the answer starts", () => {
    const parts = parse([chunk({ reasoning: 'Think' }), chunk({ reasoning: 'ing.' }), chunk({ content: 'Answer' }), finishChunk('stop')]);
    expect(parts.map((part) => part.type)).toEqual([
      'start',
      'reasoning-start',
      'reasoning-delta',
      'reasoning-delta',
      'reasoning-end',
      'text-start',
      'text-delta',
      'text-end',
      'finish',
    ]);
    expect(summarize(parts)).toMatchObject({ reasoning: 'Thinking.', text: 'Answer', finish: 'stop' });
  });

  it('turns a streamed refusal into text with the refusal finish reason', () => {
    const summary = summarize(parse([chunk({ refusal: "I can't help" }), chunk({ refusal: ' with that.' }), finishChunk('stop')]));
    expect(summary).toMatchObject({ text: "I can't help with that.", finish: 'refusal' });
  });

  it('reads tool calls that end with `stop` (some local servers) as tool calls', () => {
    const summary = summarize(parse([chunk({ tool_calls: [{ index: 0, id: 'c', function: { name: 'f', arguments: '{}' } }] }), finishChunk('stop')]));
    expect(summary.finish).toBe('tool-calls');
  });

  it('turns an error event inside the stream into an error part and stops there', () => {
    const parts = parse([
      chunk({ content: 'Hel' }),
      JSON.stringify({ error: { message: 'The server had an error while processing your request.', type: 'server_error' } }),
      chunk({ content: 'lo' }),
    ]);
    expect(parts.at(-1)).toEqual({
      type: 'error',
      error: { status: 502, type: 'api_error', message: 'The server had an error while processing your request.', code: 'server_error' },
    });
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
  });

  it('takes the status of an error event from its code or type, so failover can tell a rate limit', () => {
    const [rateLimited] = parse([JSON.stringify({ error: { message: 'slow down', type: 'rate_limit_error', code: 'rate_limit_exceeded' } })]);
    expect(rateLimited).toMatchObject({ type: 'error', error: { status: 429, type: 'rate_limit_error' } });
    const [openRouter] = parse([JSON.stringify({ error: { message: 'Provider returned error', code: 503 } })]);
    expect(openRouter).toMatchObject({ type: 'error', error: { status: 503, type: 'overloaded_error' } });
  });

  it('ends with a finish when the upstream closes after the finish chunk without [DONE]', () => {
    const summary = summarize(parse([chunk({ content: 'Hi' }), finishChunk('length')], false));
    expect(summary).toMatchObject({ text: 'Hi', finish: 'length', errors: [] });
  });

  it('reports a stream cut off before its finish reason as an error', () => {
    const parts = parse([chunk({ content: 'Hi' })], false);
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { status: 502 } });
  });

  it('reads a last event that lacks its closing blank line', () => {
    const stream = Buffer.from(`data: ${chunk({ content: 'Hi' })}\n\ndata: ${finishChunk('stop')}`);
    const summary = summarize(runParser(createOpenAIStreamParser(), stream));
    expect(summary).toMatchObject({ text: 'Hi', finish: 'stop' });
  });

  it('reports an event that is not JSON as an error', () => {
    const parts = runParser(createOpenAIStreamParser(), Buffer.from('data: {"id":\n\n'));
    expect(parts).toEqual([{ type: 'error', error: { status: 502, type: 'api_error', message: 'The upstream sent a stream event that is not JSON.' } }]);
  });

  it('skips comments and keep-alive lines, and handles CRLF framing', () => {
    const stream = Buffer.from(`: keep-alive\r\n\r\ndata: ${chunk({ content: 'Hi' })}\r\n\r\ndata: ${finishChunk('stop')}\r\n\r\ndata: [DONE]\r\n\r\n`);
    expect(summarize(runParser(createOpenAIStreamParser(), stream))).toMatchObject({ text: 'Hi', finish: 'stop', errors: [] });
  });

  it('gives a tool call without an id one, so the client can answer it', () => {
    const summary = summarize(parse([chunk({ tool_calls: [{ index: 0, function: { name: 'f', arguments: '{}' } }] }), finishChunk('tool_calls')]));
    expect(summary.toolCalls[0]!.id).toMatch(/^call_/);
  });
});
