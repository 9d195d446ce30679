import { describe, expect, it } from 'vitest';
import { recognizeImport } from '../../../../../src-main/control/providers/import/recognize-import.js';
import { readSqlInsertRows } from '../../../../../src-main/control/providers/import/sql-insert-rows.js';
import { readImportFixture } from './import-fixtures.js';

describe('recognizeImport: a cc-switch SQL export (cc-switch 3.7 and later)', () => {
  const dump = readImportFixture('ccswitch-export.sql');

  it('reads the providers table back into providers, keys and the current Claude provider\'s aliases', () => {
    const preview = recognizeImport(dump);
    expect(preview.format).toBe('cc-switch');
    expect(preview.providers).toEqual([
      {
        id: 'bob-s-relay',
        type: 'anthropic',
        baseUrl: 'https://relay.example.com/api',
        models: ['glm-4.5', 'glm-4.5-air'],
        keys: [{ id: 'key-1', secret: 'sk-fake-relay-0000000000000000r9s0' }],
      },
      {
        id: 'codex-relay',
        type: 'openai-compatible',
        baseUrl: 'https://relay.example.com/v1',
        models: ['gpt-5-codex'],
        keys: [{ id: 'key-1', secret: 'sk-fake-codex-0000000000000000t1u2' }],
      },
    ]);
    expect(preview.aliases).toEqual({ 'claude-sonnet-4-5': 'glm-4.5', 'claude-opus-4-1': 'glm-4.5', 'claude-haiku-4-5': 'glm-4.5-air' });
    expect(preview.warnings).toEqual(['"Claude Official" (Claude Code) signs in with an account rather than an API key, so it was not imported.']);
  });
});

describe('readSqlInsertRows', () => {
  it("reads quoted text with '' escapes, NULL, numbers, several rows and statements, and only the table asked for", () => {
    const text = `INSERT INTO providers (id, name, n) VALUES ('a', 'it''s', 1), ('b', NULL, -2.5);\nINSERT INTO "other" ("id") VALUES ('x');\nINSERT INTO "providers" ("id", "name", "n") VALUES ('c', CAST(X'00' AS TEXT), 3);`;
    expect(readSqlInsertRows(text, 'providers')).toEqual([
      { id: 'a', name: "it's", n: 1 },
      { id: 'b', name: null, n: -2.5 },
      { id: 'c', name: null, n: 3 },
    ]);
  });

  it('stops at a statement cut short instead of reading past it', () => {
    expect(readSqlInsertRows("INSERT INTO providers (id) VALUES ('a'), ('b", 'providers')).toEqual([{ id: 'a' }]);
  });
});
