import type { StreamTap, UsageReading } from '../provider-adapter.js';
import { eventData, SseEventFramer, splitEvents } from '../shared/sse-event-framer.js';
import { anthropicMessageSchema, anthropicUsageSchema, type AnthropicUsage } from './anthropic-api.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';

// Only these two events carry usage; every other event passes without being decoded.
const messageStartMarker = Buffer.from('message_start');
const messageDeltaMarker = Buffer.from('message_delta');

/**
 * Reads usage from an Anthropic stream as it passes, bytes untouched. Anthropic always reports usage
 * in streams (in `message_start`, final figures in `message_delta`), so Switchyard never asks for it
 * and there is nothing to drop.
 */
export function createAnthropicStreamTap(_options: { dropInjectedUsage: boolean }): StreamTap {
  const framer = new SseEventFramer();
  let usage: AnthropicUsage | null = null;
  let model: string | undefined;

  function inspect(event: string): void {
    const data = eventData(event);
    if (data === null) return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    if (typeof json !== 'object' || json === null) return;
    const record = json as Record<string, unknown>;
    if (record.type === 'message_start') {
      const message = anthropicMessageSchema.safeParse(record.message);
      if (!message.success) return;
      if (message.data.model) model = message.data.model;
      if (message.data.usage) usage = mergeAnthropicUsage(usage, message.data.usage);
    } else if (record.type === 'message_delta') {
      const parsed = anthropicUsageSchema.safeParse(record.usage);
      if (parsed.success) usage = mergeAnthropicUsage(usage, parsed.data);
    }
  }

  return {
    transform(chunk) {
      const complete = framer.push(chunk);
      if (complete.length > 0 && (complete.indexOf(messageStartMarker) !== -1 || complete.indexOf(messageDeltaMarker) !== -1)) {
        for (const event of splitEvents(complete)) inspect(event);
      }
      return chunk;
    },
    flush() {
      // The last event may lack its blank line; it has already gone to the client, only read it.
      for (const event of splitEvents(framer.rest())) inspect(event);
      return Buffer.alloc(0);
    },
    reading(): UsageReading | null {
      if (!usage) return null;
      return { usage: convertAnthropicUsage(usage), raw: usage, ...(model ? { model } : {}) };
    },
  };
}
