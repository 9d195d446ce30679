import type { ModelPrice } from '../../src-shared/prices.js';
import type { TokenUsage } from '../../src-shared/usage.js';
import type { CatalogPrice } from './catalog-price.js';
import { usdFromUnits } from './usd-amount.js';

/**
 * Prices are turned into whole micro-dollars per million tokens, which is pico-dollars per token,
 * and multiplied by whole token counts in BigInt: a request's cost is exact until the one final
 * rounding, with no overflow even at a billion tokens times $1,000/MTok. Six decimals is what
 * vendors publish (DeepSeek's $0.003625); anything finer in a config price is rounded away.
 */
const microDollarsPerDollar = 1e6;
/** The result is rounded, half up, to 1e-10 USD, a hundred-millionth of a cent (usd-amount.ts). */
const picoDollarsPerResultUnit = 100n;
const longCacheWriteInputMultiple = 2n;

/** The cost in USD of one request's usage at `price`, rounded to 1e-10 USD. */
export function computeCostUsd(price: CatalogPrice, usage: TokenUsage): number {
  const input = tokenCount(usage.inputTokens);
  const cachedInput = tokenCount(usage.cachedInputTokens);
  const cacheWrite = tokenCount(usage.cacheWriteTokens);
  const cacheWriteLongCount = tokenCount(usage.cacheWriteLongTokens ?? 0);
  const cacheWriteLong = cacheWriteLongCount < cacheWrite ? cacheWriteLongCount : cacheWrite;
  // Cached reads and writes are parts of inputTokens; an upstream that reports more of them than
  // prompt tokens is charged for what it reported, never a negative remainder.
  const uncachedInput = input > cachedInput + cacheWrite ? input - cachedInput - cacheWrite : 0n;
  // The tier is chosen by the whole prompt, cache reads and writes included (Anthropic, Google).
  const rates = effectivePrice(price, Number(input));
  const inputRate = perToken(rates.inputPerMTok);
  const picoDollars =
    uncachedInput * inputRate +
    cachedInput * (rates.cachedInputPerMTok === undefined ? inputRate : perToken(rates.cachedInputPerMTok)) +
    (cacheWrite - cacheWriteLong) * (rates.cacheWritePerMTok === undefined ? inputRate : perToken(rates.cacheWritePerMTok)) +
    // Anthropic bills a write to the 1-hour cache at twice the input price (the catalog's cache-write
    // price is the 5-minute one, 1.25 times input), in the long-context tier too.
    cacheWriteLong * longCacheWriteInputMultiple * inputRate +
    // Reasoning tokens are part of outputTokens and billed at the output price. (Alibaba charges
    // more for Qwen's thinking-mode output; the catalog does not carry that figure yet.)
    tokenCount(usage.outputTokens) * perToken(rates.outputPerMTok);
  const resultUnits = (picoDollars + picoDollarsPerResultUnit / 2n) / picoDollarsPerResultUnit;
  return usdFromUnits(Number(resultUnits));
}

/**
 * The flat price a request pays: the long-context one when its prompt is longer than the
 * threshold. A tier that leaves out a cache price the base has keeps the base's ratio to the input
 * price, since vendors set cache prices as a fixed fraction of input (OpenAI, Anthropic, Google and
 * xAI keep that fraction in the long-context tier); falling back to the full input price would
 * overcharge cached tokens tenfold.
 */
export function effectivePrice(price: CatalogPrice, inputTokens: number): ModelPrice {
  const tier = price.longContext;
  if (tier === undefined || inputTokens <= tier.thresholdTokens) return price;
  const scale = (base: number | undefined): number | undefined =>
    base === undefined || price.inputPerMTok === 0 ? undefined : (base * tier.inputPerMTok) / price.inputPerMTok;
  return {
    inputPerMTok: tier.inputPerMTok,
    outputPerMTok: tier.outputPerMTok,
    cachedInputPerMTok: tier.cachedInputPerMTok ?? scale(price.cachedInputPerMTok),
    cacheWritePerMTok: tier.cacheWritePerMTok ?? scale(price.cacheWritePerMTok),
  };
}

/** USD per million tokens → pico-dollars per token (the same number: both are scaled by 1e6). */
function perToken(usdPerMTok: number): bigint {
  return BigInt(Math.round(usdPerMTok * microDollarsPerDollar));
}

/** Counts from upstreams are whole and non-negative; anything else counts as nothing, not NaN. */
function tokenCount(value: number): bigint {
  return Number.isFinite(value) && value > 0 ? BigInt(Math.round(value)) : 0n;
}
