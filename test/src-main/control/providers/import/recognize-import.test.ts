import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recognizeImport } from '../../../../../src-main/control/providers/import/recognize-import.js';
import { configSchema } from '../../../../../src-shared/config-schema.js';
import { isImportNotRecognized, readImportFixture, thrownBy } from './import-fixtures.js';

/** Either a preview or `import_not_recognized`: nothing else may come out of arbitrary text. */
function recognisesOrRefuses(text: string): void {
  let preview;
  try {
    preview = recognizeImport(text);
  } catch (error) {
    expect(isImportNotRecognized(error)).toBe(true);
    return;
  }
  // Whatever was recognised is something the configuration file accepts as it stands.
  const providers = preview.providers.map(({ keys, ...provider }) => ({ ...provider, keys: keys.map((key) => ({ id: key.id, secret: key.secret ?? '' })) }));
  expect(configSchema.safeParse({ providers, modelAliases: preview.aliases }).success).toBe(true);
  const literalKeys = providers.flatMap((provider) => provider.keys.map((key) => key.secret)).filter((secret) => secret.length >= 4 && !secret.startsWith('env:'));
  for (const warning of preview.warnings) {
    for (const key of literalKeys) expect(warning).not.toContain(key);
  }
}

describe('recognizeImport', () => {
  it('refuses what it does not recognise, naming every form it accepts', () => {
    for (const junk of ['hello', '{"name": "not a config"}', '[1, 2, 3]', 'null', '<html></html>', '   ']) {
      const error = thrownBy(() => recognizeImport(junk));
      expect(isImportNotRecognized(error)).toBe(true);
      expect((error as Error).message).toContain('ccswitch:// link');
      expect((error as Error).message).toContain('claude-code-router');
      expect((error as Error).message).toContain('base URL with its API key');
    }
  });

  it('does not quote the pasted text in its refusal', () => {
    const error = thrownBy(() => recognizeImport('sk-fake-short-1 and some words'));
    expect((error as Error).message).not.toContain('sk-fake-short-1');
  });

  it('says so when a recognised file holds no providers', () => {
    expect(recognizeImport(JSON.stringify({ version: 2, claude: { providers: {}, current: '' } })).warnings).toEqual([
      'The text was recognised but holds no providers to import.',
    ]);
  });

  it('proposes only providers and aliases the configuration file accepts, for every sample file', () => {
    for (const name of ['ccswitch-config-v1.json', 'ccswitch-config-v2.json', 'ccr-config.json', 'switchyard-config.json']) {
      recognisesOrRefuses(readImportFixture(name));
    }
  });

  it('answers arbitrary text with a preview or import_not_recognized, never another error', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), recognisesOrRefuses), { numRuns: 300 });
  });

  it('answers arbitrary JSON the same way', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), recognisesOrRefuses), { numRuns: 300 });
  });

  it('never quotes a key in a warning, whatever the providers are called', () => {
    const provider = fc.record({
      name: fc.string({ maxLength: 30 }),
      api_base_url: fc.constantFrom('https://relay.example.com/v1/chat/completions', 'nonsense', 'ftp://x.example.com'),
      api_key: fc.string({ minLength: 6, maxLength: 40 }),
      transformer: fc.constant({ use: ['maxtoken'] }),
    });
    fc.assert(
      fc.property(fc.array(provider, { minLength: 1, maxLength: 4 }), fc.boolean(), (providers, nameIsKey) => {
        const entries = nameIsKey ? providers.map((entry) => ({ ...entry, name: `${entry.api_key} relay` })) : providers;
        const preview = recognizeImport(JSON.stringify({ Providers: entries, Router: { default: `${entries[0]?.name ?? ''},m` } }));
        const keys = entries.map((entry) => entry.api_key.trim()).filter((key) => key.length >= 4 && !key.startsWith('$'));
        for (const warning of preview.warnings) {
          for (const key of keys) expect(warning).not.toContain(key);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('answers long pathological text too (runs of quotes, slashes, commas), without hanging', () => {
    for (const text of [`"${"'".repeat(200_000)}a`, `https://example.com${'/models'.repeat(30_000)}`, `{"a": [${','.repeat(200_000)}`, `${'-'.repeat(200_000)}x`]) {
      recognisesOrRefuses(text);
    }
  });

  it('answers text built from the pieces the recognisers look for the same way', () => {
    const piece = fc.constantFrom(
      'ccswitch://v1/import?resource=provider&app=claude&name=x',
      '&endpoint=https://a.example.com',
      '&apiKey=sk-fake-000000000000000000001',
      '&config=%%%',
      'https://api.deepseek.com',
      'sk-ant-fake-000000000000000000001',
      'export ANTHROPIC_BASE_URL=',
      '{"Providers": [',
      '{"providers": [',
      '{"api_base_url": "https://x.example.com/v1/chat/completions", "api_key": "$X"}',
      '{"id": "a", "preset": "deepseek"}',
      '"Router": {"default": "a,b"}',
      'INSERT INTO "providers" ("id", "app_type", "name", "settings_config", "is_current") VALUES ',
      `('a', 'claude', 'A''s', '{"env":{"ANTHROPIC_BASE_URL":"https://x.example.com","ANTHROPIC_AUTH_TOKEN":"t0000000000"}}', 1)`,
      "'",
      '(',
      ')',
      ';',
      ']}',
      ',',
      '\n',
      ' ',
    );
    fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => recognisesOrRefuses(pieces.join(''))), { numRuns: 500 });
  });
});
