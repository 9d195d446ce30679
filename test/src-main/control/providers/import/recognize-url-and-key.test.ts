import { describe, expect, it } from 'vitest';
import { recognizeImport } from '../../../../../src-main/control/providers/import/recognize-import.js';
import { isImportNotRecognized, thrownBy } from './import-fixtures.js';

const deepseekKey = 'sk-fake0000000000000000000000ds01';

describe('recognizeImport: a base URL and a key pasted together', () => {
  it('matches a known host to its preset, in either order and on one line or two', () => {
    const expected = {
      format: 'base-url-and-key',
      providers: [
        { id: 'deepseek', preset: 'deepseek', type: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1', models: [], keys: [{ id: 'key-1', secret: deepseekKey }] },
      ],
      aliases: {},
      warnings: [],
    };
    expect(recognizeImport(`https://api.deepseek.com\n${deepseekKey}`)).toEqual(expected);
    expect(recognizeImport(`${deepseekKey}   https://api.deepseek.com/chat/completions`)).toEqual(expected);
    expect(recognizeImport(`export DEEPSEEK_BASE_URL="https://api.deepseek.com/v1"\nexport DEEPSEEK_API_KEY="${deepseekKey}"`)).toEqual(expected);
  });

  it('reads the Claude Code one-liner and settings, taking the API from the variable names', () => {
    const preview = recognizeImport(`ANTHROPIC_BASE_URL=https://api.moonshot.cn/anthropic ANTHROPIC_AUTH_TOKEN=sk-fake-kimi-0000000000000001 ANTHROPIC_MODEL=kimi-k2-turbo-preview claude`);
    expect(preview.providers).toEqual([
      { id: 'moonshot', type: 'anthropic', baseUrl: 'https://api.moonshot.cn/anthropic', models: ['kimi-k2-turbo-preview'], keys: [{ id: 'key-1', secret: 'sk-fake-kimi-0000000000000001' }] },
    ]);
    const settings = recognizeImport(JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'https://open.bigmodel.cn/api/anthropic', ANTHROPIC_AUTH_TOKEN: 'fakeid.fakesecret0001' } }, null, 2));
    expect(settings.providers[0]).toMatchObject({ id: 'bigmodel', type: 'anthropic', keys: [{ secret: 'fakeid.fakesecret0001' }] });
  });

  it("recognises a vendor by its key's prefix when the host says nothing, and a key alone when the prefix is distinctive", () => {
    const relay = recognizeImport('https://claude-relay.example.com\nsk-ant-api03-fake000000000000000000');
    expect(relay.providers[0]).toMatchObject({ type: 'anthropic', baseUrl: 'https://claude-relay.example.com' });
    expect(relay.providers[0]?.preset).toBeUndefined();
    const alone = recognizeImport('GROQ_API_KEY=gsk_fake000000000000000000000001');
    expect(alone.providers[0]).toMatchObject({ id: 'groq', preset: 'groq', baseUrl: 'https://api.groq.com/openai/v1' });
  });

  it('falls back to OpenAI-compatible for an unknown host, keeping its path', () => {
    const preview = recognizeImport('OPENAI_BASE_URL: https://llm.internal.example.com/api/v3/\nOPENAI_API_KEY: fake-internal-0000000000000001');
    expect(preview.providers[0]).toMatchObject({ id: 'example', type: 'openai-compatible', baseUrl: 'https://llm.internal.example.com/api/v3' });
  });

  it('warns when the key looks like another vendor\'s than the address, without quoting it', () => {
    const preview = recognizeImport('https://api.deepseek.com sk-ant-api03-fake000000000000000000');
    expect(preview.warnings).toEqual(["The key looks like one of Anthropic (Claude)'s, but the address is DeepSeek's; check that they belong together."]);
  });

  it('refuses prose, two addresses, or an address without a key', () => {
    for (const text of [
      'Please set your base url to https://api.deepseek.com and use the key sk-fake0000000000000000000000ds01',
      `https://a.example.com https://b.example.com ${deepseekKey}`,
      'https://api.deepseek.com',
      '',
    ]) {
      expect(isImportNotRecognized(thrownBy(() => recognizeImport(text)))).toBe(true);
    }
  });
});
