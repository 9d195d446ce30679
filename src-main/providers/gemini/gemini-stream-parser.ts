import { randomBytes } from 'node:crypto';
import { tagSignature } from '../../conversion/reasoning-signature.js';
import type { StreamPart } from '../../conversion/stream-part.js';
import type { StreamParser } from '../provider-adapter.js';
import { eventData, SseEventFramer, splitEvents } from '../shared/sse-event-framer.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { createToolCallIdSource } from './decode-gemini-contents.js';
import { type GeminiResponsePart, type GeminiUsageMetadata, geminiErrorBodySchema, geminiGenerateContentResponseSchema } from './gemini-api.js';
import { geminiErrorToUpstream } from './parse-gemini-error.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

/**
 * `streamGenerateContent?alt=sse`: every event is a whole GenerateContentResponse holding the next
 * parts. Text and thought parts continue the open block of their kind; a functionCall arrives whole
 * (Switchyard never asks for streamed arguments), so it is one start, one delta and one end.
 * usageMetadata comes on every chunk and is cumulative: the last is sent once, just before `finish`.
 * Blocks follow the same rules as decodeGeminiModelParts, so a stream and the non-stream answer to
 * the same request give the same content.
 */
export function createGeminiStreamParser(): StreamParser {
  const framer = new SseEventFramer();
  let started = false;
  let done = false;
  let nextIndex = 0;
  let open: { kind: 'text' | 'reasoning'; index: number } | null = null;
  let sawToolCall = false;
  let usage: GeminiUsageMetadata | null = null;
  let nextToolCallId: () => string = createToolCallIdSource();

  function closeOpen(parts: StreamPart[]): void {
    if (!open) return;
    parts.push(open.kind === 'text' ? { type: 'text-end', index: open.index } : { type: 'reasoning-end', index: open.index });
    open = null;
  }

  function openBlock(parts: StreamPart[], kind: 'text' | 'reasoning'): number {
    closeOpen(parts);
    const index = nextIndex++;
    parts.push(kind === 'text' ? { type: 'text-start', index } : { type: 'reasoning-start', index });
    open = { kind, index };
    return index;
  }

  function pushUsage(parts: StreamPart[]): void {
    if (usage) parts.push({ type: 'usage', usage: convertGeminiUsage(usage), raw: usage });
  }

  function fail(parts: StreamPart[], status: number, type: string, message: string, code?: string): void {
    closeOpen(parts);
    pushUsage(parts);
    parts.push({ type: 'error', error: { status, type, message, ...(code ? { code } : {}) } });
    done = true;
  }

  function handlePart(part: GeminiResponsePart, parts: StreamPart[]): void {
    // Tagged as Gemini's, so no other family is ever handed it (see reasoning-signature.ts).
    const signature = part.thoughtSignature == null ? undefined : tagSignature('gemini', part.thoughtSignature);
    if (part.thought === true) {
      const index = open?.kind === 'reasoning' ? open.index : openBlock(parts, 'reasoning');
      if (part.text) parts.push({ type: 'reasoning-delta', index, text: part.text });
      if (signature !== undefined) {
        // A signature closes its reasoning: what follows is a new block.
        parts.push({ type: 'reasoning-signature', index, signature });
        closeOpen(parts);
      }
      return;
    }
    if (part.functionCall) {
      closeOpen(parts);
      const index = nextIndex++;
      sawToolCall = true;
      parts.push(
        {
          type: 'tool-call-start',
          index,
          id: part.functionCall.id ?? nextToolCallId(),
          name: part.functionCall.name,
          ...(signature !== undefined ? { signature } : {}),
        },
        { type: 'tool-call-delta', index, argumentsDelta: JSON.stringify(part.functionCall.args ?? {}) },
        { type: 'tool-call-end', index },
      );
      return;
    }
    if (typeof part.text !== 'string') return;
    if (signature !== undefined) {
      // The signature of the thinking before this part; with no open thinking it stands as its own
      // empty reasoning block, where Gemini put it (often an empty text part at the very end).
      const index = open?.kind === 'reasoning' ? open.index : openBlock(parts, 'reasoning');
      parts.push({ type: 'reasoning-signature', index, signature });
      closeOpen(parts);
    }
    if (part.text === '') return;
    const index = open?.kind === 'text' ? open.index : openBlock(parts, 'text');
    parts.push({ type: 'text-delta', index, text: part.text });
  }

  function handleEvent(data: string, parts: StreamPart[]): void {
    if (done || data === '[DONE]') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      fail(parts, 502, 'api_error', 'The Gemini provider sent a stream event that is not JSON.');
      return;
    }
    const errorBody = geminiErrorBodySchema.safeParse(json);
    if (errorBody.success) {
      const error = geminiErrorToUpstream(errorBody.data.error.code ?? 500, errorBody.data.error);
      fail(parts, error.status, error.type, error.message, error.code);
      return;
    }
    const parsed = geminiGenerateContentResponseSchema.safeParse(json);
    if (!parsed.success) {
      fail(parts, 502, 'api_error', 'The Gemini provider sent a stream event that is not a generateContent response.');
      return;
    }
    const chunk = parsed.data;
    if (!started) {
      started = true;
      nextToolCallId = createToolCallIdSource(chunk.responseId);
      parts.push({ type: 'start', id: chunk.responseId ?? `gemini-${randomBytes(12).toString('hex')}`, model: chunk.modelVersion ?? '' });
    }
    if (chunk.usageMetadata) usage = chunk.usageMetadata;
    const candidate = chunk.candidates?.[0];
    if (!candidate) {
      if (chunk.promptFeedback?.blockReason) finish(parts, 'content-filter');
      return;
    }
    for (const part of candidate.content?.parts ?? []) handlePart(part, parts);
    if (candidate.finishReason) finish(parts, mapGeminiFinishReason(candidate.finishReason, sawToolCall));
  }

  function finish(parts: StreamPart[], reason: ReturnType<typeof mapGeminiFinishReason>): void {
    closeOpen(parts);
    pushUsage(parts);
    parts.push({ type: 'finish', reason });
    done = true;
  }

  return {
    push(chunk) {
      const complete = framer.push(chunk);
      if (complete.length === 0 || done) return [];
      const parts: StreamPart[] = [];
      for (const event of splitEvents(complete)) {
        const data = eventData(event);
        if (data !== null) handleEvent(data, parts);
      }
      return parts;
    },
    end() {
      const parts: StreamPart[] = [];
      // A last event the upstream did not end with a blank line is still a whole event.
      const rest = framer.rest().toString('utf8').trim();
      const data = rest === '' ? null : eventData(rest);
      if (data !== null) handleEvent(data, parts);
      if (!done) {
        fail(
          parts,
          502,
          'api_error',
          started ? 'The Gemini stream ended before its finish reason.' : 'The Gemini provider ended the stream without sending anything.',
        );
      }
      return parts;
    },
  };
}
