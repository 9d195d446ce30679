import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeModelsDevFixture, trimModelsDevSnapshot, type ModelsDevDocument } from '../../scripts/models-dev-fixture.js';
import { buildPriceCatalog, catalogVendors } from '../../src-main/usage/models-dev-catalog.js';
import { modelsDevSnapshotPath } from '../support/models-dev-snapshot.js';

const fixtureText = readFileSync(modelsDevSnapshotPath, 'utf8');
const fixture = JSON.parse(fixtureText) as ModelsDevDocument;
const licenseText = 'MIT License\n\nCopyright (c) 2025 models.dev\n';

/** The fixture as the full snapshot has it: descriptive fields on every model, and vendors the catalog does not ship. */
function untrimmed(): ModelsDevDocument {
  const document: ModelsDevDocument = {};
  for (const [vendorId, { models, ...metadata }] of Object.entries(fixture)) {
    document[vendorId] = {
      ...metadata,
      models: Object.fromEntries(
        Object.entries(models).map(([id, model]) => [id, { ...model, family: 'f', release_date: '2025-01-01', modalities: { input: ['text'], output: ['text'] }, tool_call: true }]),
      ),
    };
  }
  document['zai-coding-plan'] = { name: 'Z.AI Coding Plan', id: 'zai-coding-plan', models: { 'glm-4.5-air': { id: 'glm-4.5-air', cost: { input: 0, output: 0 } } } };
  return document;
}

describe('trimModelsDevSnapshot', () => {
  it('keeps the vendors the catalog ships, their metadata, and of each model its id, name, cost and limit', () => {
    const trimmed = trimModelsDevSnapshot(untrimmed());
    expect(Object.keys(trimmed).sort()).toEqual([...catalogVendors].sort());
    expect(trimmed).toEqual(fixture);
    const { models: _models, ...metadata } = trimmed.openai!;
    expect(metadata).toMatchObject({ id: 'openai', name: 'OpenAI', env: ['OPENAI_API_KEY'] });
    expect(trimmed.openai!.models['gpt-4o']).toEqual({
      name: 'GPT-4o',
      cost: { input: 2.5, output: 10, cache_read: 1.25 },
      limit: { context: 128000, output: 16384 },
      id: 'gpt-4o',
    });
  });

  it('loses nothing the catalog reads: the trimmed and the untrimmed snapshot build the same catalog', () => {
    expect(buildPriceCatalog(trimModelsDevSnapshot(untrimmed()), 'x', licenseText)).toEqual(buildPriceCatalog(untrimmed(), 'x', licenseText));
  });

  it('holds models without a price, so the catalog tests see them left out', () => {
    const unpriced = Object.values(fixture).flatMap(({ models }) => Object.values(models).filter((model) => model.cost === undefined));
    expect(unpriced.length).toBeGreaterThan(0);
  });
});

describe('serializeModelsDevFixture', () => {
  it('writes the fixture byte for byte as stored, one model per line', () => {
    expect(serializeModelsDevFixture(fixture)).toBe(fixtureText);
    expect(fixtureText).toContain('\n      "gpt-4o": {"name":"GPT-4o","cost":{"input":2.5,"output":10,"cache_read":1.25},"limit":{"context":128000,"output":16384},"id":"gpt-4o"},\n');
  });
});
