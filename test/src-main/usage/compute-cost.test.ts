import { describe, expect, it } from 'vitest';
import type { TokenUsage } from '../../../src-shared/usage.js';
import { emptyUsage } from '../../../src-shared/usage.js';
import { computeCostUsd, effectivePrice } from '../../../src-main/usage/compute-cost.js';
import type { CatalogPrice } from '../../../src-main/usage/catalog-price.js';

const gpt4o: CatalogPrice = { inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 };
const claudeSonnet: CatalogPrice = { inputPerMTok: 3, outputPerMTok: 15, cachedInputPerMTok: 0.3, cacheWritePerMTok: 3.75 };
const geminiPro: CatalogPrice = {
  inputPerMTok: 1.25,
  outputPerMTok: 10,
  cachedInputPerMTok: 0.125,
  longContext: { thresholdTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15, cachedInputPerMTok: 0.25 },
};

const usage = (counts: Partial<TokenUsage>): TokenUsage => ({ ...emptyUsage(), ...counts });

describe('computeCostUsd', () => {
  it('prices gpt-4o with cached input', () => {
    // 800,000 uncached × $2.5 + 200,000 cached × $1.25 + 50,000 output × $10, per million.
    const cost = computeCostUsd(gpt4o, usage({ inputTokens: 1_000_000, cachedInputTokens: 200_000, outputTokens: 50_000 }));
    expect(cost).toBe(2 + 0.25 + 0.5);
  });

  it('prices Claude cache reads and writes apart, with reasoning as output', () => {
    // 2,000 × $3 + 6,000 read × $0.3 + 2,000 written × $3.75 + 1,000 output (200 reasoning) × $15.
    const cost = computeCostUsd(
      claudeSonnet,
      usage({ inputTokens: 10_000, cachedInputTokens: 6_000, cacheWriteTokens: 2_000, outputTokens: 1_000, reasoningTokens: 200 }),
    );
    expect(cost).toBe(0.0303);
  });

  it('prices writes to the 1-hour cache at twice the input price, the rest of the writes at the 5-minute price', () => {
    // 1,000 uncached × $3 + 3,000 written for 5 minutes × $3.75 + 2,000 written for 1 hour × $6 + 100 output × $15.
    const cost = computeCostUsd(claudeSonnet, usage({ inputTokens: 6_000, cacheWriteTokens: 5_000, cacheWriteLongTokens: 2_000, outputTokens: 100 }));
    expect(cost).toBe((1_000 * 3 + 3_000 * 3.75 + 2_000 * 6 + 100 * 15) / 1e6);
    // A split that claims more 1-hour writes than writes is held to the writes.
    expect(computeCostUsd(claudeSonnet, usage({ inputTokens: 1_000, cacheWriteTokens: 1_000, cacheWriteLongTokens: 5_000 }))).toBe((1_000 * 6) / 1e6);
  });

  it('prices a Claude Sonnet 4.5 prompt over 200k tokens at the long-context rates, cache writes of both lifetimes included', () => {
    const sonnetLong: CatalogPrice = {
      ...claudeSonnet,
      longContext: { thresholdTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6, cacheWritePerMTok: 7.5 },
    };
    // 100,001 uncached × $6 + 50,000 read × $0.6 + 40,000 5-minute writes × $7.5 + 10,000 1-hour writes × $12 + 2,000 × $22.5.
    const long = usage({ inputTokens: 200_001, cachedInputTokens: 50_000, cacheWriteTokens: 50_000, cacheWriteLongTokens: 10_000, outputTokens: 2_000 });
    expect(computeCostUsd(sonnetLong, long)).toBe((100_001 * 6 + 50_000 * 0.6 + 40_000 * 7.5 + 10_000 * 12 + 2_000 * 22.5) / 1e6);
    // One token fewer and the whole request is at the base rates.
    const base = usage({ inputTokens: 200_000, cachedInputTokens: 50_000, cacheWriteTokens: 50_000, cacheWriteLongTokens: 10_000, outputTokens: 2_000 });
    expect(computeCostUsd(sonnetLong, base)).toBe((100_000 * 3 + 50_000 * 0.3 + 40_000 * 3.75 + 10_000 * 6 + 2_000 * 15) / 1e6);
  });

  it('costs nothing for no usage', () => {
    expect(computeCostUsd(gpt4o, emptyUsage())).toBe(0);
  });

  it('charges cache reads and writes at the input price where the price has none', () => {
    const flat: CatalogPrice = { inputPerMTok: 2, outputPerMTok: 8 };
    expect(computeCostUsd(flat, usage({ inputTokens: 1_000_000, cachedInputTokens: 500_000, cacheWriteTokens: 250_000 }))).toBe(2);
  });

  it('applies the long-context tier to the whole request once the prompt is over the threshold', () => {
    // 200,000 uncached × $2.5 + 100,000 cached × $0.25 + 10,000 output × $15.
    const long = usage({ inputTokens: 300_000, cachedInputTokens: 100_000, outputTokens: 10_000 });
    expect(computeCostUsd(geminiPro, long)).toBe(0.675);
    // At the threshold exactly, the base price: 200,000 × $1.25 + 10,000 × $10.
    expect(computeCostUsd(geminiPro, usage({ inputTokens: 200_000, outputTokens: 10_000 }))).toBe(0.35);
  });

  it('keeps the base cache ratio in a tier that leaves cache prices out', () => {
    const price: CatalogPrice = {
      inputPerMTok: 2,
      outputPerMTok: 12,
      cachedInputPerMTok: 0.2,
      cacheWritePerMTok: 2.5,
      longContext: { thresholdTokens: 1_000, inputPerMTok: 4, outputPerMTok: 18 },
    };
    expect(effectivePrice(price, 1_001)).toEqual({
      inputPerMTok: 4,
      outputPerMTok: 18,
      cachedInputPerMTok: 0.4,
      cacheWritePerMTok: 5,
    });
    expect(effectivePrice(price, 1_000)).toBe(price);
    // 1,000 uncached × $4 + 1,000 read × $0.4 + 1,000 written × $5 + 1,000 output × $18.
    const cost = computeCostUsd(price, usage({ inputTokens: 3_000, cachedInputTokens: 1_000, cacheWriteTokens: 1_000, outputTokens: 1_000 }));
    expect(cost).toBe(0.0274);
  });

  it('does not drift the way float sums do', () => {
    const price: CatalogPrice = { inputPerMTok: 0.1, outputPerMTok: 0.2 };
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(computeCostUsd(price, usage({ inputTokens: 1_000_000, outputTokens: 1_000_000 }))).toBe(0.3);
    // DeepSeek: 234 × $0.14 + 1,000 cached × $0.0028 + 567 × $0.28 = 194.32 micro-dollars.
    const deepseek: CatalogPrice = { inputPerMTok: 0.14, outputPerMTok: 0.28, cachedInputPerMTok: 0.0028 };
    expect(computeCostUsd(deepseek, usage({ inputTokens: 1_234, cachedInputTokens: 1_000, outputTokens: 567 }))).toBe(0.00019432);
  });

  it('rounds the result half up to 1e-10 USD', () => {
    expect(computeCostUsd({ inputPerMTok: 0.00005, outputPerMTok: 0 }, usage({ inputTokens: 1 }))).toBe(1e-10);
    expect(computeCostUsd({ inputPerMTok: 0.000049, outputPerMTok: 0 }, usage({ inputTokens: 1 }))).toBe(0);
  });

  it('never charges a negative remainder when cache counts exceed the prompt', () => {
    // An upstream that reports 800 read + 400 written of a 1,000-token prompt pays for what it read and wrote.
    const cost = computeCostUsd(claudeSonnet, usage({ inputTokens: 1_000, cachedInputTokens: 800, cacheWriteTokens: 400 }));
    expect(cost).toBe(0.00174);
  });

  it('counts nonsense token figures as nothing', () => {
    expect(computeCostUsd(gpt4o, usage({ inputTokens: Number.NaN, outputTokens: -5 }))).toBe(0);
  });

  it('stays exact for very large requests', () => {
    // A billion output tokens at $1,000/MTok: $1,000,000, past 2^53 pico-dollars.
    expect(computeCostUsd({ inputPerMTok: 0, outputPerMTok: 1_000 }, usage({ outputTokens: 1_000_000_000 }))).toBe(1_000_000);
  });
});
