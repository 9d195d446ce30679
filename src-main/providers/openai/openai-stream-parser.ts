import { randomUUID } from 'node:crypto';
import type { StreamPart } from '../../conversion/stream-part.js';
import type { StreamParser } from '../provider-adapter.js';
import { eventData, SseEventFramer, splitEvents } from '../shared/sse-event-framer.js';
import { openaiChatChunkSchema, type OpenAIChatChunk } from './openai-chat-api.js';
import { convertOpenAIUsage } from './convert-openai-usage.js';
import { mapOpenAIFinishReason } from './map-openai-finish-reason.js';
import { upstreamErrorFromPayload } from './parse-openai-error.js';

type ToolCallDelta = NonNullable<NonNullable<NonNullable<OpenAIChatChunk['choices']>[number]['delta']>['tool_calls']>[number];

interface ToolCallState {
  id?: string;
  name?: string;
  /** Arguments not yet emitted (before the call starts, or while it waits its turn). */
  arguments: string;
  /** Arguments emitted so far: whether they are complete JSON decides if another call may start. */
  sent: string;
  /** Block index, once started. */
  index?: number;
  /**
   * `waiting`: no name yet. `live`: started, its deltas go out as they come. `queued`: complete with a
   * name but another call is still streaming its arguments, so it goes out whole once that one ends.
   * `closed`: ended.
   */
  status: 'waiting' | 'live' | 'queued' | 'closed';
}

type OpenBlock = { kind: 'text' | 'reasoning'; index: number } | { kind: 'tool'; call: ToolCallState } | null;

/**
 * Turns a Chat Completions stream into internal stream parts.
 *
 * Blocks never overlap: a block ends before the next one starts, so an encoder that needs whole
 * blocks (Anthropic) can follow. OpenAI streams one tool call's arguments after another; should a
 * vendor interleave them, a call that starts while the current one's arguments are not yet complete
 * JSON waits and goes out whole after it. A tool call arriving whole in one chunk (xAI, Groq) still
 * gives a start and one delta.
 *
 * Usage comes in a chunk of its own after the finish reason (OpenAI with `include_usage`) or on the
 * finish chunk (DeepSeek, Groq), so `finish` is held until the stream ends with `[DONE]` or closes.
 */
export function createOpenAIStreamParser(): StreamParser {
  const framer = new SseEventFramer();
  let started = false;
  let ended = false;
  let nextIndex = 0;
  let open: OpenBlock = null;
  // Every tool call in the order it first appeared, and the call each vendor `index` currently means.
  const toolCalls: ToolCallState[] = [];
  const toolCallByIndex = new Map<number, ToolCallState>();
  let lastToolCall: ToolCallState | undefined;
  let finishReason: string | undefined;
  let refused = false;

  function closeOpen(out: StreamPart[]): void {
    if (!open) return;
    if (open.kind === 'tool') {
      out.push({ type: 'tool-call-end', index: open.call.index! });
      open.call.status = 'closed';
    } else {
      out.push({ type: open.kind === 'text' ? 'text-end' : 'reasoning-end', index: open.index });
    }
    open = null;
  }

  /** Ends the open block and sends the queued tool calls whole, in the order they came. */
  function closeAll(out: StreamPart[]): void {
    closeOpen(out);
    for (const call of toolCalls) {
      if (call.status !== 'queued') continue;
      startToolCall(call, out);
      closeOpen(out);
    }
  }

  function startToolCall(call: ToolCallState, out: StreamPart[]): void {
    call.index = nextIndex++;
    call.status = 'live';
    // A local server that leaves the id out still gets one: the client must be able to answer the call.
    out.push({ type: 'tool-call-start', index: call.index, id: call.id ?? `call_${randomUUID()}`, name: call.name! });
    if (call.arguments !== '') emitArguments(call, call.arguments, out);
    call.arguments = '';
    open = { kind: 'tool', call };
  }

  function emitArguments(call: ToolCallState, argumentsDelta: string, out: StreamPart[]): void {
    call.sent += argumentsDelta;
    out.push({ type: 'tool-call-delta', index: call.index!, argumentsDelta });
  }

  function appendContent(kind: 'text' | 'reasoning', text: string, out: StreamPart[]): void {
    if (text === '') return;
    if (open?.kind !== kind) {
      closeOpen(out);
      open = { kind, index: nextIndex++ };
      out.push({ type: kind === 'text' ? 'text-start' : 'reasoning-start', index: open.index });
    }
    out.push(kind === 'text' ? { type: 'text-delta', index: open.index, text } : { type: 'reasoning-delta', index: open.index, text });
  }

  /** Returns false when the stream broke its own protocol (arguments for a call already ended). */
  function appendToolCall(delta: ToolCallDelta, out: StreamPart[]): boolean {
    // Without an index, a piece continues the last call. A different id under a known index is a new
    // call reusing it, as some vendors number every call 0.
    let call = delta.index != null ? toolCallByIndex.get(delta.index) : lastToolCall;
    if (call && delta.id && call.id !== undefined && delta.id !== call.id) call = undefined;
    if (!call) {
      call = { arguments: '', sent: '', status: 'waiting' };
      toolCalls.push(call);
      if (delta.index != null) toolCallByIndex.set(delta.index, call);
    }
    lastToolCall = call;
    // Some vendors repeat the id and name on every piece; only the first counts.
    if (delta.id && call.id === undefined) call.id = delta.id;
    if (delta.function?.name && call.name === undefined) call.name = delta.function.name;
    const argumentsDelta = delta.function?.arguments ?? '';
    switch (call.status) {
      case 'live':
        if (argumentsDelta !== '') emitArguments(call, argumentsDelta, out);
        return true;
      case 'queued':
        call.arguments += argumentsDelta;
        return true;
      case 'closed':
        return argumentsDelta === '';
      case 'waiting': {
        call.arguments += argumentsDelta;
        if (call.name === undefined) return true;
        const streaming = open?.kind === 'tool' ? open.call : undefined;
        const anyQueued = toolCalls.some((other) => other.status === 'queued');
        if (anyQueued || (streaming && !isCompleteJson(streaming.sent))) {
          call.status = 'queued';
          return true;
        }
        closeOpen(out);
        startToolCall(call, out);
        return true;
      }
      default: {
        const _exhaustive: never = call.status;
        return _exhaustive;
      }
    }
  }

  function handleChunk(chunk: OpenAIChatChunk, raw: unknown, out: StreamPart[]): void {
    if (chunk.error) {
      out.push({ type: 'error', error: upstreamErrorFromPayload(raw) });
      ended = true;
      return;
    }
    if (!started) {
      started = true;
      out.push({ type: 'start', id: chunk.id || `chatcmpl-${randomUUID()}`, model: chunk.model ?? '' });
    }
    const choice = chunk.choices?.find((candidate) => (candidate.index ?? 0) === 0);
    const delta = choice?.delta;
    if (delta) {
      appendContent('reasoning', delta.reasoning_content ?? delta.reasoning ?? '', out);
      appendContent('text', delta.content ?? '', out);
      if (delta.refusal) {
        refused = true;
        appendContent('text', delta.refusal, out);
      }
      for (const toolCall of delta.tool_calls ?? []) {
        if (!appendToolCall(toolCall, out)) {
          out.push({
            type: 'error',
            error: { status: 502, type: 'api_error', message: 'The upstream streamed arguments for a tool call after another block had begun.' },
          });
          ended = true;
          return;
        }
      }
    }
    if (choice?.finish_reason) {
      finishReason = choice.finish_reason;
      closeAll(out);
    }
    if (chunk.usage) out.push({ type: 'usage', usage: convertOpenAIUsage(chunk.usage), raw: chunk.usage });
  }

  function finish(out: StreamPart[]): void {
    closeAll(out);
    const hasToolCalls = toolCalls.some((call) => call.status !== 'waiting');
    out.push({ type: 'finish', reason: refused ? 'refusal' : mapOpenAIFinishReason(finishReason, hasToolCalls) });
    ended = true;
  }

  function handleEvent(event: string, out: StreamPart[]): void {
    if (ended) return;
    const data = eventData(event);
    if (data === null) return;
    if (data.trim() === '[DONE]') {
      finish(out);
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      out.push({ type: 'error', error: { status: 502, type: 'api_error', message: 'The upstream sent a stream event that is not JSON.' } });
      ended = true;
      return;
    }
    const parsed = openaiChatChunkSchema.safeParse(raw);
    if (!parsed.success) {
      const message = 'The upstream sent a stream event that is not a chat completion chunk.';
      out.push({ type: 'error', error: { status: 502, type: 'api_error', message } });
      ended = true;
      return;
    }
    handleChunk(parsed.data, raw, out);
  }

  return {
    push(chunk) {
      const out: StreamPart[] = [];
      const complete = framer.push(chunk);
      if (complete.length > 0) for (const event of splitEvents(complete)) handleEvent(event, out);
      return out;
    },
    end() {
      const out: StreamPart[] = [];
      // A last event the upstream did not end with a blank line.
      const rest = framer.rest();
      if (rest.length > 0) for (const event of splitEvents(rest)) handleEvent(event, out);
      if (ended) return out;
      if (finishReason !== undefined) {
        // Some vendors close the connection after the finish chunk without `[DONE]`.
        finish(out);
      } else {
        out.push({ type: 'error', error: { status: 502, type: 'api_error', message: 'The upstream stream ended before the answer was finished.' } });
        ended = true;
      }
      return out;
    },
  };
}

function isCompleteJson(text: string): boolean {
  if (text.trim() === '') return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
