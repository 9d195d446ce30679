import { describe, expect, it } from 'vitest';
import { recognizeImport } from '../../../../../src-main/control/providers/import/recognize-import.js';
import { readImportFixture } from './import-fixtures.js';

describe('recognizeImport: a cc-switch config.json', () => {
  const v2 = readImportFixture('ccswitch-config-v2.json');

  it('brings over the Claude, Codex and Gemini providers that have keys, each with the API its app speaks', () => {
    const preview = recognizeImport(v2);
    expect(preview.format).toBe('cc-switch');
    expect(preview.providers.map((provider) => [provider.id, provider.type, provider.baseUrl])).toEqual([
      ['deepseek', 'anthropic', 'https://api.deepseek.com/anthropic'],
      ['kimi', 'anthropic', 'https://api.moonshot.cn/anthropic'],
      ['aihubmix', 'openai-compatible', 'https://aihubmix.com/v1'],
      ['openai-api-key', 'openai', 'https://api.openai.com/v1'],
      ['google-gemini', 'gemini', 'https://generativelanguage.googleapis.com'],
    ]);
  });

  it('takes each key from where the app keeps it: ANTHROPIC_AUTH_TOKEN, auth.json, GEMINI_API_KEY', () => {
    const preview = recognizeImport(v2);
    const secrets = Object.fromEntries(preview.providers.map((provider) => [provider.id, provider.keys.map((key) => [key.id, key.secret])]));
    expect(secrets).toEqual({
      deepseek: [['key-1', 'sk-fake-deepseek-0000000000000000a1b2']],
      kimi: [['key-1', 'sk-fake-moonshot-0000000000000000c3d4']],
      aihubmix: [['key-1', 'sk-fake-aihubmix-0000000000000000e5f6']],
      'openai-api-key': [['key-1', 'sk-fake-openai-00000000000000000000g7h8']],
      'google-gemini': [['key-1', 'AIzaFAKE-gemini-000000000000000000i9']],
    });
  });

  it('names the models the app was pointed at, and the vendor preset where the address is the vendor\'s own', () => {
    const preview = recognizeImport(v2);
    const byId = new Map(preview.providers.map((provider) => [provider.id, provider]));
    expect(byId.get('deepseek')?.models).toEqual(['deepseek-chat', 'deepseek-reasoner']);
    expect(byId.get('kimi')?.models).toEqual(['kimi-k2-turbo-preview']);
    expect(byId.get('aihubmix')?.models).toEqual(['gpt-5-codex']);
    expect(byId.get('openai-api-key')?.preset).toBe('openai');
    expect(byId.get('google-gemini')?.preset).toBe('gemini');
    // DeepSeek's Anthropic-style API is not the DeepSeek preset (which is its OpenAI-style one).
    expect(byId.get('deepseek')?.preset).toBeUndefined();
  });

  it("turns the current Claude provider's model mapping into aliases for Claude Code's names", () => {
    expect(recognizeImport(v2).aliases).toEqual({
      'claude-sonnet-4-5': 'deepseek-chat',
      'claude-opus-4-1': 'deepseek-reasoner',
      'claude-haiku-4-5': 'deepseek-chat',
    });
  });

  it('says which providers sign in with an account, which apps are left, and which use the Responses API', () => {
    const warnings = recognizeImport(v2).warnings.join('\n');
    expect(warnings).toContain('"Claude Official" (Claude Code) signs in with an account');
    expect(warnings).toContain('"OpenAI Official" (Codex) signs in with an account');
    expect(warnings).toContain('providers for opencode were not imported');
    expect(warnings).toContain('"AiHubMix" was set up for the Responses API');
    expect(warnings).not.toContain('"OpenAI (API key)" was set up for the Responses API');
  });

  it('reads the version 1 file, which held only Claude providers', () => {
    const preview = recognizeImport(readImportFixture('ccswitch-config-v1.json'));
    expect(preview.format).toBe('cc-switch');
    expect(preview.providers).toEqual([
      {
        id: 'zhipu-glm',
        type: 'anthropic',
        baseUrl: 'https://open.bigmodel.cn/api/anthropic',
        models: ['glm-4.5'],
        keys: [{ id: 'key-1', secret: 'fakeid0000.fakesecret00000000j1k2' }],
      },
    ]);
    expect(preview.aliases).toEqual({ 'claude-sonnet-4-5': 'glm-4.5', 'claude-opus-4-1': 'glm-4.5', 'claude-haiku-4-5': 'glm-4.5' });
  });

  it('gives two providers of the same name different ids', () => {
    const file = {
      version: 2,
      claude: { providers: { a: { name: 'Relay', settingsConfig: { env: { ANTHROPIC_BASE_URL: 'https://relay.example.com', ANTHROPIC_AUTH_TOKEN: 'relay-key-000000000001' } } } }, current: 'a' },
      codex: { providers: { b: { name: 'Relay', settingsConfig: { auth: { OPENAI_API_KEY: 'relay-key-000000000002' }, config: 'base_url = "https://relay.example.com/v1"' } } }, current: 'b' },
    };
    expect(recognizeImport(JSON.stringify(file)).providers.map((provider) => provider.id)).toEqual(['relay', 'relay-2']);
  });

  it('never quotes a key in a warning', () => {
    const preview = recognizeImport(v2);
    for (const key of preview.providers.flatMap((provider) => provider.keys)) {
      for (const warning of preview.warnings) expect(warning).not.toContain(key.secret);
    }
  });
});
