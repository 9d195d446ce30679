import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  buildNotice,
  buildPriceCatalog,
  catalogVendors,
  fixtureLicensePath,
  fixtureSourcePath,
  serializePriceCatalog,
} from '../../scripts/build-price-catalog.js';
import { modelsDevLicensePath, modelsDevSnapshotPath } from '../support/models-dev-snapshot.js';

// The models.dev snapshot trimmed to the catalog's vendors (test/fixtures/models-dev), which
// `npm run catalog` rewrites with the bundled catalog.
const modelsDev = JSON.parse(readFileSync(modelsDevSnapshotPath, 'utf8')) as Record<
  string,
  { models: Record<string, { cost?: { input: number; output: number } }> }
>;
const licenseText = readFileSync(modelsDevLicensePath, 'utf8');
const catalog = buildPriceCatalog(modelsDev, '2025-01-01', licenseText);

describe('buildPriceCatalog', () => {
  it('carries models.dev figures for a sample of models', () => {
    expect(catalog.vendors.openai!['gpt-4o']).toEqual({ inputPerMTok: 2.5, outputPerMTok: 10, cachedInputPerMTok: 1.25, maxOutputTokens: 16384 });
    expect(catalog.vendors.anthropic!['claude-sonnet-4-5']).toEqual({
      inputPerMTok: 3,
      outputPerMTok: 15,
      cachedInputPerMTok: 0.3,
      cacheWritePerMTok: 3.75,
      maxOutputTokens: 64000,
    });
    expect(catalog.vendors.deepseek!['deepseek-chat']).toEqual({
      inputPerMTok: 0.14,
      outputPerMTok: 0.28,
      cachedInputPerMTok: 0.0028,
      maxOutputTokens: 384000,
    });
    expect(catalog.vendors.google!['gemini-2.5-flash']).toEqual({
      inputPerMTok: 0.3,
      outputPerMTok: 2.5,
      cachedInputPerMTok: 0.03,
    });
  });

  it('keeps long-context tiers', () => {
    expect(catalog.vendors.google!['gemini-2.5-pro']).toEqual({
      inputPerMTok: 1.25,
      outputPerMTok: 10,
      cachedInputPerMTok: 0.125,
      longContext: { thresholdTokens: 200_000, inputPerMTok: 2.5, outputPerMTok: 15, cachedInputPerMTok: 0.25 },
    });
  });

  it('reads the other spellings of cache prices', () => {
    expect(catalog.vendors.minimax!['MiniMax-M2.1']).toEqual({
      inputPerMTok: 0.3,
      outputPerMTok: 1.2,
      cachedInputPerMTok: 0.03,
      cacheWritePerMTok: 0.375,
      maxOutputTokens: 131072,
    });
    expect(catalog.vendors.siliconflow!['zai-org/GLM-5']?.cachedInputPerMTok).toBe(0.2);
  });

  it('has every chosen vendor, and every priced model of each with its input and output price', () => {
    expect(Object.keys(catalog.vendors)).toEqual([...catalogVendors].sort());
    for (const vendor of catalogVendors) {
      const priced = Object.entries(modelsDev[vendor]!.models).filter(([, model]) => model.cost !== undefined);
      expect(Object.keys(catalog.vendors[vendor]!).sort()).toEqual(priced.map(([id]) => id).sort());
      for (const [id, model] of priced) {
        expect(catalog.vendors[vendor]![id], `${vendor}/${id}`).toMatchObject({
          inputPerMTok: model.cost!.input,
          outputPerMTok: model.cost!.output,
        });
      }
    }
  });

  it('leaves out the vendors it does not ship, such as the flat-fee coding plans models.dev lists at $0', () => {
    const withPlan = {
      ...modelsDev,
      'zai-coding-plan': { name: 'Z.AI Coding Plan', models: { 'glm-4.5-air': { cost: { input: 0, output: 0, cache_read: 0, cache_write: 0 } } } },
    };
    expect(buildPriceCatalog(withPlan, '2025-01-01', licenseText).vendors).toEqual(catalog.vendors);
  });

  it("carries each priced model's output limit from models.dev, where it gives one", () => {
    const models = modelsDev as unknown as Record<string, { models: Record<string, { cost?: unknown; limit?: { output?: number } }> }>;
    for (const vendor of catalogVendors) {
      for (const [id, model] of Object.entries(models[vendor]!.models)) {
        if (model.cost === undefined) continue;
        const output = model.limit?.output;
        expect(catalog.vendors[vendor]![id]!.maxOutputTokens, `${vendor}/${id}`).toBe(output !== undefined && output > 0 ? output : undefined);
      }
    }
    expect(catalog.vendors.anthropic!['claude-3-haiku-20240307']!.maxOutputTokens).toBe(4096);
  });

  it('leaves the output limit out where models.dev gives none or 0', () => {
    const withLimits = (limit: unknown) => ({ ...modelsDev, openai: { models: { m: { cost: { input: 1, output: 2 }, limit } } } });
    expect(buildPriceCatalog(withLimits({ context: 1000 }), 'x', licenseText).vendors.openai!.m).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(buildPriceCatalog(withLimits({ output: 0 }), 'x', licenseText).vendors.openai!.m).toEqual({ inputPerMTok: 1, outputPerMTok: 2 });
    expect(buildPriceCatalog(withLimits({ output: 500 }), 'x', licenseText).vendors.openai!.m).toEqual({ inputPerMTok: 1, outputPerMTok: 2, maxOutputTokens: 500 });
  });

  it('names the source and the licence', () => {
    expect(catalog.source).toBe('models.dev api.json snapshot');
    expect(catalog.license).toBe('MIT, Copyright (c) 2025 models.dev — see price-catalog.NOTICE');
    expect(catalog.generated).toBe('2025-01-01');
  });

  it('refuses shapes it cannot carry rather than dropping prices', () => {
    const withTiers = (tiers: unknown[]) => ({
      ...modelsDev,
      openai: { models: { m: { cost: { input: 1, output: 2, tiers } } } },
    });
    const tier = (size: number, type?: string) => ({ tier: { size, type }, input: 2, output: 4 });
    expect(() => buildPriceCatalog(withTiers([tier(1000), tier(2000)]), 'x', licenseText)).toThrow(/2 price tiers/);
    expect(() => buildPriceCatalog(withTiers([tier(1000, 'time')]), 'x', licenseText)).toThrow(/"time" price tier/);
    const { openai: _openai, ...withoutOpenAi } = modelsDev;
    expect(() => buildPriceCatalog(withoutOpenAi, 'x', licenseText)).toThrow(/no vendor "openai"/);
  });
});

describe('serializePriceCatalog', () => {
  it('writes the same bytes for the same data, with keys sorted and one model per line', () => {
    const text = serializePriceCatalog(catalog);
    expect(serializePriceCatalog(buildPriceCatalog(modelsDev, '2025-01-01', licenseText))).toBe(text);
    expect(JSON.parse(text)).toEqual(catalog);
    expect(text).toContain('\n      "gpt-4o": {"inputPerMTok":2.5,"outputPerMTok":10,"cachedInputPerMTok":1.25,"maxOutputTokens":16384},\n');
    const parsed = JSON.parse(text) as typeof catalog;
    expect(Object.keys(parsed.vendors)).toEqual(Object.keys(parsed.vendors).sort());
    for (const models of Object.values(parsed.vendors)) {
      expect(Object.keys(models)).toEqual(Object.keys(models).sort());
    }
  });
});

describe('the bundled catalog', () => {
  it('is built from the snapshot the tests read: the script writes its trimmed copy where they read it', () => {
    expect(fixtureSourcePath).toBe(fileURLToPath(modelsDevSnapshotPath));
    expect(fixtureLicensePath).toBe(fileURLToPath(modelsDevLicensePath));
  });

  it('is what the script writes from the snapshot today (date aside); run `npm run catalog` if not', () => {
    const bundledText = readFileSync(new URL('../../resources/price-catalog.json', import.meta.url), 'utf8');
    const generated = (JSON.parse(bundledText) as { generated: string }).generated;
    expect(generated).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(bundledText).toBe(serializePriceCatalog(buildPriceCatalog(modelsDev, generated, licenseText)));
  });

  it('ships the models.dev MIT notice', () => {
    const notice = readFileSync(new URL('../../resources/price-catalog.NOTICE', import.meta.url), 'utf8');
    expect(notice).toBe(buildNotice(licenseText));
    expect(notice).toContain(licenseText.trim());
  });

  it('stays small enough to bundle', () => {
    const bundledText = readFileSync(new URL('../../resources/price-catalog.json', import.meta.url), 'utf8');
    expect(Buffer.byteLength(bundledText)).toBeLessThan(400_000);
  });
});
