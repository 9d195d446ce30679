import type { StreamTap, UsageReading } from '../provider-adapter.js';
import { eventData, SseEventFramer, splitEvents } from '../shared/sse-event-framer.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { geminiGenerateContentResponseSchema } from './gemini-api.js';

const usageMarker = Buffer.from('"usageMetadata"');

/**
 * Reads usage from a Gemini stream passing through untouched. Gemini repeats the cumulative
 * usageMetadata on every chunk, so only the last event that carries it matters: its bytes are kept
 * and decoded once, when the reading is asked for, instead of decoding every chunk on the hot path.
 * Gemini always reports usage in streams, so there is never an injected request to take out.
 */
export function createGeminiStreamTap(): StreamTap {
  const framer = new SseEventFramer();
  let lastUsageEvent: string | null = null;

  function remember(events: Buffer): void {
    if (events.length === 0 || events.lastIndexOf(usageMarker) === -1) return;
    const withUsage = splitEvents(events).filter((event) => event.includes('"usageMetadata"'));
    lastUsageEvent = withUsage.at(-1) ?? lastUsageEvent;
  }

  return {
    transform(chunk) {
      remember(framer.push(chunk));
      return chunk;
    },
    flush() {
      remember(framer.rest());
      return Buffer.alloc(0);
    },
    reading() {
      if (lastUsageEvent === null) return null;
      const data = eventData(lastUsageEvent);
      if (data === null) return null;
      return usageReadingFrom(data);
    },
  };
}

function usageReadingFrom(data: string): UsageReading | null {
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  return geminiUsageReading(json);
}

/** Usage of a whole generateContent answer (or of one stream chunk). */
export function geminiUsageReading(body: unknown): UsageReading | null {
  const parsed = geminiGenerateContentResponseSchema.safeParse(body);
  if (!parsed.success || !parsed.data.usageMetadata) return null;
  return {
    usage: convertGeminiUsage(parsed.data.usageMetadata),
    raw: parsed.data.usageMetadata,
    ...(parsed.data.modelVersion ? { model: parsed.data.modelVersion } : {}),
  };
}
