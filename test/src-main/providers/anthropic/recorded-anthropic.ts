import type { StreamPart } from '../../../../src-main/conversion/stream-part.js';
import type { TokenUsage } from '../../../../src-shared/usage.js';
import { recordedVendorFixtures } from '../../../support/recorded-fixtures.js';

/** Recorded Anthropic streams and bodies (test/fixtures/recorded/anthropic, see the README there). */
export const recordedStreams = [
  'anthropic-text',
  'anthropic-tool-no-args',
  'anthropic-json-tool.2',
  'anthropic-clear-thinking.1',
  'anthropic-combined-context-editing.1',
  'anthropic-message-delta-input-tokens',
  'anthropic-code-execution-20260120-prompt-cache.1',
  'anthropic-web-search-tool.1',
] as const;

export type RecordedStream = (typeof recordedStreams)[number];

export const { recordedSuite, loadPayloads, loadBody } = recordedVendorFixtures<RecordedStream>('anthropic');

export { frameAnthropic as frame, runParser } from '../../../support/recorded-fixtures.js';

export interface AssembledBlock {
  kind: 'text' | 'reasoning' | 'tool';
  text: string;
  signature?: string;
  redactedData?: string;
  id?: string;
  name?: string;
  ended: boolean;
}

export interface Assembled {
  start: { id: string; model: string } | null;
  blocks: AssembledBlock[];
  usage: Partial<TokenUsage> | null;
  rawUsage: unknown;
  finish: { reason: string; stopSequence?: string } | null;
  errors: Array<{ status: number; type: string; message: string }>;
}

/**
 * Puts parts back together as a client would, checking the ordering rules of stream-part.ts on the
 * way: `start` first, blocks numbered 0, 1, 2… in start order, deltas only inside an open block of
 * their kind, a signature before its block's end, `finish` last.
 */
export function assemble(parts: readonly StreamPart[]): Assembled {
  const result: Assembled = { start: null, blocks: [], usage: null, rawUsage: null, finish: null, errors: [] };
  const open = new Set<number>();
  const expectOpen = (index: number, kind: AssembledBlock['kind']) => {
    const block = result.blocks[index];
    if (!block || !open.has(index) || block.kind !== kind) throw new Error(`part for block ${index} (${kind}) outside an open ${kind} block`);
    return block;
  };
  const startBlock = (index: number, block: AssembledBlock) => {
    if (index !== result.blocks.length) throw new Error(`block ${index} started out of order`);
    result.blocks.push(block);
    open.add(index);
  };
  parts.forEach((part, position) => {
    if (result.finish) throw new Error(`${part.type} after finish`);
    if (part.type !== 'start' && part.type !== 'error' && !result.start) throw new Error(`${part.type} before start`);
    switch (part.type) {
      case 'start':
        if (position !== 0) throw new Error('start is not first');
        result.start = { id: part.id, model: part.model };
        break;
      case 'text-start':
        startBlock(part.index, { kind: 'text', text: '', ended: false });
        break;
      case 'reasoning-start':
        startBlock(part.index, { kind: 'reasoning', text: '', ended: false, ...(part.redactedData !== undefined ? { redactedData: part.redactedData } : {}) });
        break;
      case 'tool-call-start':
        startBlock(part.index, { kind: 'tool', text: '', id: part.id, name: part.name, ended: false });
        break;
      case 'text-delta':
        expectOpen(part.index, 'text').text += part.text;
        break;
      case 'reasoning-delta':
        expectOpen(part.index, 'reasoning').text += part.text;
        break;
      case 'reasoning-signature':
        expectOpen(part.index, 'reasoning').signature = part.signature;
        break;
      case 'tool-call-delta':
        expectOpen(part.index, 'tool').text += part.argumentsDelta;
        break;
      case 'text-end':
      case 'reasoning-end':
      case 'tool-call-end': {
        const kind = part.type === 'text-end' ? 'text' : part.type === 'reasoning-end' ? 'reasoning' : 'tool';
        expectOpen(part.index, kind).ended = true;
        open.delete(part.index);
        break;
      }
      case 'usage':
        result.usage = { ...result.usage, ...part.usage };
        result.rawUsage = part.raw;
        break;
      case 'finish':
        if (open.size > 0) throw new Error('finish with blocks still open');
        result.finish = { reason: part.reason, ...(part.stopSequence !== undefined ? { stopSequence: part.stopSequence } : {}) };
        break;
      case 'error':
        result.errors.push(part.error);
        break;
      default: {
        const _exhaustive: never = part;
        throw new Error(`unknown part ${JSON.stringify(_exhaustive)}`);
      }
    }
  });
  return result;
}

/**
 * What the recording says, read independently of the parser: per client-visible block (text,
 * thinking, tool_use), the concatenated deltas in block order.
 */
export function expectedBlocks(payloads: readonly string[]): Array<{ kind: AssembledBlock['kind']; text: string; signature?: string }> {
  const byIndex = new Map<number, { kind: AssembledBlock['kind']; text: string; signature?: string }>();
  const order: number[] = [];
  for (const payload of payloads) {
    const event = JSON.parse(payload) as {
      type: string;
      index?: number;
      content_block?: { type: string };
      delta?: { type: string; text?: string; partial_json?: string; thinking?: string; signature?: string };
    };
    if (event.type === 'content_block_start' && event.index !== undefined) {
      const kind = { text: 'text', thinking: 'reasoning', tool_use: 'tool' }[event.content_block!.type] as AssembledBlock['kind'] | undefined;
      if (kind) {
        byIndex.set(event.index, { kind, text: '' });
        order.push(event.index);
      }
    }
    if (event.type === 'content_block_delta' && event.index !== undefined) {
      const block = byIndex.get(event.index);
      if (!block) continue;
      const delta = event.delta!;
      if (delta.type === 'text_delta') block.text += delta.text;
      if (delta.type === 'input_json_delta') block.text += delta.partial_json;
      if (delta.type === 'thinking_delta') block.text += delta.thinking;
      if (delta.type === 'signature_delta') block.signature = delta.signature;
    }
  }
  return order.map((index) => byIndex.get(index)!);
}
