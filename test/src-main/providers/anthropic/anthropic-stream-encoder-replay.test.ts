import { describe, expect, it } from 'vitest';
import type { StreamPart } from '../../../../src-main/conversion/stream-part.js';
import { anthropicAdapter } from '../../../../src-main/providers/anthropic/anthropic-adapter.js';
import { createAnthropicStreamEncoder } from '../../../../src-main/providers/anthropic/anthropic-stream-encoder.js';
import { geminiAdapter } from '../../../../src-main/providers/gemini/gemini-adapter.js';
import { openaiAdapter } from '../../../../src-main/providers/openai/openai-adapter.js';
import type { ProviderAdapter } from '../../../../src-main/providers/provider-adapter.js';
import { frameAnthropic, frameGemini, frameOpenAI, readRecordedPayloads } from '../../../support/recorded-fixtures.js';
import { accumulate, parseSse, type AccumulatedMessage } from './anthropic-sse-accumulator.js';

/**
 * Real upstream streams (test/fixtures/recorded) through each vendor's stream parser and then this
 * encoder, as a Claude Code request routed to that vendor would see them: the stream must be one
 * Anthropic's SDK accepts, and carry everything the upstream said.
 */

interface Vendor {
  folder: string;
  adapter: ProviderAdapter;
  /** The recorded payloads framed as the vendor frames its SSE (see test/fixtures/README.md). */
  frame(payloads: readonly string[]): Buffer;
  files: string[];
}

const openai: Vendor = {
  folder: 'openai',
  adapter: openaiAdapter,
  frame: (payloads) => frameOpenAI(payloads),
  files: ['openai-text', 'deepseek-tool-call', 'xai-tool-call', 'groq-tool-call'],
};
const anthropic: Vendor = {
  folder: 'anthropic',
  adapter: anthropicAdapter,
  frame: frameAnthropic,
  files: [
    'anthropic-text',
    'anthropic-tool-no-args',
    'anthropic-json-tool.2',
    'anthropic-clear-thinking.1',
    'anthropic-combined-context-editing.1',
    'anthropic-message-delta-input-tokens',
    'anthropic-code-execution-20260120-prompt-cache.1',
    'anthropic-web-search-tool.1',
  ],
};
const gemini: Vendor = {
  folder: 'gemini',
  adapter: geminiAdapter,
  frame: frameGemini,
  files: ['google-text', 'google-reasoning', 'google-tool-call', 'google-tool-call-gemini3'],
};

const recordings = [openai, anthropic, gemini].flatMap((vendor) => vendor.files.map((file) => ({ name: `${vendor.folder}/${file}`, vendor, file })));

function replay(vendor: Vendor, file: string): { parts: StreamPart[]; message: AccumulatedMessage } {
  const payloads = readRecordedPayloads(`${vendor.folder}/${file}.chunks.txt`);
  const parser = vendor.adapter.createStreamParser();
  const parts = [...parser.push(vendor.frame(payloads)), ...parser.end()];
  const encoder = createAnthropicStreamEncoder({ requestedModel: 'claude-sonnet-4-5' });
  const result = accumulate(parseSse(parts.map((part) => encoder.encode(part)).join('')));
  if (result.kind !== 'message') throw new Error(`the stream ended in an error: ${JSON.stringify(result.error)}`);
  expect(result.complete).toBe(true);
  return { parts, message: result.message };
}

const joined = (parts: readonly StreamPart[], type: 'text-delta' | 'reasoning-delta') =>
  parts.map((part) => (part.type === type ? part.text : '')).join('');

describe(
  'the Anthropic stream encoder on recorded upstream streams (test/fixtures/recorded)',
  () => {
    it.each(recordings)('$name gives a well-formed stream that keeps all text, reasoning, arguments and usage', ({ vendor, file }) => {
      const { parts, message } = replay(vendor, file);
      const text = message.content.map((block) => (block.type === 'text' ? block.text : '')).join('');
      const thinking = message.content.map((block) => (block.type === 'thinking' ? block.thinking : '')).join('');
      expect(text).toBe(joined(parts, 'text-delta'));
      expect(thinking).toBe(joined(parts, 'reasoning-delta'));
      const calls = parts.flatMap((part) => (part.type === 'tool-call-start' ? [part] : []));
      const toolBlocks = message.content.flatMap((block) => (block.type === 'tool_use' ? [block] : []));
      expect(toolBlocks.map(({ id, name }) => ({ id, name }))).toEqual(calls.map(({ id, name }) => ({ id, name })));
      for (const [position, call] of calls.entries()) {
        const sent = parts.map((part) => (part.type === 'tool-call-delta' && part.index === call.index ? part.argumentsDelta : '')).join('');
        expect(toolBlocks[position]?.input).toEqual(sent.trim() === '' ? {} : JSON.parse(sent));
      }
      const usage = parts.reduce<Record<string, number>>((merged, part) => (part.type === 'usage' ? { ...merged, ...part.usage } : merged), {});
      const cached = usage.cachedInputTokens ?? 0;
      const written = usage.cacheWriteTokens ?? 0;
      expect(message.usage).toEqual({
        input_tokens: (usage.inputTokens ?? 0) - cached - written,
        output_tokens: usage.outputTokens ?? 0,
        cache_read_input_tokens: cached,
        cache_creation_input_tokens: written,
      });
    });

    it('turns a DeepSeek reasoning + tool call stream into a thinking block and a tool_use', () => {
      const { message } = replay(openai, 'deepseek-tool-call');
      expect(message.content.map((block) => block.type)).toEqual(['thinking', 'tool_use']);
      expect(message.content[1]).toMatchObject({ name: 'weather', input: { location: 'San Francisco' } });
      expect(message.stop_reason).toBe('tool_use');
      // 339 prompt tokens of which 320 were cached: Anthropic reports the 19 uncached separately.
      expect(message.usage).toMatchObject({ input_tokens: 19, cache_read_input_tokens: 320 });
    });

    it('gives a Groq tool call without arguments the input {}', () => {
      const { message } = replay(openai, 'groq-tool-call');
      expect(message.content).toEqual([expect.objectContaining({ type: 'tool_use', name: 'weather', input: {} })]);
    });

    it('keeps Anthropic’s late input-token figure and its thinking signature', () => {
      expect(replay(anthropic, 'anthropic-message-delta-input-tokens').message.usage).toMatchObject({ input_tokens: 61, output_tokens: 2 });
      const { message } = replay(anthropic, 'anthropic-clear-thinking.1');
      expect(message.content[0]).toMatchObject({ type: 'thinking', signature: expect.stringMatching(/^EvQBCkYICxgC/) as unknown });
    });
  },
);
