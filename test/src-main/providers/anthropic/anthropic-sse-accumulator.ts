import { eventData, splitEvents } from '../../../../src-main/providers/shared/sse-event-framer.js';

/**
 * A strict reader of an Anthropic SSE stream for tests: it checks the framing and the event grammar
 * Anthropic's SDK relies on and rebuilds the final message the way the SDK's `MessageStream`
 * accumulates it (blocks pushed in index order, text / thinking appended, signature set,
 * `partial_json` concatenated and parsed at the block's end, `message_delta.usage` overwriting the
 * start's figures field by field). Any violation throws.
 */

export interface SseEvent {
  event: string;
  data: Record<string, unknown> & { type: string };
}

export function parseSse(text: string): SseEvent[] {
  if (text !== '' && !text.endsWith('\n\n')) throw new Error('stream does not end with a blank line');
  return splitEvents(Buffer.from(text)).map((raw) => {
    const lines = raw.split('\n');
    if (lines.length !== 2 || !lines[0]?.startsWith('event: ') || !lines[1]?.startsWith('data: ')) {
      throw new Error(`event is not "event: <type>\\ndata: <json>": ${JSON.stringify(raw)}`);
    }
    const data = JSON.parse(eventData(raw) as string) as SseEvent['data'];
    const event = lines[0].slice('event: '.length);
    if (data.type !== event) throw new Error(`event line says ${event}, data says ${data.type}`);
    return { event, data };
  });
}

export type AccumulatedBlock =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown; partialJson: string };

export interface AccumulatedMessage {
  id: string;
  model: string;
  content: AccumulatedBlock[];
  stop_reason: string | null;
  stop_sequence: string | null;
  usage: Record<string, number>;
}

export type Accumulated = { kind: 'message'; message: AccumulatedMessage; complete: boolean } | { kind: 'error'; message: AccumulatedMessage | null; error: { type: string; message: string } };

export function accumulate(events: readonly SseEvent[]): Accumulated {
  let message: AccumulatedMessage | null = null;
  let openIndex: number | null = null;
  let delta = false;
  let stopped = false;
  events.forEach(({ data }, position) => {
    if (stopped) throw new Error(`${data.type} after message_stop`);
    if (data.type === 'error') {
      if (position !== events.length - 1) throw new Error('error is not the last event');
      return;
    }
    if (data.type === 'message_start') {
      if (message) throw new Error('second message_start');
      const start = data.message as AccumulatedMessage & { content: unknown[] };
      if (start.content.length !== 0) throw new Error('message_start with content');
      message = { ...start, content: [], usage: { ...start.usage } };
      return;
    }
    if (!message) throw new Error(`${data.type} before message_start`);
    const current: AccumulatedMessage = message;
    switch (data.type) {
      case 'ping':
        return;
      case 'content_block_start': {
        if (delta) throw new Error('content_block_start after message_delta');
        if (openIndex !== null) throw new Error(`block ${data.index} starts while block ${openIndex} is open`);
        if (data.index !== current.content.length) throw new Error(`block index ${data.index}, expected ${current.content.length}`);
        const block = data.content_block as AccumulatedBlock;
        current.content.push(block.type === 'tool_use' ? { ...block, partialJson: '' } : { ...block });
        openIndex = data.index as number;
        return;
      }
      case 'content_block_delta': {
        if (data.index !== openIndex) throw new Error(`delta for block ${data.index} while ${openIndex} is open`);
        const block = current.content[data.index as number] as AccumulatedBlock;
        const change = data.delta as { type: string; text?: string; thinking?: string; signature?: string; partial_json?: string };
        if (change.type === 'text_delta' && block.type === 'text') block.text += change.text;
        else if (change.type === 'thinking_delta' && block.type === 'thinking') block.thinking += change.thinking;
        else if (change.type === 'signature_delta' && block.type === 'thinking') block.signature = change.signature as string;
        else if (change.type === 'input_json_delta' && block.type === 'tool_use') block.partialJson += change.partial_json;
        else throw new Error(`${change.type} in a ${block.type} block`);
        return;
      }
      case 'content_block_stop': {
        if (data.index !== openIndex) throw new Error(`stop for block ${data.index} while ${openIndex} is open`);
        const block = current.content[data.index as number] as AccumulatedBlock;
        if (block.type === 'tool_use' && block.partialJson !== '') block.input = JSON.parse(block.partialJson);
        openIndex = null;
        return;
      }
      case 'message_delta': {
        if (openIndex !== null) throw new Error('message_delta while a block is open');
        if (delta) throw new Error('second message_delta');
        delta = true;
        const change = data.delta as { stop_reason: string; stop_sequence: string | null };
        current.stop_reason = change.stop_reason;
        current.stop_sequence = change.stop_sequence;
        const usage = data.usage as Record<string, number | null | undefined>;
        for (const [key, value] of Object.entries(usage)) if (value !== null && value !== undefined) current.usage[key] = value;
        return;
      }
      case 'message_stop':
        if (!delta) throw new Error('message_stop without message_delta');
        stopped = true;
        return;
      default:
        throw new Error(`unknown event ${data.type}`);
    }
  });
  const last = events.at(-1);
  if (last?.data.type === 'error') return { kind: 'error', message, error: last.data.error as { type: string; message: string } };
  if (!message) throw new Error('no message_start');
  return { kind: 'message', message, complete: stopped };
}
