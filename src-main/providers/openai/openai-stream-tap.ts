import { eventData, SseEventFramer, splitEvents } from '../shared/sse-event-framer.js';
import type { StreamTap, UsageReading } from '../provider-adapter.js';
import { openaiUsageCarrierSchema } from './openai-api.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';

const usageMarker = Buffer.from('"usage"');

/**
 * Reads usage from an OpenAI-format stream as it passes. Bytes go on untouched; only when Switchyard
 * itself added `stream_options.include_usage` is the resulting `choices: []` usage chunk taken out,
 * so the client sees exactly the stream it asked for.
 */
export function createOpenAIStreamTap(options: { dropInjectedUsage: boolean }): StreamTap {
  const framer = new SseEventFramer();
  let reading: UsageReading | null = null;

  // Returns true when the event is the usage-only chunk Switchyard asked for.
  function inspect(event: string): boolean {
    const data = eventData(event);
    if (data === null || data === '[DONE]') return false;
    let parsed;
    try {
      parsed = openaiUsageCarrierSchema.safeParse(JSON.parse(data));
    } catch {
      return false;
    }
    if (!parsed.success || !parsed.data.usage) return false;
    reading = {
      usage: convertOpenAIUsage(parsed.data.usage),
      raw: parsed.data.usage,
      ...(parsed.data.model ? { model: parsed.data.model } : {}),
    };
    return options.dropInjectedUsage && Array.isArray(parsed.data.choices) && parsed.data.choices.length === 0;
  }

  return {
    transform(chunk) {
      const complete = framer.push(chunk);
      // Most chunks carry no usage: skip decoding them at all.
      const hasUsage = complete.length > 0 && complete.indexOf(usageMarker) !== -1;
      if (!options.dropInjectedUsage) {
        if (hasUsage) for (const event of splitEvents(complete)) inspect(event);
        return chunk;
      }
      if (!hasUsage) return complete;
      const kept = splitEvents(complete).filter((event) => !inspect(event));
      return Buffer.from(kept.map((event) => `${event}\n\n`).join(''));
    },
    flush() {
      const rest = framer.rest();
      return options.dropInjectedUsage ? rest : Buffer.alloc(0);
    },
    reading: () => reading,
  };
}
