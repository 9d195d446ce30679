import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../../src-main/conversion/stream-part.js';
import { createAnthropicStreamEncoder } from '../../../../src-main/providers/anthropic/anthropic-stream-encoder.js';
import { accumulate, parseSse, type AccumulatedBlock, type SseEvent } from './anthropic-sse-accumulator.js';

const context = { requestedModel: 'claude-sonnet-4-5' };

function encodeAll(parts: readonly StreamPart[]): { text: string; perPart: string[] } {
  const encoder = createAnthropicStreamEncoder(context);
  const perPart = parts.map((part) => encoder.encode(part));
  return { text: perPart.join(''), perPart };
}

/** The events as `type` or `type:index` shorthand, and the full parsed list. */
function run(parts: readonly StreamPart[]) {
  const { text, perPart } = encodeAll(parts);
  const events = parseSse(text);
  const shape = events.map(({ data }) => {
    if (data.type === 'content_block_start') return `start:${String(data.index)}:${(data.content_block as { type: string }).type}`;
    if (data.type === 'content_block_delta') return `delta:${String(data.index)}:${(data.delta as { type: string }).type}`;
    if (data.type === 'content_block_stop') return `stop:${String(data.index)}`;
    return data.type;
  });
  return { text, perPart, events, shape, result: accumulate(events) };
}

function finalMessage(parts: readonly StreamPart[]) {
  const { result } = run(parts);
  if (result.kind !== 'message') throw new Error('expected a message');
  expect(result.complete).toBe(true);
  return result.message;
}

const usage = (input: number, output: number, cached = 0, cacheWrite = 0) => ({
  type: 'usage' as const,
  usage: { inputTokens: input, outputTokens: output, cachedInputTokens: cached, cacheWriteTokens: cacheWrite, reasoningTokens: 0 },
  raw: null,
});

describe('createAnthropicStreamEncoder', () => {
  it('frames a text answer exactly as Anthropic does', () => {
    const { text } = run([
      { type: 'start', id: 'msg_01abc', model: 'gpt-4o' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Hel' },
      { type: 'text-delta', index: 0, text: 'lo' },
      { type: 'text-end', index: 0 },
      usage(10, 5),
      { type: 'finish', reason: 'stop' },
    ]);
    expect(text).toBe(
      [
        'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_01abc","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}}\n\n',
        'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
        'event: ping\ndata: {"type":"ping"}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}\n\n',
        'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}\n\n',
        'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
        'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"input_tokens":10,"output_tokens":5,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}\n\n',
        'event: message_stop\ndata: {"type":"message_stop"}\n\n',
      ].join(''),
    );
    expect(finalMessage([
      { type: 'start', id: 'msg_01abc', model: 'gpt-4o' },
      { type: 'text-delta', index: 0, text: 'Hello' },
      { type: 'finish', reason: 'stop' },
    ]).content).toEqual([{ type: 'text', text: 'Hello' }]);
  });

  it('puts usage reported up front into message_start, and the final figures into message_delta', () => {
    const { events, result } = run([
      { type: 'start', id: 'msg_1', model: 'm' },
      usage(20, 1),
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'think' },
      { type: 'reasoning-delta', index: 0, text: 'ing' },
      { type: 'reasoning-signature', index: 0, signature: 'sig-1' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'ok' },
      { type: 'text-end', index: 1 },
      usage(20, 9),
      { type: 'finish', reason: 'stop' },
    ]);
    expect(events.map(({ event }) => event)).toEqual([
      'message_start',
      'content_block_start',
      'ping',
      'content_block_delta',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[0]?.data.message).toMatchObject({ usage: { input_tokens: 20, output_tokens: 1 } });
    // Anthropic's own start shape for a thinking block.
    expect(events[1]?.data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' });
    expect(events[5]?.data.delta).toEqual({ type: 'signature_delta', signature: 'sig-1' });
    expect(result).toEqual({
      kind: 'message',
      complete: true,
      message: {
        id: 'msg_1',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [
          { type: 'thinking', thinking: 'thinking', signature: 'sig-1' },
          { type: 'text', text: 'ok' },
        ],
        stop_reason: 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: 20, output_tokens: 9, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
      },
    });
  });

  it('closes the text before the tool calls and holds back argument pieces of a call not yet open', () => {
    const parts: StreamPart[] = [
      { type: 'start', id: 'chatcmpl-9', model: 'gpt-4o' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Let me look.' },
      { type: 'tool-call-start', index: 1, id: 'call_a', name: 'Read' },
      { type: 'tool-call-start', index: 2, id: 'call_b', name: 'Grep' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"pa' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '{"q":' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: 'th":"a.ts"}' },
      { type: 'tool-call-delta', index: 2, argumentsDelta: '"x"}' },
      { type: 'text-end', index: 0 },
      { type: 'tool-call-end', index: 1 },
      { type: 'tool-call-end', index: 2 },
      usage(50, 30),
      { type: 'finish', reason: 'tool-calls' },
    ];
    const { shape, perPart, result } = run(parts);
    expect(shape).toEqual([
      'message_start',
      'start:0:text',
      'ping',
      'delta:0:text_delta',
      'stop:0',
      'start:1:tool_use',
      'delta:1:input_json_delta',
      'delta:1:input_json_delta',
      'stop:1',
      'start:2:tool_use',
      'delta:2:input_json_delta',
      'delta:2:input_json_delta',
      'stop:2',
      'message_delta',
      'message_stop',
    ]);
    // The first call streams as it comes; the second's pieces wait until the first call ends.
    expect(perPart[5]).toContain('{\\"pa');
    expect(perPart[6]).toBe('');
    expect(perPart[8]).toBe('');
    expect(perPart[10]).toContain('"content_block_start","index":2');
    expect(perPart[10]).toContain('"x\\"}');
    expect(result.kind === 'message' && result.message.content).toEqual([
      { type: 'text', text: 'Let me look.' },
      { type: 'tool_use', id: 'call_a', name: 'Read', input: { path: 'a.ts' }, partialJson: '{"path":"a.ts"}' },
      { type: 'tool_use', id: 'call_b', name: 'Grep', input: { q: 'x' }, partialJson: '{"q":"x"}' },
    ]);
    expect(result.kind === 'message' && result.message.stop_reason).toBe('tool_use');
  });

  it('gives a tool call without arguments an input that parses to {}', () => {
    const { shape, events, result } = run([
      { type: 'start', id: 'msg_2', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'toolu_1', name: 'updateIssueList' },
      { type: 'tool-call-end', index: 0 },
      { type: 'finish', reason: 'tool-calls' },
    ]);
    expect(shape).toEqual(['message_start', 'start:0:tool_use', 'ping', 'delta:0:input_json_delta', 'stop:0', 'message_delta', 'message_stop']);
    expect(events[1]?.data.content_block).toEqual({ type: 'tool_use', id: 'toolu_1', name: 'updateIssueList', input: {} });
    expect(events[3]?.data.delta).toEqual({ type: 'input_json_delta', partial_json: '{}' });
    expect(result.kind === 'message' && result.message.content[0]).toMatchObject({ input: {} });
  });

  it('merges usage reports and reports uncached input as Anthropic does', () => {
    const message = finalMessage([
      { type: 'start', id: 'msg_3', model: 'm' },
      { type: 'text-delta', index: 0, text: 'x' },
      { type: 'usage', usage: { inputTokens: 100, cachedInputTokens: 80, cacheWriteTokens: 10 }, raw: null },
      { type: 'usage', usage: { outputTokens: 7 }, raw: null },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(message.usage).toEqual({ input_tokens: 10, output_tokens: 7, cache_creation_input_tokens: 10, cache_read_input_tokens: 80 });
  });

  it('ends the message with zero output tokens when the upstream never reported usage', () => {
    const { events } = run([{ type: 'start', id: 'msg_4', model: 'm' }, { type: 'finish', reason: 'stop' }]);
    expect(events.map(({ event }) => event)).toEqual(['message_start', 'ping', 'message_delta', 'message_stop']);
    expect(events[2]?.data.usage).toEqual({ output_tokens: 0 });
  });

  it('answers an error that comes first with only an error event, and ignores what follows', () => {
    const encoder = createAnthropicStreamEncoder(context);
    expect(encoder.encode({ type: 'error', error: { status: 529, type: 'overloaded_error', message: 'Overloaded' } })).toBe(
      'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n',
    );
    expect(encoder.encode({ type: 'start', id: 'x', model: 'm' })).toBe('');
    expect(encoder.encode({ type: 'finish', reason: 'stop' })).toBe('');
  });

  it('sends a mid-stream error as an error event in Anthropic types, with nothing after it', () => {
    const { shape, result } = run([
      { type: 'start', id: 'msg_5', model: 'm' },
      { type: 'text-delta', index: 0, text: 'partial' },
      { type: 'error', error: { status: 500, type: 'server_error', message: 'upstream broke' } },
      { type: 'text-delta', index: 0, text: 'lost' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(shape).toEqual(['message_start', 'start:0:text', 'ping', 'delta:0:text_delta', 'error']);
    expect(result).toMatchObject({ kind: 'error', error: { type: 'api_error', message: 'upstream broke' } });
  });

  it('continues text that arrives after a tool call in a new text block', () => {
    const message = finalMessage([
      { type: 'start', id: 'msg_6', model: 'm' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'before ' },
      { type: 'tool-call-start', index: 1, id: 'call_1', name: 'Bash' },
      { type: 'text-delta', index: 0, text: 'after' },
      { type: 'tool-call-delta', index: 1, argumentsDelta: '{"command":"ls"}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'text-end', index: 0 },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(message.content).toEqual([
      { type: 'text', text: 'before ' },
      { type: 'tool_use', id: 'call_1', name: 'Bash', input: { command: 'ls' }, partialJson: '{"command":"ls"}' },
      { type: 'text', text: 'after' },
    ]);
    // The upstream said `stop`, but the answer calls a tool: clients run tools on `tool_use`.
    expect(message.stop_reason).toBe('tool_use');
  });

  it('opens no block for empty text (Gemini ends a tool call with an empty text part)', () => {
    const { shape } = run([
      { type: 'start', id: 'msg_7', model: 'm' },
      { type: 'tool-call-start', index: 0, id: 'fc_1', name: 'get_weather' },
      { type: 'tool-call-delta', index: 0, argumentsDelta: '{"city":"Paris"}' },
      { type: 'tool-call-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: '' },
      { type: 'text-end', index: 1 },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(shape).toEqual(['message_start', 'start:0:tool_use', 'ping', 'delta:0:input_json_delta', 'stop:0', 'message_delta', 'message_stop']);
  });

  it('sends redacted thinking as one redacted_thinking block', () => {
    const { shape, result } = run([
      { type: 'start', id: 'msg_8', model: 'm' },
      { type: 'reasoning-start', index: 0, redactedData: 'EmwKAhgB' },
      { type: 'reasoning-end', index: 0 },
      { type: 'text-delta', index: 1, text: 'hi' },
      { type: 'finish', reason: 'stop' },
    ]);
    expect(shape).toEqual(['message_start', 'start:0:redacted_thinking', 'ping', 'stop:0', 'start:1:text', 'delta:1:text_delta', 'stop:1', 'message_delta', 'message_stop']);
    expect(result.kind === 'message' && result.message.content[0]).toEqual({ type: 'redacted_thinking', data: 'EmwKAhgB' });
  });

  it('names the stop sequence that ended the answer', () => {
    const message = finalMessage([
      { type: 'start', id: 'msg_9', model: 'm' },
      { type: 'text-delta', index: 0, text: 'a' },
      { type: 'finish', reason: 'stop-sequence', stopSequence: '###' },
    ]);
    expect(message).toMatchObject({ stop_reason: 'stop_sequence', stop_sequence: '###' });
  });

  it('prefixes other vendors’ message ids and makes up missing tool-call ids', () => {
    const { events } = run([
      { type: 'start', id: 'chatcmpl-B9M', model: 'gpt-4o' },
      { type: 'tool-call-start', index: 0, id: '', name: 'Glob' },
      { type: 'tool-call-end', index: 0 },
      { type: 'finish', reason: 'length' },
    ]);
    expect(events[0]?.data.message).toMatchObject({ id: 'msg_chatcmpl-B9M' });
    expect((events[1]?.data.content_block as { id: string }).id).toMatch(/^toolu_[A-Za-z0-9]{24}$/);
    expect(events.at(-2)?.data.delta).toEqual({ stop_reason: 'max_tokens', stop_sequence: null });
  });

  it('emits nothing for `start` alone, so an upstream failing before content can still fail over', () => {
    const encoder = createAnthropicStreamEncoder(context);
    expect(encoder.encode({ type: 'start', id: 'msg_a', model: 'm' })).toBe('');
  });
});

// ——— property: any well-formed part sequence gives a well-formed stream that loses nothing ———

type BlockPlan =
  | { kind: 'text'; pieces: string[] }
  | { kind: 'reasoning'; pieces: string[]; signature: string | null }
  | { kind: 'tool'; id: string; name: string; pieces: string[] };

/** Splits `text` at random points into pieces (maybe none, for ''). */
const splitAt = (text: string, cuts: number[]) => {
  const points = [...new Set(cuts.map((cut) => cut % (text.length + 1)))].sort((a, b) => a - b);
  const pieces: string[] = [];
  let from = 0;
  for (const point of [...points, text.length]) {
    if (point > from) pieces.push(text.slice(from, point));
    from = Math.max(from, point);
  }
  return pieces;
};

const cutsArbitrary = fc.array(fc.nat(), { maxLength: 6 });
const textPieces = fc.array(fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }), { maxLength: 5 });

const blockPlan: fc.Arbitrary<BlockPlan> = fc.oneof(
  textPieces.map((pieces) => ({ kind: 'text' as const, pieces })),
  fc.record({ pieces: textPieces, signature: fc.option(fc.base64String({ minLength: 4, maxLength: 16 }), { nil: null }) }).map((plan) => ({ kind: 'reasoning' as const, ...plan })),
  fc
    .record({
      id: fc.stringMatching(/^call_[a-z0-9]{1,6}$/),
      name: fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,10}$/),
      // '' is a call without arguments.
      input: fc.oneof(fc.constant(''), fc.dictionary(fc.string({ maxLength: 5 }), fc.jsonValue({ maxDepth: 2 })).map((value) => JSON.stringify(value))),
      cuts: cutsArbitrary,
    })
    .map(({ id, name, input, cuts }) => ({ kind: 'tool' as const, id, name, pieces: splitAt(input, cuts) })),
);

/** Each block's own parts in order: start, pieces, signature, end. */
function blockParts(plan: BlockPlan, index: number, tag: (text: string) => string): StreamPart[] {
  switch (plan.kind) {
    case 'text':
      return [{ type: 'text-start', index }, ...plan.pieces.map((text): StreamPart => ({ type: 'text-delta', index, text: tag(text) })), { type: 'text-end', index }];
    case 'reasoning':
      return [
        { type: 'reasoning-start', index },
        ...plan.pieces.map((text): StreamPart => ({ type: 'reasoning-delta', index, text: tag(text) })),
        ...(plan.signature === null ? [] : [{ type: 'reasoning-signature' as const, index, signature: plan.signature }]),
        { type: 'reasoning-end', index },
      ];
    case 'tool':
      return [
        { type: 'tool-call-start', index, id: plan.id, name: plan.name },
        ...plan.pieces.map((argumentsDelta): StreamPart => ({ type: 'tool-call-delta', index, argumentsDelta })),
        { type: 'tool-call-end', index },
      ];
  }
}

const scenario = fc
  .record({
    plans: fc.array(blockPlan, { maxLength: 6 }),
    schedule: fc.array(fc.nat(), { maxLength: 80 }),
    usageAt: fc.option(fc.nat(), { nil: null }),
  })
  .map(({ plans, schedule, usageAt }) => {
    // Text and thinking pieces get a unique tag so each can be traced to its block after reordering.
    let counter = 0;
    const tag = (text: string) => `${text}⟨${counter++}⟩`;
    const queues = plans.map((plan, index) => blockParts(plan, index, tag));
    const parts: StreamPart[] = [{ type: 'start', id: 'msg_prop', model: 'm' }];
    let started = 0;
    let step = 0;
    // Interleave the blocks' parts at random, keeping each block's order and starting blocks in index order.
    for (;;) {
      const eligible = queues.map((queue, index) => ({ queue, index })).filter(({ queue, index }) => queue.length > 0 && index <= started);
      if (eligible.length === 0) break;
      const pick = eligible[(schedule[step++ % Math.max(1, schedule.length)] ?? 0) % eligible.length] as { queue: StreamPart[]; index: number };
      if (pick.index === started) started += 1;
      parts.push(pick.queue.shift() as StreamPart);
    }
    if (usageAt !== null) parts.splice(1 + (usageAt % parts.length), 0, usage(12, 34));
    parts.push({ type: 'finish', reason: 'stop' });
    return { plans, parts };
  });

const taggedPieces = (parts: readonly StreamPart[], type: 'text-delta' | 'reasoning-delta') =>
  parts.flatMap((part) => (part.type === type ? [{ index: part.index, text: part.text }] : []));

describe('createAnthropicStreamEncoder (property)', () => {
  it('turns any well-formed part sequence into a well-formed stream that loses no byte', () => {
    fc.assert(
      fc.property(scenario, ({ plans, parts }) => {
        const { text } = encodeAll(parts);
        const events: SseEvent[] = parseSse(text);
        // `accumulate` throws on any grammar violation: a start while a block is open, indexes out of
        // order, a delta outside its open block or of the wrong kind, a start without a stop.
        const result = accumulate(events);
        expect(result.kind).toBe('message');
        if (result.kind !== 'message') return;
        expect(result.complete).toBe(true);
        const starts = events.filter(({ event }) => event === 'content_block_start').length;
        const stops = events.filter(({ event }) => event === 'content_block_stop').length;
        expect(stops).toBe(starts);

        // Tool calls: one block each, in start order, with every argument byte in order.
        const toolBlocks = result.message.content.filter((block): block is Extract<AccumulatedBlock, { type: 'tool_use' }> => block.type === 'tool_use');
        const toolPlans = plans.filter((plan): plan is Extract<BlockPlan, { kind: 'tool' }> => plan.kind === 'tool');
        expect(toolBlocks.map(({ id, name }) => ({ id, name }))).toEqual(toolPlans.map(({ id, name }) => ({ id, name })));
        toolBlocks.forEach((block, position) => {
          const sent = (toolPlans[position] as { pieces: string[] }).pieces.join('');
          expect(block.partialJson).toBe(sent === '' ? '{}' : sent);
          expect(block.input).toEqual(sent === '' ? {} : JSON.parse(sent));
        });

        // Text and thinking: every tagged piece arrives exactly once and each block's pieces keep their order.
        const wireText = events.flatMap(({ data }) => (data.type === 'content_block_delta' && (data.delta as { type: string }).type === 'text_delta' ? [(data.delta as { text: string }).text] : []));
        const wireThinking = events.flatMap(({ data }) =>
          data.type === 'content_block_delta' && (data.delta as { type: string }).type === 'thinking_delta' ? [(data.delta as { thinking: string }).thinking] : [],
        );
        for (const [type, wire] of [['text-delta', wireText], ['reasoning-delta', wireThinking]] as const) {
          const sent = taggedPieces(parts, type);
          expect([...wire].sort()).toEqual(sent.map(({ text }) => text).sort());
          for (const index of new Set(sent.map((piece) => piece.index))) {
            const own = sent.filter((piece) => piece.index === index).map((piece) => piece.text);
            expect(wire.filter((piece) => own.includes(piece))).toEqual(own);
          }
        }
        // Signatures: each reaches a thinking block.
        const signatures = result.message.content.flatMap((block) => (block.type === 'thinking' && block.signature !== '' ? [block.signature] : []));
        const sentSignatures = plans.flatMap((plan) => (plan.kind === 'reasoning' && plan.signature !== null && plan.signature !== '' ? [plan.signature] : []));
        expect(signatures.sort()).toEqual(sentSignatures.sort());

        expect(result.message.stop_reason).toBe(toolPlans.length > 0 ? 'tool_use' : 'end_turn');
      }),
      { numRuns: 400 },
    );
  });
});
