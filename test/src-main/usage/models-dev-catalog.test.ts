import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildPriceCatalog, catalogVendors, convertModelsDev, ModelsDevShapeError } from '../../../src-main/usage/models-dev-catalog.js';
import { modelsDevSnapshotPath } from '../../support/models-dev-snapshot.js';

// The models.dev snapshot, trimmed to the catalog's vendors (test/fixtures/models-dev).
const modelsDev = JSON.parse(readFileSync(modelsDevSnapshotPath, 'utf8')) as Record<string, { models: Record<string, unknown> }>;
const licenseText = 'MIT License\n\nCopyright (c) 2025 models.dev\n';

describe('convertModelsDev', () => {
  it('converts the snapshot the same way strict and lenient, with nothing left out', () => {
    const strict = convertModelsDev(modelsDev, { strict: true });
    const lenient = convertModelsDev(modelsDev, { strict: false });
    expect(lenient).toEqual(strict);
    expect(lenient.problems).toEqual([]);
    expect(buildPriceCatalog(modelsDev, '2025-01-01', licenseText).vendors).toEqual(strict.vendors);
    expect(Object.keys(lenient.vendors)).toEqual([...catalogVendors].sort());
  });

  it('leniently leaves out a missing vendor and an unreadable model, naming them, and keeps the rest', () => {
    const { openai: _openai, ...withoutOpenAi } = modelsDev;
    const changed = {
      ...withoutOpenAi,
      deepseek: {
        models: {
          ...modelsDev.deepseek!.models,
          'bad-price': { cost: { input: 'one dollar', output: 2 } },
          'two-tiers': { cost: { input: 1, output: 2, tiers: [1, 2].map((size) => ({ tier: { size }, input: 2, output: 4 })) } },
        },
      },
    };
    const { vendors, problems } = convertModelsDev(changed, { strict: false });
    expect(vendors.openai).toBeUndefined();
    expect(vendors.deepseek!['deepseek-chat']).toMatchObject({ inputPerMTok: 0.14, outputPerMTok: 0.28 });
    expect(vendors.deepseek!['bad-price']).toBeUndefined();
    expect(vendors.deepseek!['two-tiers']).toBeUndefined();
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/deepseek\/bad-price: unreadable price/);
    expect(problems[1]).toMatch(/deepseek\/two-tiers has 2 price tiers/);
    expect(problems[2]).toMatch(/no vendor "openai"/);
    expect(() => convertModelsDev(changed, { strict: true })).toThrow(/models.dev vendor "deepseek"/);
  });

  it('leniently leaves out a vendor without a models object', () => {
    const { vendors, problems } = convertModelsDev({ ...modelsDev, groq: { name: 'Groq' } }, { strict: false });
    expect(vendors.groq).toBeUndefined();
    expect(problems).toEqual(['models.dev vendor "groq" has no models object; left out']);
  });

  it.each([
    ['an array', [1, 2]],
    ['a string', 'hello'],
    ['null', null],
    ['another API', { data: [{ id: 'gpt-4o' }], object: 'list' }],
    ['vendors without prices', { openai: { models: { 'gpt-4o': { name: 'GPT-4o' } } } }],
  ])('refuses %s as not models.dev shape', (_name, document) => {
    expect(() => convertModelsDev(document, { strict: false })).toThrow(ModelsDevShapeError);
  });
});
