import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { bundledCatalogPath, createPriceCatalog, loadPriceCatalog } from '../../../src-main/usage/price-catalog.js';
import type { CatalogPrice } from '../../../src-main/usage/catalog-price.js';

const price = (inputPerMTok: number): CatalogPrice => ({ inputPerMTok, outputPerMTok: inputPerMTok * 4 });

describe('the bundled catalog', () => {
  const catalog = loadPriceCatalog();

  it('lives in resources/ at the project root', () => {
    expect(bundledCatalogPath()).toBe(fileURLToPath(new URL('../../../resources/price-catalog.json', import.meta.url)));
    expect(catalog.generated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(catalog.vendors).toContain('openai');
  });

  it('prices first-party models', () => {
    expect(catalog.lookup('gpt-4o', ['openai'])).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 });
    expect(catalog.lookup('deepseek-chat', ['deepseek'])).toEqual({
      inputPerMTok: 0.14,
      outputPerMTok: 0.28,
      cachedInputPerMTok: 0.0028,
    });
    expect(catalog.lookup('gemini-2.5-pro', ['google'])?.longContext?.thresholdTokens).toBe(200_000);
  });

  it('prices OpenRouter-style ids at the vendor they name', () => {
    expect(catalog.lookup('anthropic/claude-sonnet-4-5', [])).toEqual({
      inputPerMTok: 3,
      outputPerMTok: 15,
      cachedInputPerMTok: 0.3,
      cacheWritePerMTok: 3.75,
      // Anthropic's published 1M-context tier, which models.dev's anthropic entry leaves out.
      longContext: { thresholdTokens: 200_000, inputPerMTok: 6, outputPerMTok: 22.5, cachedInputPerMTok: 0.6, cacheWritePerMTok: 7.5 },
    });
    expect(catalog.lookup('openai/gpt-4o', [])).toEqual(catalog.lookup('gpt-4o', ['openai']));
  });

  it("prices Claude's cache as Anthropic publishes it: writes 1.25x input, reads 0.1x, above 200k on Sonnet 4 and 4.5 too", () => {
    for (const model of ['claude-haiku-4-5', 'claude-sonnet-4-0', 'claude-sonnet-4-5', 'claude-sonnet-4-6', 'claude-opus-4-1', 'claude-opus-4-6', 'claude-sonnet-5']) {
      const listed = catalog.lookup(model, ['anthropic'])!;
      expect(listed.cacheWritePerMTok, model).toBeCloseTo(listed.inputPerMTok * 1.25, 12);
      expect(listed.cachedInputPerMTok, model).toBeCloseTo(listed.inputPerMTok * 0.1, 12);
    }
    for (const model of ['claude-sonnet-4-20250514', 'claude-sonnet-4-5-20250929']) {
      expect(catalog.lookup(model, ['anthropic'])?.longContext).toEqual({
        thresholdTokens: 200_000,
        inputPerMTok: 6,
        outputPerMTok: 22.5,
        cachedInputPerMTok: 0.6,
        cacheWritePerMTok: 7.5,
      });
    }
    // Sonnet 4.6 and later serve their whole 1M window at the base price.
    expect(catalog.lookup('claude-sonnet-4-6', ['anthropic'])?.longContext).toBeUndefined();
  });

  it('keeps a listed dated id and falls back from an unlisted one', () => {
    expect(catalog.lookup('gpt-4o-2024-05-13', ['openai'])?.inputPerMTok).toBe(5);
    expect(catalog.lookup('gpt-4o-mini-2099-01-01', ['openai'])).toEqual(catalog.lookup('gpt-4o-mini', ['openai']));
  });

  it('answers null for a model nobody lists', () => {
    expect(catalog.lookup('no-such-model-anywhere', ['openai'])).toBeNull();
  });
});

describe('lookup order', () => {
  it('tries the hinted vendors first, in order', () => {
    const catalog = createPriceCatalog({ vendors: { openai: { m: price(1) }, openrouter: { m: price(2) }, groq: { m: price(3) } } });
    expect(catalog.lookup('m', ['openrouter'])).toEqual(price(2));
    expect(catalog.lookup('m', ['groq', 'openrouter'])).toEqual(price(3));
    expect(catalog.lookup('m', ['not-in-catalog'])).toEqual(price(1));
  });

  it('then the first-party vendors in their fixed order, then any vendor alphabetically', () => {
    expect(createPriceCatalog({ vendors: { anthropic: { m: price(2) }, openai: { m: price(1) } } }).lookup('m', [])).toEqual(
      price(1),
    );
    expect(createPriceCatalog({ vendors: { aaa: { m: price(9) }, zhipuai: { m: price(1) } } }).lookup('m', [])).toEqual(price(1));
    expect(createPriceCatalog({ vendors: { zzz: { m: price(2) }, aaa: { m: price(1) } } }).lookup('m', [])).toEqual(price(1));
  });

  it('tries the vendor a prefix names before relays that list the prefixed id', () => {
    const catalog = createPriceCatalog({
      vendors: { openai: { 'gpt-4o': price(1) }, openrouter: { 'openai/gpt-4o': price(2) }, xai: { 'grok-4': price(3) } },
    });
    expect(catalog.lookup('openai/gpt-4o', [])).toEqual(price(1));
    expect(catalog.lookup('openai/gpt-4o', ['openrouter'])).toEqual(price(2));
    expect(catalog.lookup('x-ai/grok-4', [])).toEqual(price(3));
  });

  it('prefers the id as written at another vendor over a stripped one', () => {
    const catalog = createPriceCatalog({
      vendors: { 'alibaba-cn': { 'deepseek-v3': price(1) }, siliconflow: { 'deepseek-ai/DeepSeek-V3': price(2) } },
    });
    expect(catalog.lookup('deepseek-ai/DeepSeek-V3', [])).toEqual(price(2));
    expect(catalog.lookup('Pro/deepseek-ai/DeepSeek-V3', [])).toEqual(price(2));
    expect(catalog.lookup('some-relay/deepseek-v3', [])).toEqual(price(1));
  });

  it('matches ids case-insensitively when the exact spelling is missing', () => {
    const catalog = createPriceCatalog({ vendors: { siliconflow: { 'deepseek-ai/DeepSeek-V3': price(2), 'x/Model': price(3), 'x/model': price(4) } } });
    expect(catalog.lookup('deepseek-ai/deepseek-v3', ['siliconflow'])).toEqual(price(2));
    expect(catalog.lookup('x/model', [])).toEqual(price(4));
  });

  it('prices a bare id at a relay that lists it under a prefix, as a last resort', () => {
    const catalog = createPriceCatalog({
      vendors: {
        xai: { 'grok-3': price(1) },
        openrouter: { 'x-ai/grok-4': price(2), 'x-ai/grok-3': price(9) },
        'siliconflow-cn': { 'Pro/moonshotai/Kimi-K2.5': price(4), 'moonshotai/Kimi-K2.5': price(3) },
      },
    });
    expect(catalog.lookup('grok-4', ['xai'])).toEqual(price(2));
    expect(catalog.lookup('grok-3', ['xai'])).toEqual(price(1));
    expect(catalog.lookup('kimi-k2.5', [])).toEqual(price(3));
  });

  it('strips a release date only when no vendor lists the dated id', () => {
    const catalog = createPriceCatalog({
      vendors: {
        openai: { 'gpt-4o': price(1), 'gpt-4o-2024-05-13': price(5) },
        anthropic: { 'claude-x': price(3) },
        azure: { 'gpt-4o-2024-08-06': price(7) },
      },
    });
    expect(catalog.lookup('gpt-4o-2024-05-13', ['openai'])).toEqual(price(5));
    expect(catalog.lookup('gpt-4o-2024-08-06', ['openai'])).toEqual(price(7));
    expect(catalog.lookup('gpt-4o-2024-11-20', ['openai'])).toEqual(price(1));
    expect(catalog.lookup('claude-x-20250101', [])).toEqual(price(3));
    expect(catalog.lookup('anthropic/claude-x-20250101', [])).toEqual(price(3));
    expect(catalog.lookup('gpt-4o-2024', [])).toBeNull();
  });
});

describe('output limits', () => {
  it('come from the bundled catalog for first-party models', () => {
    const catalog = loadPriceCatalog();
    expect(catalog.outputLimit('claude-sonnet-4-5', ['anthropic'])).toBe(64_000);
    expect(catalog.outputLimit('claude-3-haiku-20240307', ['anthropic'])).toBe(4096);
    expect(catalog.outputLimit('gpt-4o', ['openai'])).toBe(16_384);
    expect(catalog.outputLimit('no-such-model-anywhere', ['anthropic'])).toBeNull();
  });

  it('are left out of the price lookup answers', () => {
    const catalog = createPriceCatalog({ vendors: { anthropic: { m: { ...price(1), maxOutputTokens: 8192 } } } });
    expect(catalog.lookup('m', [])).toEqual(price(1));
    expect(catalog.outputLimit('m', [])).toBe(8192);
  });

  it('are found in lookup order, passing over a vendor that lists the model without a limit', () => {
    const catalog = createPriceCatalog({
      vendors: {
        anthropic: { 'claude-x': { ...price(1), maxOutputTokens: 64_000 }, 'claude-y': price(1) },
        openrouter: { 'anthropic/claude-x': { ...price(1), maxOutputTokens: 32_000 }, 'anthropic/claude-y': { ...price(1), maxOutputTokens: 16_000 } },
      },
    });
    expect(catalog.outputLimit('claude-x', ['anthropic'])).toBe(64_000);
    expect(catalog.outputLimit('anthropic/claude-x', ['openrouter'])).toBe(32_000);
    expect(catalog.outputLimit('claude-y', ['anthropic'])).toBe(16_000);
    // A dated snapshot nobody lists takes the undated model's limit.
    expect(catalog.outputLimit('claude-x-20250929', ['anthropic'])).toBe(64_000);
  });

  it('must be positive whole numbers', () => {
    expect(() => createPriceCatalog({ vendors: { openai: { m: { ...price(1), maxOutputTokens: 0 } } } })).toThrow();
    expect(() => createPriceCatalog({ vendors: { openai: { m: { ...price(1), maxOutputTokens: 1.5 } } } })).toThrow();
  });
});

describe('loading', () => {
  const directory = mkdtempSync(join(tmpdir(), 'switchyard-price-catalog-'));
  afterAll(() => rmSync(directory, { recursive: true, force: true }));

  it('reads a catalog from a path, ignoring fields it does not know', () => {
    const path = join(directory, 'catalog.json');
    writeFileSync(path, JSON.stringify({ vendors: { openai: { m: { ...price(1), futureField: true } } }, extra: 1 }));
    const catalog = loadPriceCatalog(path);
    expect(catalog.generated).toBeNull();
    expect(catalog.lookup('m', [])).toEqual(price(1));
  });

  it('names the file it could not read', () => {
    const path = join(directory, 'missing.json');
    expect(() => loadPriceCatalog(path)).toThrow(path);
  });

  it('refuses a price that would bill wrongly', () => {
    expect(() => createPriceCatalog({ vendors: { openai: { m: { inputPerMTok: -1, outputPerMTok: 1 } } } })).toThrow();
    expect(() => createPriceCatalog({ vendors: { openai: { m: { inputPerMTok: 1 } } } })).toThrow();
    expect(() => createPriceCatalog({})).toThrow();
  });
});

describe('lookups asked again', () => {
  const catalog = loadPriceCatalog();

  it('answer the same the second time, for each hint list on its own', () => {
    const openaiHints = Object.freeze(['openai']);
    const deepseekHints = Object.freeze(['deepseek']);
    const first = catalog.lookup('gpt-4o', openaiHints);
    expect(catalog.lookup('gpt-4o', openaiHints)).toBe(first);
    expect(first).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 });
    expect(catalog.lookup('deepseek-chat', deepseekHints)).toEqual(catalog.lookup('deepseek-chat', ['deepseek']));
    expect(catalog.lookup('no-such-model-anywhere', openaiHints)).toBeNull();
    expect(catalog.lookup('no-such-model-anywhere', openaiHints)).toBeNull();
  });

  it('answer output limits the same the second time, a missing one included', () => {
    const hints = Object.freeze(['anthropic']);
    const limit = catalog.outputLimit('claude-haiku-4-5', hints);
    expect(limit).toBeGreaterThan(0);
    expect(catalog.outputLimit('claude-haiku-4-5', hints)).toBe(limit);
    expect(catalog.outputLimit('no-such-model-anywhere', hints)).toBeNull();
    expect(catalog.outputLimit('no-such-model-anywhere', hints)).toBeNull();
  });

  it('stay right past the bound on kept answers', () => {
    const hints = Object.freeze(['openai']);
    for (let index = 0; index < 1_500; index++) catalog.lookup(`made-up-${index}`, hints);
    expect(catalog.lookup('gpt-4o', hints)).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25 });
  });
});
