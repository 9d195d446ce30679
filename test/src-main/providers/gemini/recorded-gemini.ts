import type { AssistantContentPart } from '../../../../src-main/conversion/chat-request.js';
import type { StreamPart } from '../../../../src-main/conversion/stream-part.js';
import type { TokenUsage } from '../../../../src-shared/usage.js';
import { recordedVendorFixtures } from '../../../support/recorded-fixtures.js';

/** Recorded Gemini streams and bodies (test/fixtures/recorded/gemini, see the README there). */
export const recordedStreams = ['google-text', 'google-reasoning', 'google-tool-call', 'google-tool-call-gemini3'] as const;
export type RecordedStream = (typeof recordedStreams)[number];

export const { recordedSuite, loadPayloads, loadBody } = recordedVendorFixtures<RecordedStream>('gemini');

export { frameGemini as frame, runParser } from '../../../support/recorded-fixtures.js';

export interface Assembled {
  start: { id: string; model: string } | null;
  content: AssistantContentPart[];
  usage: Partial<TokenUsage> | null;
  rawUsage: unknown;
  finish: string | null;
  errors: Array<{ status: number; type: string; message: string; code?: string }>;
}

/**
 * Puts parts back together into assistant content, checking the ordering rules of stream-part.ts on
 * the way: `start` first, blocks numbered 0, 1, 2… in start order, deltas only inside an open block of
 * their kind, a signature before its block's end, nothing after `finish` or `error`.
 */
export function assemble(parts: readonly StreamPart[]): Assembled {
  const result: Assembled = { start: null, content: [], usage: null, rawUsage: null, finish: null, errors: [] };
  const open = new Map<number, AssistantContentPart>();
  let blocks = 0;
  const expectOpen = <K extends AssistantContentPart['type']>(index: number, type: K) => {
    const block = open.get(index);
    if (!block || block.type !== type) throw new Error(`part for block ${index} outside an open ${type} block`);
    return block as Extract<AssistantContentPart, { type: K }>;
  };
  const startBlock = (index: number, block: AssistantContentPart) => {
    if (index !== blocks) throw new Error(`block ${index} started out of order`);
    if (open.size > 0) throw new Error(`block ${index} started while another is open`);
    blocks += 1;
    result.content.push(block);
    open.set(index, block);
  };
  let ended = false;
  parts.forEach((part, position) => {
    if (ended) throw new Error(`${part.type} after the stream ended`);
    if (part.type !== 'start' && part.type !== 'error' && !result.start) throw new Error(`${part.type} before start`);
    switch (part.type) {
      case 'start':
        if (position !== 0) throw new Error('start is not first');
        result.start = { id: part.id, model: part.model };
        break;
      case 'text-start':
        startBlock(part.index, { type: 'text', text: '' });
        break;
      case 'reasoning-start':
        startBlock(part.index, { type: 'reasoning', text: '' });
        break;
      case 'tool-call-start':
        startBlock(part.index, { type: 'tool-call', id: part.id, name: part.name, arguments: '', ...(part.signature !== undefined ? { signature: part.signature } : {}) });
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
        expectOpen(part.index, 'tool-call').arguments += part.argumentsDelta;
        break;
      case 'text-end':
      case 'reasoning-end':
      case 'tool-call-end':
        expectOpen(part.index, part.type === 'text-end' ? 'text' : part.type === 'reasoning-end' ? 'reasoning' : 'tool-call');
        open.delete(part.index);
        break;
      case 'usage':
        result.usage = { ...result.usage, ...part.usage };
        result.rawUsage = part.raw;
        break;
      case 'finish':
        if (open.size > 0) throw new Error('finish with blocks still open');
        result.finish = part.reason;
        ended = true;
        break;
      case 'error':
        result.errors.push(part.error);
        ended = true;
        break;
      default: {
        const _exhaustive: never = part;
        throw new Error(`unknown part ${JSON.stringify(_exhaustive)}`);
      }
    }
  });
  return result;
}
