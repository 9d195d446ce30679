import { describe, expect, it } from 'vitest';
import type { ProviderType } from '../../../src-shared/provider-type.js';
import { emptyUsage, type TokenUsage } from '../../../src-shared/usage.js';
import type { StreamPart } from '../../../src-main/conversion/stream-part.js';
import { adapterFor } from '../../../src-main/providers/registry.js';
import { computeCostUsd } from '../../../src-main/usage/compute-cost.js';
import { createPriceBook } from '../../../src-main/usage/price-book.js';
import { loadPriceCatalog } from '../../../src-main/usage/price-catalog.js';
import { vendorHintsFor } from '../../../src-main/usage/vendor-hints.js';
import {
  frameAnthropicEvent,
  frameGeminiEvent,
  frameOpenAIEvent,
  OPENAI_DONE,
  readRecordedJson,
  readRecordedPayloads,
  recordedSuite,
} from '../../support/recorded-fixtures.js';

// Usage recorded from the vendors' APIs (test/fixtures/recorded, see the README there) goes through
// the same parsers the gateway runs, then is priced with the bundled catalog's price for the model
// that answered. Each expected figure is the vendor's own price arithmetic, written out by hand.

const providers = {
  anthropic: { id: 'claude', type: 'anthropic', baseUrl: 'https://api.anthropic.com' },
  openai: { id: 'openai-main', type: 'openai', baseUrl: 'https://api.openai.com/v1' },
  xai: { id: 'xai', type: 'openai-compatible', baseUrl: 'https://api.x.ai/v1' },
  deepseek: { id: 'deepseek', type: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1' },
  gemini: { id: 'gem', type: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com' },
} satisfies Record<string, { id: string; type: ProviderType; baseUrl: string }>;

type Provider = (typeof providers)[keyof typeof providers];

/**
 * grok-3-mini is not in the bundled catalog (models.dev lists only newer Grok models), so it is
 * priced as a user would: xAI's list price in the config. xAI's answer states its own bill too.
 */
const overrides = { 'grok-3-mini': { inputPerMTok: 0.3, outputPerMTok: 0.5, cachedInputPerMTok: 0.075 } };
const prices = createPriceBook({ catalog: loadPriceCatalog(), overrides });

/** Each vendor's SSE framing of one payload line. */
const framing: Record<ProviderType, (payload: string) => string> = {
  anthropic: frameAnthropicEvent,
  openai: frameOpenAIEvent,
  'openai-compatible': frameOpenAIEvent,
  'azure-openai': frameOpenAIEvent,
  gemini: frameGeminiEvent,
};

function recordedStream(path: string, type: ProviderType): Buffer {
  const payloads = readRecordedPayloads(path);
  const done = type === 'openai' || type === 'openai-compatible' ? OPENAI_DONE : '';
  return Buffer.from(payloads.map(framing[type]).join('') + done);
}

/** What the same-format path reads (the tap) and what the converted path reads (the parser); they must agree. */
function usageOfStream(provider: Provider, path: string): { usage: TokenUsage; model: string | undefined } {
  const adapter = adapterFor(provider.type);
  const stream = recordedStream(path, provider.type);
  const tap = adapter.createStreamTap({ dropInjectedUsage: false });
  tap.transform(stream);
  tap.flush();
  const reading = tap.reading();
  if (reading === null) throw new Error(`${path}: the tap read no usage`);

  const parser = adapter.createStreamParser();
  const parts: StreamPart[] = [...parser.push(stream), ...parser.end()];
  let parsed: Partial<TokenUsage> = {};
  for (const part of parts) if (part.type === 'usage') parsed = { ...parsed, ...part.usage };
  expect({ ...emptyUsage(), ...parsed }).toEqual(reading.usage);
  return { usage: reading.usage, model: reading.model };
}

function usageOfBody(provider: Provider, path: string): { usage: TokenUsage; model: string | undefined } {
  const reading = adapterFor(provider.type).usageFromBody(readRecordedJson(path));
  if (reading === null) throw new Error(`${path}: no usage in the body`);
  return { usage: reading.usage, model: reading.model };
}

function costOf(provider: Provider, model: string, usage: TokenUsage): number | null {
  const price = prices.priceFor(provider.id, model, vendorHintsFor(provider.type, provider.baseUrl));
  return price === null ? null : computeCostUsd(price.price, usage);
}

interface Recording {
  name: string;
  provider: Provider;
  read: () => { usage: TokenUsage; model: string | undefined };
  model: string;
  usage: TokenUsage;
  /** USD, by the vendor's published rates per million tokens. */
  vendorArithmetic: number;
}

const usage = (counts: Partial<TokenUsage>): TokenUsage => ({ ...emptyUsage(), ...counts });

const recordings: Recording[] = [
  {
    // Prompt caching: 9,632 prompt tokens = 6 uncached + 6,289 read from the cache + 3,337 written
    // to the 5-minute cache. Claude Sonnet 5: $2 input, $0.20 cache read, $2.50 cache write (1.25x
    // input), $10 output.
    name: 'Anthropic stream with cache reads and writes (code execution)',
    provider: providers.anthropic,
    read: () => usageOfStream(providers.anthropic, 'anthropic/anthropic-code-execution-20260120-prompt-cache.1.chunks.txt'),
    model: 'claude-sonnet-5',
    usage: usage({ inputTokens: 9_632, cachedInputTokens: 6_289, cacheWriteTokens: 3_337, outputTokens: 198 }),
    vendorArithmetic: (6 * 2 + 6_289 * 0.2 + 3_337 * 2.5 + 198 * 10) / 1e6,
  },
  {
    // Claude Sonnet 4.5: $3 input, $15 output.
    name: 'Anthropic text stream',
    provider: providers.anthropic,
    read: () => usageOfStream(providers.anthropic, 'anthropic/anthropic-text.chunks.txt'),
    model: 'claude-sonnet-4-5-20250929',
    usage: usage({ inputTokens: 12, outputTokens: 30 }),
    vendorArithmetic: (12 * 3 + 30 * 15) / 1e6,
  },
  {
    name: 'Anthropic text answer (non-stream)',
    provider: providers.anthropic,
    read: () => usageOfBody(providers.anthropic, 'anthropic/anthropic-text.json'),
    model: 'claude-sonnet-4-5-20250929',
    usage: usage({ inputTokens: 12, outputTokens: 29 }),
    vendorArithmetic: (12 * 3 + 29 * 15) / 1e6,
  },
  {
    // Thinking counts inside output_tokens. Claude Sonnet 4.5 again.
    name: 'Anthropic stream with a thinking block',
    provider: providers.anthropic,
    read: () => usageOfStream(providers.anthropic, 'anthropic/anthropic-clear-thinking.1.chunks.txt'),
    model: 'claude-sonnet-4-5-20250929',
    usage: usage({ inputTokens: 69, outputTokens: 53 }),
    vendorArithmetic: (69 * 3 + 53 * 15) / 1e6,
  },
  {
    // gpt-4.1-nano-2025-04-14 is priced as gpt-4.1-nano: $0.10 input, $0.40 output.
    name: 'OpenAI text stream',
    provider: providers.openai,
    read: () => usageOfStream(providers.openai, 'openai/openai-text.chunks.txt'),
    model: 'gpt-4.1-nano-2025-04-14',
    usage: usage({ inputTokens: 16, outputTokens: 300 }),
    vendorArithmetic: (16 * 0.1 + 300 * 0.4) / 1e6,
  },
  {
    name: 'OpenAI text answer (non-stream)',
    provider: providers.openai,
    read: () => usageOfBody(providers.openai, 'openai/openai-text.json'),
    model: 'gpt-4.1-nano-2025-04-14',
    usage: usage({ inputTokens: 16, outputTokens: 363 }),
    vendorArithmetic: (16 * 0.1 + 363 * 0.4) / 1e6,
  },
  {
    // xAI counts reasoning outside completion_tokens (total 560 = 307 + 26 + 227) and bills it as
    // output. 307 prompt tokens, 306 of them cached. grok-3-mini: $0.30 input, $0.075 cached, $0.50 output.
    name: 'xAI tool-call stream with cached and reasoning tokens',
    provider: providers.xai,
    read: () => usageOfStream(providers.xai, 'openai/xai-tool-call.chunks.txt'),
    model: 'grok-3-mini',
    usage: usage({ inputTokens: 307, cachedInputTokens: 306, outputTokens: 253, reasoningTokens: 227 }),
    vendorArithmetic: (1 * 0.3 + 306 * 0.075 + (26 + 227) * 0.5) / 1e6,
  },
  {
    // DeepSeek counts reasoning inside completion_tokens; 320 of 339 prompt tokens hit its context
    // cache. deepseek-reasoner in the catalog: $0.14 cache miss, $0.0028 cache hit, $0.28 output.
    name: 'DeepSeek reasoner tool-call stream with a cache hit',
    provider: providers.deepseek,
    read: () => usageOfStream(providers.deepseek, 'openai/deepseek-tool-call.chunks.txt'),
    model: 'deepseek-reasoner',
    usage: usage({ inputTokens: 339, cachedInputTokens: 320, outputTokens: 83, reasoningTokens: 39 }),
    vendorArithmetic: (19 * 0.14 + 320 * 0.0028 + 83 * 0.28) / 1e6,
  },
  {
    // Gemini counts thoughts outside candidatesTokenCount and bills them as output.
    // gemini-3-pro-preview up to 200k prompt tokens: $2 input, $12 output.
    name: 'Gemini text stream with thought tokens',
    provider: providers.gemini,
    read: () => usageOfStream(providers.gemini, 'gemini/google-text.chunks.txt'),
    model: 'gemini-3-pro-preview',
    usage: usage({ inputTokens: 9, outputTokens: 23 + 185, reasoningTokens: 185 }),
    vendorArithmetic: (9 * 2 + (23 + 185) * 12) / 1e6,
  },
  {
    name: 'Gemini 3 tool-call stream with thought tokens',
    provider: providers.gemini,
    read: () => usageOfStream(providers.gemini, 'gemini/google-tool-call-gemini3.chunks.txt'),
    model: 'gemini-3-pro-preview',
    usage: usage({ inputTokens: 29, outputTokens: 15 + 804, reasoningTokens: 804 }),
    vendorArithmetic: (29 * 2 + (15 + 804) * 12) / 1e6,
  },
  {
    name: 'Gemini text answer with thought tokens (non-stream)',
    provider: providers.gemini,
    read: () => usageOfBody(providers.gemini, 'gemini/google-text.json'),
    model: 'gemini-3-pro-preview',
    usage: usage({ inputTokens: 9, outputTokens: 28 + 244, reasoningTokens: 244 }),
    vendorArithmetic: (9 * 2 + (28 + 244) * 12) / 1e6,
  },
];

describe(recordedSuite('the cost of recorded usage'), () => {
  for (const recording of recordings) {
    it(`${recording.name}: equals the vendor's price arithmetic to 1e-10 USD`, () => {
      const { usage: read, model } = recording.read();
      expect(model).toBe(recording.model);
      expect(read).toEqual(recording.usage);
      const cost = costOf(recording.provider, recording.model, read);
      expect(cost).not.toBeNull();
      expect(Math.abs(cost! - recording.vendorArithmetic)).toBeLessThan(1e-10);
    });
  }

  it("xAI's own bill for the grok-3-mini stream, in its usage's cost_in_usd_ticks (1e-10 USD each), is what Switchyard computes", () => {
    const payloads = readRecordedPayloads('openai/xai-tool-call.chunks.txt');
    const ticks = (JSON.parse(payloads.at(-1)!) as { usage: { cost_in_usd_ticks: number } }).usage.cost_in_usd_ticks;
    const { usage: read } = usageOfStream(providers.xai, 'openai/xai-tool-call.chunks.txt');
    expect(costOf(providers.xai, 'grok-3-mini', read)).toBe(ticks / 1e10);
  });

  it('has no catalog price for grok-3-mini without the config price: recorded as "no price", not $0', () => {
    const catalogOnly = createPriceBook({ catalog: loadPriceCatalog(), overrides: {} });
    expect(catalogOnly.priceFor(providers.xai.id, 'grok-3-mini', vendorHintsFor(providers.xai.type, providers.xai.baseUrl))).toBeNull();
  });
});
