import type { TokenUsage } from '../../../src-shared/usage.js';
import type { EncodeResponseContext, StreamEncoder } from '../../conversion/inbound-codec.js';
import type { StreamPart } from '../../conversion/stream-part.js';
import { anthropicErrorBody } from './anthropic-error-body.js';
import { toAnthropicMessageId, toAnthropicToolUseId } from './anthropic-ids.js';
import { encodeAnthropicUsage } from './encode-anthropic-usage.js';
import { mapFinishReasonToAnthropic } from './map-finish-reason-to-anthropic.js';

/** Content waiting to go out in its block's deltas. */
type Piece = { type: 'text_delta'; text: string } | { type: 'thinking_delta'; thinking: string } | { type: 'signature_delta'; signature: string } | { type: 'input_json_delta'; partial_json: string };

/** One internal content block (one StreamPart `index`). */
interface Block {
  kind: 'text' | 'reasoning' | 'tool';
  /** Tool calls only. */
  id: string;
  name: string;
  /** Set for Anthropic `redacted_thinking`: the whole block is in its start. */
  redactedData?: string;
  pending: Piece[];
  /** The upstream said the block is complete. */
  ended: boolean;
  /** A tool call had its one wire block opened and closed; nothing more may go out for it. */
  closedForGood: boolean;
  /** Some non-blank argument text went out: otherwise `{}` is sent so the input parses. */
  sentArguments: boolean;
}

/**
 * Internal stream parts → Anthropic's SSE (`event: <type>\ndata: <json>\n\n`), in the order its SDK and
 * Claude Code require, as Anthropic sends it: `message_start`, the first `content_block_start`, `ping`,
 * then content blocks one at a time (start, deltas, stop) with indexes counting up from 0, then
 * `message_delta` and `message_stop`.
 *
 * Anthropic's blocks never interleave, but other vendors' output does: OpenAI streams text and then
 * tool calls without ending the text, and may stream several tool calls' arguments interleaved. So:
 * a text or thinking block is closed when another block has something to send (text left over later
 * goes out in a new block of the same kind); a tool call's block stays open until its call ends (its
 * arguments must stay in one block), and whatever other blocks produce meanwhile waits, in order, and
 * goes out as soon as it can. No byte is dropped or reordered within a block.
 *
 * Usage: OpenAI and Gemini report it only at the end, so `message_start` carries what is known by
 * then (often zeros) and `message_delta.usage` carries the final figures, input included; the SDK's
 * stream accumulator overwrites the start's numbers with the delta's.
 */
export function createAnthropicStreamEncoder(context: EncodeResponseContext): StreamEncoder {
  let phase: 'waiting-for-content' | 'streaming' | 'ended' = 'waiting-for-content';
  let messageId = '';
  const usage: Partial<TokenUsage> = {};
  let usageKnown = false;
  const blocks = new Map<number, Block>();
  /** The block whose wire block is open. Invariant: `waiting` is non-empty only while a tool call is open. */
  let open: Block | null = null;
  const waiting: Block[] = [];
  let wireIndex = 0;
  let toolCallsSent = false;
  let out = '';

  const emit = (payload: { type: string } & Record<string, unknown>): void => {
    out += `event: ${payload.type}\ndata: ${JSON.stringify(payload)}\n\n`;
  };

  function startMessage(): void {
    if (phase !== 'waiting-for-content') return;
    phase = 'streaming';
    emit({
      type: 'message_start',
      message: {
        id: toAnthropicMessageId(messageId),
        type: 'message',
        role: 'assistant',
        model: context.requestedModel,
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: encodeAnthropicUsage(usage),
      },
    });
  }

  /** Anthropic sends its one `ping` right after the first block opens (or before the end, when none does). */
  let pinged = false;
  function ping(): void {
    if (pinged) return;
    pinged = true;
    emit({ type: 'ping' });
  }

  function openOnWire(block: Block): void {
    open = block;
    switch (block.kind) {
      case 'text':
        emit({ type: 'content_block_start', index: wireIndex, content_block: { type: 'text', text: '' } });
        break;
      case 'reasoning':
        emit({
          type: 'content_block_start',
          index: wireIndex,
          content_block:
            block.redactedData !== undefined ? { type: 'redacted_thinking', data: block.redactedData } : { type: 'thinking', thinking: '', signature: '' },
        });
        break;
      case 'tool':
        toolCallsSent = true;
        emit({ type: 'content_block_start', index: wireIndex, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
        break;
      default: {
        const _exhaustive: never = block.kind;
        throw new Error(`unhandled block kind ${String(_exhaustive)}`);
      }
    }
    ping();
  }

  function flush(block: Block): void {
    for (const delta of block.pending) {
      if (delta.type === 'input_json_delta' && delta.partial_json.trim() !== '') block.sentArguments = true;
      emit({ type: 'content_block_delta', index: wireIndex, delta });
    }
    block.pending = [];
  }

  function closeOnWire(): void {
    const block = open;
    if (block === null) return;
    if (block.kind === 'tool') {
      // A call without arguments still needs an input that parses: Claude Code JSON-parses the
      // accumulated `partial_json` and the SDK keeps `{}` only when nothing came.
      if (!block.sentArguments) emit({ type: 'content_block_delta', index: wireIndex, delta: { type: 'input_json_delta', partial_json: '{}' } });
      block.closedForGood = true;
    }
    emit({ type: 'content_block_stop', index: wireIndex });
    wireIndex += 1;
    open = null;
  }

  /** After a tool call closed: let the blocks that waited behind it out, in the order they came. */
  function drain(): void {
    while (open === null && waiting.length > 0) {
      const block = waiting.shift() as Block;
      openOnWire(block);
      flush(block);
      // A tool call still streaming keeps the wire; anything else yields when more is waiting.
      const keepOpen = block.kind === 'tool' ? !block.ended : !block.ended && waiting.length === 0 && block.redactedData === undefined;
      if (!keepOpen) closeOnWire();
    }
  }

  /** `block` has something to send. */
  function deliver(block: Block): void {
    if (open === block) {
      flush(block);
      return;
    }
    if (open !== null && open.kind === 'tool') {
      if (!waiting.includes(block)) waiting.push(block);
      return;
    }
    closeOnWire();
    openOnWire(block);
    flush(block);
    if (block.redactedData !== undefined) closeOnWire();
  }

  function end(block: Block | undefined): void {
    if (!block) return;
    block.ended = true;
    if (open === block) {
      closeOnWire();
      drain();
    }
  }

  /** Deltas for an index that never started are taken as a block of that kind starting there. */
  function contentBlock(index: number, kind: 'text' | 'reasoning'): Block {
    const existing = blocks.get(index);
    if (existing) return existing;
    const block = newBlock(kind, '', '');
    blocks.set(index, block);
    return block;
  }

  function closeEverything(): void {
    closeOnWire();
    for (const block of waiting.splice(0)) {
      openOnWire(block);
      flush(block);
      closeOnWire();
    }
  }

  function encodePart(part: StreamPart): void {
    switch (part.type) {
      case 'start':
        if (messageId === '') messageId = part.id;
        return;
      case 'usage':
        // Later reports win field by field; a field a report leaves out keeps its earlier value.
        for (const [key, value] of Object.entries(part.usage) as Array<[keyof TokenUsage, number | undefined]>) {
          if (value !== undefined) usage[key] = value;
        }
        usageKnown = true;
        // The parts after `start` are held until the first usage or content, so an upstream that
        // reports input tokens up front (Anthropic, Gemini) has them in `message_start`.
        startMessage();
        return;
      case 'error':
        emit({ ...anthropicErrorBody(part.error) });
        phase = 'ended';
        return;
      case 'text-start':
        startMessage();
        blocks.set(part.index, newBlock('text', '', ''));
        return;
      case 'text-delta': {
        startMessage();
        if (part.text === '') return;
        const block = contentBlock(part.index, 'text');
        block.pending.push({ type: 'text_delta', text: part.text });
        deliver(block);
        return;
      }
      case 'reasoning-start': {
        startMessage();
        const block = newBlock('reasoning', '', '');
        blocks.set(part.index, block);
        if (part.redactedData !== undefined) {
          block.redactedData = part.redactedData;
          deliver(block);
        }
        return;
      }
      case 'reasoning-delta': {
        startMessage();
        const block = contentBlock(part.index, 'reasoning');
        if (part.text === '' || block.redactedData !== undefined) return;
        block.pending.push({ type: 'thinking_delta', thinking: part.text });
        deliver(block);
        return;
      }
      case 'reasoning-signature': {
        startMessage();
        const block = contentBlock(part.index, 'reasoning');
        if (part.signature === '' || block.redactedData !== undefined) return;
        block.pending.push({ type: 'signature_delta', signature: part.signature });
        deliver(block);
        return;
      }
      case 'tool-call-start': {
        startMessage();
        // Anthropic's tool_use has no place for Gemini's per-call thoughtSignature; the Gemini
        // encoder has to do without it on the next turn.
        const block = newBlock('tool', toAnthropicToolUseId(part.id), part.name);
        blocks.set(part.index, block);
        deliver(block);
        return;
      }
      case 'tool-call-delta': {
        startMessage();
        const block = blocks.get(part.index);
        if (!block || block.kind !== 'tool' || block.closedForGood || part.argumentsDelta === '') return;
        block.pending.push({ type: 'input_json_delta', partial_json: part.argumentsDelta });
        deliver(block);
        return;
      }
      case 'text-end':
      case 'reasoning-end':
      case 'tool-call-end':
        startMessage();
        end(blocks.get(part.index));
        return;
      case 'finish': {
        startMessage();
        closeEverything();
        ping();
        const stopReason = mapFinishReasonToAnthropic(part.reason, toolCallsSent);
        emit({
          type: 'message_delta',
          delta: { stop_reason: stopReason, stop_sequence: stopReason === 'stop_sequence' ? (part.stopSequence ?? null) : null },
          usage: usageKnown ? encodeAnthropicUsage(usage) : { output_tokens: 0 },
        });
        emit({ type: 'message_stop' });
        phase = 'ended';
        return;
      }
      default: {
        const _exhaustive: never = part;
        throw new Error(`unhandled stream part ${JSON.stringify(_exhaustive)}`);
      }
    }
  }

  return {
    encode(part: StreamPart): string {
      if (phase === 'ended') return '';
      out = '';
      encodePart(part);
      return out;
    },
  };
}

function newBlock(kind: Block['kind'], id: string, name: string): Block {
  return { kind, id, name, pending: [], ended: false, closedForGood: false, sentArguments: false };
}
