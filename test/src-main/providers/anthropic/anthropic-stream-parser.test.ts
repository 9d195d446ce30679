import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createAnthropicStreamParser } from '../../../../src-main/providers/anthropic/anthropic-stream-parser.js';
import type { TokenUsage } from '../../../../src-shared/usage.js';
import {
  assemble,
  expectedBlocks,
  frame,
  loadPayloads,
  recordedSuite,
  recordedStreams,
  runParser,
  type RecordedStream,
} from './recorded-anthropic.js';

const parse = (stream: Buffer, cuts: readonly number[] = []) => runParser(createAnthropicStreamParser(), stream, cuts);

const usage = (inputTokens: number, outputTokens: number, extra: Partial<TokenUsage> = {}): TokenUsage => ({
  inputTokens,
  outputTokens,
  cachedInputTokens: 0,
  cacheWriteTokens: 0,
  reasoningTokens: 0,
  ...extra,
});

interface Expectation {
  id: string;
  model: string;
  finish: string;
  usage: TokenUsage;
  /** The client-visible blocks: kinds in order. */
  kinds: string[];
}

const expectations: Record<RecordedStream, Expectation> = {
  'anthropic-text': { id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', model: 'claude-sonnet-4-5-20250929', finish: 'stop', usage: usage(12, 30), kinds: ['text'] },
  'anthropic-tool-no-args': {
    id: 'msg_01GE2RKp1VYsPzdFs3sS9z5S',
    model: 'claude-sonnet-4-5-20250929',
    finish: 'tool-calls',
    usage: usage(565, 48),
    kinds: ['text', 'tool'],
  },
  'anthropic-json-tool.2': {
    id: 'msg_01K2JbSUMYhez5RHoK9ZCj9U',
    model: 'claude-haiku-4-5-20251001',
    finish: 'tool-calls',
    usage: usage(849, 47),
    kinds: ['text', 'tool'],
  },
  'anthropic-clear-thinking.1': {
    id: 'msg_01Y6V41gqPaKWEw7iPouH7iW',
    model: 'claude-sonnet-4-5-20250929',
    finish: 'stop',
    usage: usage(69, 53),
    kinds: ['reasoning', 'text'],
  },
  'anthropic-combined-context-editing.1': {
    id: 'msg_01PoSBRrThzwjVTnbyHtYKyo',
    model: 'claude-sonnet-4-5-20250929',
    finish: 'stop',
    usage: usage(50, 485),
    kinds: ['reasoning', 'text'],
  },
  // message_start says 43 input tokens, message_delta 61: the later figure wins.
  'anthropic-message-delta-input-tokens': {
    id: 'msg_3196a1cc08de4d76b85b8f5777c0d42b',
    model: 'claude-opus-4-5-20251101',
    finish: 'stop',
    usage: usage(61, 2),
    kinds: ['text'],
  },
  // message_delta: input 6 + cache read 6289 + cache creation 3337 (message_start said 2 + 0 + 3068).
  'anthropic-code-execution-20260120-prompt-cache.1': {
    id: 'msg_011CdYfpjpVtBoXyXCQD1tQP',
    model: 'claude-sonnet-5',
    finish: 'stop',
    usage: usage(9632, 198, { cachedInputTokens: 6289, cacheWriteTokens: 3337 }),
    kinds: ['text'],
  },
  'anthropic-web-search-tool.1': {
    id: 'msg_01LHpEgU4KbfgXGVi3UtHQY1',
    model: 'claude-sonnet-4-20250514',
    finish: 'stop',
    usage: usage(15665, 795),
    kinds: Array.from({ length: 19 }, () => 'text'),
  },
};

describe(recordedSuite('replaying the recorded Anthropic streams'), () => {
  for (const name of recordedStreams) {
    describe(name, () => {
      const payloads = loadPayloads(name);
      const stream = frame(payloads);
      const expected = expectations[name];

      it('gives the message id and model, every visible block with its deltas concatenated, the usage and the finish', () => {
        const assembled = assemble(parse(stream));
        expect(assembled.errors).toEqual([]);
        expect(assembled.start).toEqual({ id: expected.id, model: expected.model });
        expect(assembled.blocks.map((block) => block.kind)).toEqual(expected.kinds);
        expect(assembled.blocks.every((block) => block.ended)).toBe(true);
        const fromRecording = expectedBlocks(payloads);
        assembled.blocks.forEach((block, index) => {
          const source = fromRecording[index]!;
          // A tool call that streamed no arguments is given `{}`.
          expect(block.text).toBe(block.kind === 'tool' && source.text === '' ? '{}' : source.text);
          if (block.kind === 'reasoning') expect(block.signature).toBe(source.signature);
        });
        expect(assembled.usage).toEqual(expected.usage);
        expect(assembled.finish).toEqual({ reason: expected.finish });
      });

      it('gives the same parts however the bytes are split', () => {
        const whole = parse(stream);
        fc.assert(
          fc.property(
            fc.uniqueArray(fc.integer({ min: 1, max: stream.length - 1 }), { maxLength: 40 }).map((cuts) => [...cuts].sort((a, b) => a - b)),
            (cuts) => {
              expect(parse(stream, cuts)).toEqual(whole);
            },
          ),
          { numRuns: 60 },
        );
      });
    });
  }

  it('assembles the text of a plain answer', () => {
    const assembled = assemble(parse(frame(loadPayloads('anthropic-text'))));
    expect(assembled.blocks[0]!.text).toBe(
      "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    );
  });

  it('gives a tool call that streamed no arguments `{}`, with its id and name', () => {
    const assembled = assemble(parse(frame(loadPayloads('anthropic-tool-no-args'))));
    expect(assembled.blocks[1]).toEqual({ kind: 'tool', text: '{}', id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', ended: true });
  });

  it('assembles tool input streamed in pieces into the JSON the model meant', () => {
    const assembled = assemble(parse(frame(loadPayloads('anthropic-json-tool.2'))));
    const tool = assembled.blocks[1]!;
    expect(tool).toMatchObject({ id: 'toolu_01KFbKqPYSuAKujiL6mTfzYA', name: 'json' });
    expect(JSON.parse(tool.text)).toEqual({ elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] });
  });

  it('keeps thinking and its signature, before the answer', () => {
    const assembled = assemble(parse(frame(loadPayloads('anthropic-clear-thinking.1'))));
    expect(assembled.blocks[0]!.text).toBe('The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185');
    expect(assembled.blocks[0]!.signature).toMatch(/^EvQBCkYICxgCKkAxhD4N/);
    expect(assembled.blocks[1]!.text).toBe('925 ÷ 5 = 185');
  });

  it('skips server-tool blocks, keeping the text written from their results', () => {
    const parts = parse(frame(loadPayloads('anthropic-code-execution-20260120-prompt-cache.1')));
    expect(parts.some((part) => part.type === 'tool-call-start')).toBe(false);
    expect(assemble(parts).blocks).toEqual([
      { kind: 'text', text: 'The sum of the squares of the numbers 1 through 12 is **650**.', ended: true },
    ]);
  });

  it('passes usage on from message_start first, then the final figures', () => {
    const parts = parse(frame(loadPayloads('anthropic-message-delta-input-tokens')));
    const usages = parts.filter((part) => part.type === 'usage');
    expect(usages.map((part) => part.usage)).toEqual([usage(43, 1), usage(61, 2)]);
    expect(usages[1]!.raw).toEqual({ input_tokens: 61, output_tokens: 2 });
    expect(parts[0]!.type).toBe('start');
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });
});

describe('stream events beyond the recordings', () => {
  const event = (payload: Record<string, unknown>) => JSON.stringify(payload);
  const messageStart = event({
    type: 'message_start',
    message: { id: 'msg_1', model: 'claude-x', content: [], stop_reason: null, usage: { input_tokens: 5, output_tokens: 1 } },
  });

  it('turns an error event into an error part and ignores what follows', () => {
    const parts = parse(
      frame([
        messageStart,
        event({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }),
        event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
      ]),
    );
    expect(parts.at(-1)).toEqual({ type: 'error', error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } });
    expect(parts.filter((part) => part.type === 'error')).toHaveLength(1);
    expect(parts.some((part) => part.type === 'text-start')).toBe(false);
  });

  it('gives an error event that comes before anything else its status', () => {
    const parts = parse(frame([event({ type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } })]));
    expect(parts).toEqual([{ type: 'error', error: { status: 429, type: 'rate_limit_error', message: 'slow down' } }]);
  });

  it('maps stop reasons and keeps the stop sequence', () => {
    const parts = parse(
      frame([
        messageStart,
        event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
        event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'one two' } }),
        event({ type: 'content_block_stop', index: 0 }),
        event({ type: 'message_delta', delta: { stop_reason: 'stop_sequence', stop_sequence: 'three' }, usage: { output_tokens: 3 } }),
        event({ type: 'message_stop' }),
      ]),
    );
    expect(parts.at(-1)).toEqual({ type: 'finish', reason: 'stop-sequence', stopSequence: 'three' });
    // Only output_tokens in message_delta (older API versions): the input figure from message_start stays.
    expect(assemble(parts).usage).toEqual(usage(5, 3));
  });

  it('passes redacted thinking on with its data, and a signature given at block start', () => {
    const assembled = assemble(
      parse(
        frame([
          messageStart,
          event({ type: 'content_block_start', index: 0, content_block: { type: 'redacted_thinking', data: 'opaque-bytes' } }),
          event({ type: 'content_block_stop', index: 0 }),
          event({ type: 'content_block_start', index: 1, content_block: { type: 'thinking', thinking: 'whole', signature: 'sig-1' } }),
          event({ type: 'content_block_stop', index: 1 }),
          event({ type: 'message_delta', delta: { stop_reason: 'end_turn' }, usage: { output_tokens: 3 } }),
          event({ type: 'message_stop' }),
        ]),
      ),
    );
    expect(assembled.blocks).toEqual([
      { kind: 'reasoning', text: '', redactedData: 'opaque-bytes', ended: true },
      { kind: 'reasoning', text: 'whole', signature: 'sig-1', ended: true },
    ]);
  });

  it('passes on a tool input given whole at block start (as some compatible vendors send it)', () => {
    const assembled = assemble(
      parse(
        frame([
          messageStart,
          event({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_1', name: 'f', input: { a: 1 } } }),
          event({ type: 'content_block_stop', index: 0 }),
          event({ type: 'message_delta', delta: { stop_reason: 'tool_use' } }),
          event({ type: 'message_stop' }),
        ]),
      ),
    );
    expect(assembled.blocks[0]).toMatchObject({ kind: 'tool', text: '{"a":1}' });
    expect(assembled.finish).toEqual({ reason: 'tool-calls' });
  });

  it('skips event types it does not know, and comments', () => {
    const stream = Buffer.concat([
      Buffer.from(': keep-alive\n\n'),
      frame([messageStart, event({ type: 'future_event', anything: true }), event({ type: 'message_delta', delta: { stop_reason: 'end_turn' } })]),
      frame([event({ type: 'message_stop' })]),
    ]);
    const parts = parse(stream);
    expect(parts.map((part) => part.type)).toEqual(['start', 'usage', 'finish']);
  });

  it('reports a stream cut off before the answer was complete', () => {
    const parts = parse(
      frame([
        messageStart,
        event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
        event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'half' } }),
      ]),
    );
    expect(parts.at(-1)).toMatchObject({ type: 'error', error: { status: 502, type: 'api_error' } });
  });

  it('finishes a stream that said why it stopped but lost message_stop, closing open blocks first', () => {
    const parts = parse(
      frame([
        messageStart,
        event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
        event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'all' } }),
        event({ type: 'message_delta', delta: { stop_reason: 'max_tokens' }, usage: { output_tokens: 1 } }),
      ]),
    );
    expect(parts.slice(-2)).toEqual([
      { type: 'text-end', index: 0 },
      { type: 'finish', reason: 'length' },
    ]);
  });

  it('reads a last event that lacks its blank line', () => {
    const stream = Buffer.concat([frame([messageStart, event({ type: 'message_delta', delta: { stop_reason: 'end_turn' } })]), Buffer.from(`event: message_stop\ndata: {"type":"message_stop"}`)]);
    expect(parse(stream).at(-1)).toEqual({ type: 'finish', reason: 'stop' });
  });

  it('reports an event that is not JSON, or a known event in the wrong shape', () => {
    expect(parse(Buffer.from(`${frame([messageStart]).toString()}event: ping\ndata: {oops\n\n`)).at(-1)).toMatchObject({
      type: 'error',
      error: { status: 502, message: expect.stringContaining('not JSON') },
    });
    expect(parse(frame([messageStart, event({ type: 'content_block_delta', delta: { type: 'text_delta', text: 'x' } })])).at(-1)).toMatchObject({
      type: 'error',
      error: { message: expect.stringContaining('malformed content_block_delta') },
    });
  });
});
