import { isRecord } from '../../../src-shared/json-record.js';
import type { StreamPart, UpstreamError } from '../../conversion/stream-part.js';
import type { StreamParser } from '../provider-adapter.js';
import { eventData, SseEventFramer, splitEvents } from '../shared/sse-event-framer.js';
import { anthropicStreamEventSchema, anthropicStreamEventTypes, type AnthropicStreamEvent, type AnthropicUsage } from './anthropic-api.js';
import { convertAnthropicUsage, mergeAnthropicUsage } from './convert-anthropic-usage.js';
import { mapAnthropicStopReason } from './map-anthropic-stop-reason.js';
import { statusForAnthropicErrorType } from './parse-anthropic-error.js';

/** A content block the parser is converting; `index` is the internal (renumbered) block index. */
type OpenBlock =
  | { kind: 'text'; index: number }
  | { kind: 'reasoning'; index: number; pendingSignature: string | null }
  | { kind: 'tool'; index: number; argumentsText: string; initialInput: unknown };

/**
 * Anthropic's SSE stream (message_start, content_block_start/delta/stop, message_delta, message_stop,
 * ping, error) as internal stream parts.
 *
 * - Blocks are renumbered in the order they start, counting only the blocks passed on: server-tool
 *   blocks (`server_tool_use`, `web_search_tool_result`, code-execution results…) and their deltas are
 *   skipped, because Anthropic ran those tools itself and no other format can carry them; the text
 *   the model wrote from their results is kept. `citations_delta` is dropped for the same reason.
 * - Usage is passed on from `message_start` and again from `message_delta`, merged, the later
 *   figures winning (message_delta's `input_tokens` may differ from message_start's).
 * - A tool call that streamed no argument text gets `{}`: Anthropic's input for it is the empty
 *   object, and an empty string is what breaks OpenAI clients that JSON.parse the arguments.
 * - An `error` event ends the stream with an error part; so does an upstream that stops before
 *   `message_stop` without having said why it stopped.
 */
export function createAnthropicStreamParser(): StreamParser {
  const framer = new SseEventFramer();
  // Keyed by Anthropic's block index; null marks a skipped (server-tool) block.
  const blocks = new Map<number, OpenBlock | null>();
  let nextIndex = 0;
  let started = false;
  let ended = false;
  let usage: AnthropicUsage | null = null;
  let stopReason: string | null | undefined;
  let stopSequence: string | null | undefined;

  function fail(out: StreamPart[], error: UpstreamError): void {
    out.push({ type: 'error', error });
    ended = true;
  }

  function ensureStarted(out: StreamPart[], id = '', model = ''): void {
    if (started) return;
    started = true;
    out.push({ type: 'start', id, model });
  }

  function closeBlock(out: StreamPart[], block: OpenBlock): void {
    switch (block.kind) {
      case 'text':
        out.push({ type: 'text-end', index: block.index });
        return;
      case 'reasoning':
        if (block.pendingSignature) out.push({ type: 'reasoning-signature', index: block.index, signature: block.pendingSignature });
        out.push({ type: 'reasoning-end', index: block.index });
        return;
      case 'tool':
        if (block.argumentsText.trim() === '') out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: initialArguments(block.initialInput) });
        out.push({ type: 'tool-call-end', index: block.index });
        return;
      default: {
        const _exhaustive: never = block;
        return _exhaustive;
      }
    }
  }

  function finish(out: StreamPart[]): void {
    for (const [key, block] of blocks) {
      if (block) closeBlock(out, block);
      blocks.delete(key);
    }
    out.push({ type: 'finish', reason: mapAnthropicStopReason(stopReason), ...(stopSequence ? { stopSequence } : {}) });
    ended = true;
  }

  function startBlock(out: StreamPart[], event: Extract<AnthropicStreamEvent, { type: 'content_block_start' }>): void {
    const block = event.content_block;
    switch (block.type) {
      case 'text': {
        const index = nextIndex++;
        blocks.set(event.index, { kind: 'text', index });
        out.push({ type: 'text-start', index });
        if (block.text) out.push({ type: 'text-delta', index, text: block.text });
        return;
      }
      case 'thinking': {
        const index = nextIndex++;
        blocks.set(event.index, { kind: 'reasoning', index, pendingSignature: block.signature || null });
        out.push({ type: 'reasoning-start', index });
        if (block.thinking) out.push({ type: 'reasoning-delta', index, text: block.thinking });
        return;
      }
      case 'redacted_thinking': {
        const index = nextIndex++;
        blocks.set(event.index, { kind: 'reasoning', index, pendingSignature: null });
        out.push({ type: 'reasoning-start', index, redactedData: block.data ?? '' });
        return;
      }
      case 'tool_use': {
        const index = nextIndex++;
        blocks.set(event.index, { kind: 'tool', index, argumentsText: '', initialInput: block.input });
        out.push({ type: 'tool-call-start', index, id: block.id ?? '', name: block.name ?? '' });
        return;
      }
      default:
        blocks.set(event.index, null);
    }
  }

  function applyDelta(out: StreamPart[], event: Extract<AnthropicStreamEvent, { type: 'content_block_delta' }>): void {
    const block = blocks.get(event.index);
    if (block === undefined) {
      fail(out, malformed(`a content_block_delta for block ${event.index}, which never started`));
      return;
    }
    if (block === null) return;
    const delta = event.delta;
    if (delta.type === 'text_delta' && block.kind === 'text') {
      if (delta.text) out.push({ type: 'text-delta', index: block.index, text: delta.text });
    } else if (delta.type === 'input_json_delta' && block.kind === 'tool') {
      if (delta.partial_json) {
        block.argumentsText += delta.partial_json;
        out.push({ type: 'tool-call-delta', index: block.index, argumentsDelta: delta.partial_json });
      }
    } else if (delta.type === 'thinking_delta' && block.kind === 'reasoning') {
      if (delta.thinking) out.push({ type: 'reasoning-delta', index: block.index, text: delta.thinking });
    } else if (delta.type === 'signature_delta' && block.kind === 'reasoning') {
      if (delta.signature) {
        out.push({ type: 'reasoning-signature', index: block.index, signature: delta.signature });
        block.pendingSignature = null;
      }
    }
    // citations_delta and delta kinds added later carry nothing another format can express.
  }

  function handle(out: StreamPart[], event: AnthropicStreamEvent): void {
    switch (event.type) {
      case 'message_start':
        ensureStarted(out, event.message.id ?? '', event.message.model ?? '');
        if (event.message.usage) {
          usage = mergeAnthropicUsage(usage, event.message.usage);
          out.push({ type: 'usage', usage: convertAnthropicUsage(usage), raw: usage });
        }
        return;
      case 'content_block_start':
        ensureStarted(out);
        startBlock(out, event);
        return;
      case 'content_block_delta':
        ensureStarted(out);
        applyDelta(out, event);
        return;
      case 'content_block_stop': {
        const block = blocks.get(event.index);
        if (block) closeBlock(out, block);
        blocks.delete(event.index);
        return;
      }
      case 'message_delta':
        ensureStarted(out);
        if (event.delta) {
          stopReason = event.delta.stop_reason ?? stopReason;
          stopSequence = event.delta.stop_sequence ?? stopSequence;
        }
        if (event.usage) {
          usage = mergeAnthropicUsage(usage, event.usage);
          out.push({ type: 'usage', usage: convertAnthropicUsage(usage), raw: usage });
        }
        return;
      case 'message_stop':
        ensureStarted(out);
        finish(out);
        return;
      case 'ping':
        return;
      case 'error':
        fail(out, {
          status: statusForAnthropicErrorType(event.error.type),
          type: event.error.type || 'api_error',
          message: event.error.message || 'The upstream stream failed.',
        });
        return;
      default: {
        const _exhaustive: never = event;
        return _exhaustive;
      }
    }
  }

  function handleEvent(out: StreamPart[], text: string): void {
    const data = eventData(text);
    if (data === null) return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      fail(out, malformed('an event that is not JSON'));
      return;
    }
    const type = typeof json === 'object' && json !== null ? (json as { type?: unknown }).type : undefined;
    // Event types added after this was written are skipped, as Anthropic's versioning policy asks.
    if (typeof type !== 'string' || !anthropicStreamEventTypes.has(type)) return;
    const parsed = anthropicStreamEventSchema.safeParse(json);
    if (!parsed.success) {
      fail(out, malformed(`a malformed ${type} event`));
      return;
    }
    handle(out, parsed.data);
  }

  return {
    push(chunk) {
      const complete = framer.push(chunk);
      const out: StreamPart[] = [];
      if (ended || complete.length === 0) return out;
      for (const event of splitEvents(complete)) {
        handleEvent(out, event);
        if (ended) break;
      }
      return out;
    },
    end() {
      const out: StreamPart[] = [];
      if (ended) return out;
      // A last event the upstream did not end with a blank line is still an event.
      const rest = framer.rest();
      if (rest.length > 0) for (const event of splitEvents(rest)) if (!ended) handleEvent(out, event);
      if (ended) return out;
      if (stopReason) {
        // Everything but message_stop arrived: the answer is whole.
        finish(out);
      } else {
        fail(out, { status: 502, type: 'api_error', message: 'The upstream stream ended before the message was complete (no message_stop).' });
      }
      return out;
    },
  };
}

function malformed(what: string): UpstreamError {
  return { status: 502, type: 'api_error', message: `The upstream stream sent ${what}.` };
}

/** The arguments of a tool call that streamed none: its start input when it had one, else `{}`. */
function initialArguments(input: unknown): string {
  if (isRecord(input) && Object.keys(input).length > 0) return JSON.stringify(input);
  return '{}';
}
