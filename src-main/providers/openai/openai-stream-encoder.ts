import { randomUUID } from 'node:crypto';
import type { EncodeResponseContext, StreamEncoder } from '../../conversion/inbound-codec.js';
import type { StreamPart } from '../../conversion/stream-part.js';
import type { TokenUsage } from '../../../src-shared/usage.js';
import { emptyUsage } from '../../../src-shared/usage.js';
import { encodeOpenAIUsage } from './encode-openai-usage.js';
import { mapFinishReasonToOpenAI } from './map-finish-reason-to-openai.js';
import { openaiErrorBody } from './openai-error-body.js';

/**
 * Internal stream parts as `chat.completion.chunk` events, the way OpenAI streams them: a first chunk
 * with the role, content and `reasoning_content` deltas, tool calls numbered from 0 in the order they
 * started (OpenAI's `tool_calls[].index` counts tool calls only, not text or reasoning blocks), a chunk
 * with the finish reason, then the usage chunk (`choices: []`) when the client asked for it, then
 * `[DONE]`. An error ends the stream with `data: {"error": …}`, which the OpenAI SDKs raise as an
 * APIError; no `[DONE]` follows it.
 */
export function createOpenAIStreamEncoder(context: EncodeResponseContext & { includeUsage: boolean }): StreamEncoder {
  let id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  let roleSent = false;
  let ended = false;
  let usage: TokenUsage | null = null;
  let nextToolIndex = 0;
  // Block index → OpenAI tool index, and whether that call has sent any arguments.
  const toolCalls = new Map<number, { toolIndex: number; sentArguments: boolean }>();

  function event(fields: Record<string, unknown>): string {
    return `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: context.requestedModel, ...fields })}\n\n`;
  }

  function chunk(delta: Record<string, unknown>, finishReason: string | null = null): string {
    return event({ choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }] });
  }

  /** The role comes in the first chunk; a stream whose `start` went missing still gets it. */
  function withRole(text: string): string {
    if (roleSent) return text;
    roleSent = true;
    return chunk({ role: 'assistant', content: '' }) + text;
  }

  return {
    encode(part: StreamPart): string {
      if (ended) return '';
      switch (part.type) {
        case 'start':
          id = part.id || id;
          return withRole('');
        case 'text-delta':
          return part.text === '' ? '' : withRole(chunk({ content: part.text }));
        case 'reasoning-delta':
          return part.text === '' ? '' : withRole(chunk({ reasoning_content: part.text }));
        case 'tool-call-start': {
          const toolIndex = nextToolIndex++;
          toolCalls.set(part.index, { toolIndex, sentArguments: false });
          return withRole(chunk({ tool_calls: [{ index: toolIndex, id: part.id, type: 'function', function: { name: part.name, arguments: '' } }] }));
        }
        case 'tool-call-delta': {
          const call = toolCalls.get(part.index);
          if (!call || part.argumentsDelta === '') return '';
          call.sentArguments = true;
          return chunk({ tool_calls: [{ index: call.toolIndex, function: { arguments: part.argumentsDelta } }] });
        }
        case 'tool-call-end': {
          // A call without arguments (Anthropic streams an empty input as no JSON at all) is `{}`, which
          // clients can parse; an empty string they cannot.
          const call = toolCalls.get(part.index);
          if (!call || call.sentArguments) return '';
          call.sentArguments = true;
          return chunk({ tool_calls: [{ index: call.toolIndex, function: { arguments: '{}' } }] });
        }
        case 'usage':
          usage = { ...(usage ?? emptyUsage()), ...definedFields(part.usage) };
          return '';
        case 'finish': {
          ended = true;
          let text = withRole(chunk({}, mapFinishReasonToOpenAI(part.reason)));
          if (context.includeUsage) text += event({ choices: [], usage: encodeOpenAIUsage(usage ?? emptyUsage()) });
          return `${text}data: [DONE]\n\n`;
        }
        case 'error':
          ended = true;
          return `data: ${JSON.stringify(openaiErrorBody(part.error))}\n\n`;
        // Block boundaries and signatures have no place in OpenAI's chunks.
        case 'text-start':
        case 'text-end':
        case 'reasoning-start':
        case 'reasoning-signature':
        case 'reasoning-end':
          return '';
        default: {
          const _exhaustive: never = part;
          return _exhaustive;
        }
      }
    },
  };
}

function definedFields(usage: Partial<TokenUsage>): Partial<TokenUsage> {
  return Object.fromEntries(Object.entries(usage).filter(([, value]) => value !== undefined)) as Partial<TokenUsage>;
}
