import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../../src-main/conversion/stream-part.js';
import type { StreamParser } from '../../../../src-main/providers/provider-adapter.js';
import { createAzureStreamParser, isAnnotationOnly } from '../../../../src-main/providers/azure-openai/azure-stream-parser.js';

// Chunk shapes as Azure sends them (keys in Azure's alphabetical order), 2024-10-21 with include_usage.
const safe = { filtered: false, severity: 'safe' };
const verdicts = { hate: safe, self_harm: safe, sexual: safe, violence: safe };
const promptFilterChunk = JSON.stringify({
  choices: [],
  created: 0,
  id: '',
  model: '',
  object: '',
  prompt_filter_results: [{ prompt_index: 0, content_filter_results: { ...verdicts, jailbreak: { filtered: false, detected: false } } }],
});
const identity = { created: 1772304649, id: 'chatcmpl-A1', model: 'gpt-4o-2024-08-06', object: 'chat.completion.chunk', system_fingerprint: 'fp_1' };
const roleChunk = JSON.stringify({
  choices: [{ content_filter_results: {}, delta: { content: '', refusal: null, role: 'assistant' }, finish_reason: null, index: 0, logprobs: null }],
  ...identity,
  usage: null,
});
const textChunk = (text: string) =>
  JSON.stringify({
    choices: [{ content_filter_results: verdicts, delta: { content: text }, finish_reason: null, index: 0, logprobs: null }],
    ...identity,
    usage: null,
  });
const finishChunk = JSON.stringify({
  choices: [{ content_filter_results: {}, delta: {}, finish_reason: 'stop', index: 0, logprobs: null }],
  ...identity,
  usage: null,
});
const usageChunk = JSON.stringify({ choices: [], ...identity, usage: { completion_tokens: 2, prompt_tokens: 9, total_tokens: 11 } });
// The asynchronous filter's annotation: verdicts and offsets for text already sent, no delta.
const asyncAnnotationChunk = JSON.stringify({
  choices: [{ content_filter_offsets: { check_offset: 44, start_offset: 44, end_offset: 198 }, content_filter_results: verdicts, finish_reason: null, index: 0 }],
  created: 0,
  id: '',
  model: '',
  object: '',
  usage: null,
});

const frame = (...payloads: string[]) => payloads.map((payload) => `data: ${payload}\n\n`).join('');

/** Stands in for the OpenAI parser: records exactly the bytes it was given. */
function recordingParser(): StreamParser & { received: () => string; ended: () => boolean } {
  const pieces: string[] = [];
  let ended = false;
  const marker: StreamPart = { type: 'text-delta', index: 0, text: 'x' };
  return {
    push(chunk) {
      pieces.push(chunk.toString('utf8'));
      return [marker];
    },
    end() {
      ended = true;
      return [{ type: 'finish', reason: 'stop' }];
    },
    received: () => pieces.join(''),
    ended: () => ended,
  };
}

describe('createAzureStreamParser', () => {
  it('takes out the leading prompt_filter_results chunk and passes every other event on unchanged', () => {
    const inner = recordingParser();
    const parser = createAzureStreamParser(inner);
    const stream = frame(promptFilterChunk, roleChunk, textChunk('Hi'), textChunk('!'), finishChunk, usageChunk, '[DONE]');
    parser.push(Buffer.from(stream));
    parser.end();
    expect(inner.received()).toBe(frame(roleChunk, textChunk('Hi'), textChunk('!'), finishChunk, usageChunk, '[DONE]'));
    expect(inner.ended()).toBe(true);
  });

  it('takes out the asynchronous filter\'s annotation chunks', () => {
    const inner = recordingParser();
    const parser = createAzureStreamParser(inner);
    parser.push(Buffer.from(frame(roleChunk, textChunk('a'), asyncAnnotationChunk, finishChunk, asyncAnnotationChunk, '[DONE]')));
    expect(inner.received()).toBe(frame(roleChunk, textChunk('a'), finishChunk, '[DONE]'));
  });

  it('copes with the annotation split across network chunks, byte by byte', () => {
    const inner = recordingParser();
    const parser = createAzureStreamParser(inner);
    const stream = Buffer.from(frame(promptFilterChunk, roleChunk, textChunk('héllo'), finishChunk, '[DONE]'));
    for (let index = 0; index < stream.length; index += 1) parser.push(stream.subarray(index, index + 1));
    parser.end();
    expect(inner.received()).toBe(frame(roleChunk, textChunk('héllo'), finishChunk, '[DONE]'));
  });

  it('hands chunks without annotation markers to the OpenAI parser as the very same bytes', () => {
    const pushed: Buffer[] = [];
    const parser = createAzureStreamParser({ push: (chunk) => (pushed.push(chunk), []), end: () => [] });
    const bytes = Buffer.from(frame(roleChunk, textChunk('x')));
    parser.push(bytes);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.equals(bytes)).toBe(true);
  });

  it('returns the OpenAI parser\'s parts, and nothing for a push that held only an annotation', () => {
    const parser = createAzureStreamParser(recordingParser());
    expect(parser.push(Buffer.from(frame(promptFilterChunk)))).toEqual([]);
    expect(parser.push(Buffer.from(frame(roleChunk)))).toEqual([{ type: 'text-delta', index: 0, text: 'x' }]);
    expect(parser.end()).toEqual([{ type: 'finish', reason: 'stop' }]);
  });

  it('gives an unterminated last event to the OpenAI parser at the end, unless it is an annotation', () => {
    const inner = recordingParser();
    const parser = createAzureStreamParser(inner);
    parser.push(Buffer.from(`data: ${finishChunk}`));
    parser.end();
    expect(inner.received()).toBe(`data: ${finishChunk}`);

    const other = recordingParser();
    const second = createAzureStreamParser(other);
    second.push(Buffer.from(`data: ${promptFilterChunk}`));
    second.end();
    expect(other.received()).toBe('');
  });
});

describe('isAnnotationOnly', () => {
  it('is true only for chunks that carry nothing but filter verdicts', () => {
    expect(isAnnotationOnly(`data: ${promptFilterChunk}`)).toBe(true);
    expect(isAnnotationOnly(`data: ${asyncAnnotationChunk}`)).toBe(true);
    expect(isAnnotationOnly(`data: ${roleChunk}`)).toBe(false);
    expect(isAnnotationOnly(`data: ${usageChunk}`)).toBe(false);
    expect(isAnnotationOnly('data: [DONE]')).toBe(false);
  });

  it('keeps a chunk with prompt_filter_results that also carries content, a finish reason or usage', () => {
    const withDelta = JSON.stringify({ ...JSON.parse(roleChunk), prompt_filter_results: [] });
    const withFinish = JSON.stringify({
      choices: [{ content_filter_offsets: {}, finish_reason: 'content_filter', index: 0 }],
      id: '',
      model: '',
    });
    const withUsage = JSON.stringify({ ...JSON.parse(usageChunk), prompt_filter_results: [] });
    expect(isAnnotationOnly(`data: ${withDelta}`)).toBe(false);
    expect(isAnnotationOnly(`data: ${withFinish}`)).toBe(false);
    expect(isAnnotationOnly(`data: ${withUsage}`)).toBe(false);
  });

  it('leaves malformed data to the OpenAI parser', () => {
    expect(isAnnotationOnly('data: {"prompt_filter_results": oops')).toBe(false);
  });
});
