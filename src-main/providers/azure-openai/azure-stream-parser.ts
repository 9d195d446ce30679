import { eventData, SseEventFramer, splitEvents } from '../shared/sse-event-framer.js';
import type { StreamParser } from '../provider-adapter.js';
import { azureStreamChunkSchema } from './azure-api.js';

// Only chunks that can be pure annotations carry one of these (`prompt_annotations` is the name older
// api-versions gave `prompt_filter_results`); every other chunk skips decoding here.
const annotationMarkerTexts = ['"prompt_filter_results"', '"prompt_annotations"', '"content_filter_offsets"'];
const annotationMarkers = annotationMarkerTexts.map((marker) => Buffer.from(marker));

/**
 * Azure's streams are OpenAI's plus content-filter annotations. Most ride along on ordinary chunks
 * (`content_filter_results` inside a choice) and the OpenAI parser ignores them; but two kinds of chunk
 * are annotations only and would read as a malformed start: the leading chunk with
 * `prompt_filter_results`, `choices: []` and empty `id`/`model`, and the asynchronous filter's chunks
 * whose choices hold offsets and verdicts but no `delta`. Those are taken out before the OpenAI parser
 * sees the stream; everything else reaches it byte for byte.
 */
export function createAzureStreamParser(openaiParser: StreamParser): StreamParser {
  const framer = new SseEventFramer();
  return {
    push(chunk) {
      const complete = framer.push(chunk);
      if (complete.length === 0) return [];
      if (!annotationMarkers.some((marker) => complete.indexOf(marker) !== -1)) return openaiParser.push(complete);
      const kept = splitEvents(complete).filter((event) => !isAnnotationOnly(event));
      if (kept.length === 0) return [];
      return openaiParser.push(Buffer.from(kept.map((event) => `${event}\n\n`).join('')));
    },
    end() {
      // An unterminated last event is the OpenAI parser's to judge, unless it is an annotation.
      const rest = framer.rest();
      const parts = rest.length > 0 && !isAnnotationOnly(rest.toString('utf8')) ? openaiParser.push(rest) : [];
      return [...parts, ...openaiParser.end()];
    },
  };
}

/** True for a chunk that says nothing but filter verdicts: no delta, no finish reason, no usage. */
export function isAnnotationOnly(event: string): boolean {
  if (!annotationMarkerTexts.some((marker) => event.includes(marker))) return false;
  const data = eventData(event);
  if (data === null || data === '[DONE]') return false;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return false;
  }
  const parsed = azureStreamChunkSchema.safeParse(json);
  if (!parsed.success || parsed.data.usage != null) return false;
  return (parsed.data.choices ?? []).every((choice) => choice.delta == null && choice.finish_reason == null);
}
