import { expect } from 'vitest';
import type { StreamPart } from '../../../../src-main/conversion/stream-part.js';
import type { TokenUsage } from '../../../../src-shared/usage.js';

export { frameOpenAI, runParser } from '../../../support/recorded-fixtures.js';

export interface StreamSummary {
  id?: string;
  model?: string;
  text: string;
  reasoning: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  usage: Partial<TokenUsage> | null;
  finish?: string;
  errors: string[];
}

/**
 * What a part sequence says, after checking the ordering rules of stream-part.ts: `start` first,
 * `finish` last, blocks numbered in start order and never overlapping, every block ended.
 */
export function summarize(parts: StreamPart[]): StreamSummary {
  const summary: StreamSummary = { text: '', reasoning: '', toolCalls: [], usage: null, errors: [] };
  let open: number | null = null;
  let nextIndex = 0;
  const toolByIndex = new Map<number, StreamSummary['toolCalls'][number]>();
  parts.forEach((part, position) => {
    if (summary.finish !== undefined || summary.errors.length > 0) throw new Error(`part after the end: ${JSON.stringify(part)}`);
    if (position === 0 && part.type !== 'error') expect(part.type).toBe('start');
    switch (part.type) {
      case 'start':
        expect(position).toBe(0);
        summary.id = part.id;
        summary.model = part.model;
        break;
      case 'text-start':
      case 'reasoning-start':
      case 'tool-call-start':
        expect(open, 'a block started while another was open').toBeNull();
        expect(part.index).toBe(nextIndex);
        nextIndex += 1;
        open = part.index;
        if (part.type === 'tool-call-start') {
          const call = { id: part.id, name: part.name, arguments: '' };
          toolByIndex.set(part.index, call);
          summary.toolCalls.push(call);
        }
        break;
      case 'text-delta':
        expect(part.index).toBe(open);
        summary.text += part.text;
        break;
      case 'reasoning-delta':
        expect(part.index).toBe(open);
        summary.reasoning += part.text;
        break;
      case 'tool-call-delta':
        expect(part.index).toBe(open);
        toolByIndex.get(part.index)!.arguments += part.argumentsDelta;
        break;
      case 'reasoning-signature':
        expect(part.index).toBe(open);
        break;
      case 'text-end':
      case 'reasoning-end':
      case 'tool-call-end':
        expect(part.index).toBe(open);
        open = null;
        break;
      case 'usage':
        summary.usage = { ...summary.usage, ...part.usage };
        break;
      case 'finish':
        expect(open, 'finish with a block still open').toBeNull();
        summary.finish = part.reason;
        break;
      case 'error':
        summary.errors.push(part.error.message);
        break;
      default: {
        const _exhaustive: never = part;
        throw new Error(`unknown part ${JSON.stringify(_exhaustive)}`);
      }
    }
  });
  return summary;
}
