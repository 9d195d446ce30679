import { describe, expect, it } from 'vitest';
import { recognizeImport } from '../../../../../src-main/control/providers/import/recognize-import.js';
import { readImportFixture } from './import-fixtures.js';

describe('recognizeImport: a Switchyard block', () => {
  const file = readImportFixture('switchyard-config.json');

  it('brings over a whole configuration\'s providers with their key settings, and its aliases', () => {
    const preview = recognizeImport(file);
    expect(preview.format).toBe('switchyard');
    expect(preview.providers).toEqual([
      {
        id: 'openai-main',
        type: 'openai',
        baseUrl: 'https://api.openai.com/v1',
        models: ['gpt-4o', 'gpt-4o-mini'],
        keys: [
          { id: 'oa-1', secret: 'env:OPENAI_API_KEY', priority: 1, budgetUsd: 20, budgetPeriod: 'monthly' },
          { id: 'oa-2', secret: 'env:OPENAI_MAIN_API_KEY', priority: 2 },
        ],
      },
      {
        id: 'ds',
        preset: 'deepseek',
        type: 'openai-compatible',
        baseUrl: 'https://api.deepseek.com/v1',
        models: [],
        keys: [{ id: 'ds-1', secret: 'sk-fake-deepseek-0000000000000000p7q8' }],
      },
      { id: 'local', preset: 'ollama', type: 'openai-compatible', baseUrl: 'http://localhost:11434/v1', models: [], keys: [{ id: 'key-1', secret: 'ollama' }] },
    ]);
    expect(preview.aliases).toEqual({ 'claude-sonnet-4-5': 'gpt-4o', 'claude-haiku-4-5': { model: 'gpt-4o-mini', strategy: 'latency' } });
  });

  it("says what stays behind: a key in the other installation's secret store, clients and routing", () => {
    const warnings = recognizeImport(file).warnings.join('\n');
    expect(warnings).toContain('A key of "openai-main" was in the other installation\'s secret store');
    expect(warnings).toContain("The block's clients, routing settings were not imported");
    expect(warnings).not.toContain('sk-local-editor-1');
  });

  it('takes one provider object on its own', () => {
    const preview = recognizeImport(JSON.stringify({ id: 'groq', preset: 'groq', keys: [{ id: 'g1', secret: 'env:GROQ_API_KEY' }] }));
    expect(preview.providers).toEqual([
      { id: 'groq', preset: 'groq', type: 'openai-compatible', baseUrl: 'https://api.groq.com/openai/v1', models: [], keys: [{ id: 'g1', secret: 'env:GROQ_API_KEY' }] },
    ]);
  });

  it('leaves out a provider the configuration file would refuse, naming the field and not the key', () => {
    const block = {
      providers: [
        { id: 'bad id!', type: 'openai-compatible', baseUrl: 'https://relay.example.com/v1', keys: [{ id: 'k', secret: 'sk-fake-refused-000000000000001' }] },
        { id: 'ftp', type: 'openai-compatible', baseUrl: 'ftp://relay.example.com', keys: [{ id: 'k', secret: 'sk-fake-refused-000000000000002' }] },
        { id: 'odd', type: 'mystery', baseUrl: 'https://relay.example.com/v1', keys: [{ id: 'k', secret: 'sk-fake-refused-000000000000003' }] },
        { id: 'fine', type: 'openai-compatible', baseUrl: 'https://relay.example.com/v1', keys: [{ id: 'k', secret: 'sk-fake-kept-0000000000000004' }] },
      ],
    };
    const preview = recognizeImport(JSON.stringify(block));
    expect(preview.providers.map((provider) => provider.id)).toEqual(['fine']);
    expect(preview.warnings).toHaveLength(3);
    expect(preview.warnings[0]).toMatch(/^"bad id!" was left out: id /);
    expect(preview.warnings[1]).toMatch(/^"ftp" was left out: baseUrl must be an http\(s\) URL/);
    expect(preview.warnings[2]).toMatch(/^"odd" was left out: type /);
    expect(preview.warnings.join('\n')).not.toContain('sk-fake-refused');
  });

  it('gives repeated ids a suffix, as the whole preview must hold each id once', () => {
    const block = {
      providers: [
        { id: 'relay', type: 'openai-compatible', baseUrl: 'https://a.example.com/v1', keys: [{ id: 'k', secret: 'env:A_KEY' }] },
        { id: 'relay', type: 'openai-compatible', baseUrl: 'https://b.example.com/v1', keys: [{ id: 'k', secret: 'env:B_KEY' }] },
      ],
    };
    expect(recognizeImport(JSON.stringify(block)).providers.map((provider) => provider.id)).toEqual(['relay', 'relay-2']);
  });
});
