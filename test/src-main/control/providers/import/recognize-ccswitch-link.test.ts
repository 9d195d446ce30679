import { describe, expect, it } from 'vitest';
import { recognizeImport } from '../../../../../src-main/control/providers/import/recognize-import.js';
import { isImportNotRecognized, thrownBy } from './import-fixtures.js';

function link(parameters: Record<string, string>): string {
  return `ccswitch://v1/import?${new URLSearchParams(parameters).toString()}`;
}

describe('recognizeImport: a ccswitch:// link', () => {
  it('imports a Claude provider with its key, models and the aliases Claude Code needs', () => {
    const preview = recognizeImport(
      link({
        resource: 'provider',
        app: 'claude',
        name: 'Zhipu GLM',
        homepage: 'https://bigmodel.cn',
        endpoint: 'https://open.bigmodel.cn/api/anthropic',
        apiKey: 'fakeid0000.fakesecret00000000link',
        model: 'glm-4.5',
        haikuModel: 'glm-4.5-air',
      }),
    );
    expect(preview).toEqual({
      format: 'ccswitch-link',
      providers: [
        {
          id: 'zhipu-glm',
          type: 'anthropic',
          baseUrl: 'https://open.bigmodel.cn/api/anthropic',
          models: ['glm-4.5', 'glm-4.5-air'],
          keys: [{ id: 'key-1', secret: 'fakeid0000.fakesecret00000000link' }],
        },
      ],
      aliases: { 'claude-sonnet-4-5': 'glm-4.5', 'claude-opus-4-1': 'glm-4.5', 'claude-haiku-4-5': 'glm-4.5-air' },
      warnings: [],
    });
  });

  it('imports a Codex provider as OpenAI-compatible, and a Gemini one as Gemini', () => {
    const codex = recognizeImport(link({ resource: 'provider', app: 'codex', name: 'Relay', endpoint: 'https://relay.example.com/v1/', apiKey: 'sk-fake-relay-00000000000000000001', model: 'gpt-5-codex' }));
    expect(codex.providers[0]).toMatchObject({ id: 'relay', type: 'openai-compatible', baseUrl: 'https://relay.example.com/v1', models: ['gpt-5-codex'] });
    const gemini = recognizeImport(link({ resource: 'provider', app: 'gemini', name: 'Gemini', apiKey: 'AIzaFAKE-000000000000000000000001' }));
    expect(gemini.providers[0]).toMatchObject({ id: 'gemini', type: 'gemini', preset: 'gemini', baseUrl: 'https://generativelanguage.googleapis.com' });
  });

  it('reads the base64 config a link may carry, with the link\'s own fields winning', () => {
    const config = Buffer.from(
      JSON.stringify({ env: { ANTHROPIC_BASE_URL: 'https://api.moonshot.cn/anthropic', ANTHROPIC_AUTH_TOKEN: 'sk-fake-from-config-000000000001', ANTHROPIC_MODEL: 'kimi-k2-turbo-preview' } }),
    ).toString('base64');
    // cc-switch accepts `+` turned into a space and missing padding; so does this.
    const mangled = config.replace(/\+/g, ' ').replace(/=+$/, '');
    const preview = recognizeImport(`ccswitch://v1/import?resource=provider&app=claude&name=Kimi&model=kimi-k2-0905-preview&config=${mangled}`);
    expect(preview.providers[0]).toMatchObject({
      baseUrl: 'https://api.moonshot.cn/anthropic',
      models: ['kimi-k2-0905-preview'],
      keys: [{ id: 'key-1', secret: 'sk-fake-from-config-000000000001' }],
    });
  });

  it('reads a Codex link whose config is config.toml', () => {
    const toml = 'model_provider = "custom"\nmodel = "gpt-5"\n\n[model_providers.custom]\nbase_url = "https://codex-relay.example.com/v1"\nwire_api = "chat"\n';
    const preview = recognizeImport(
      link({ resource: 'provider', app: 'codex', name: 'Codex relay', apiKey: 'sk-fake-codex-relay-000000000001', configFormat: 'toml', config: Buffer.from(toml).toString('base64') }),
    );
    expect(preview.providers[0]).toMatchObject({ baseUrl: 'https://codex-relay.example.com/v1', models: ['gpt-5'] });
    expect(preview.warnings).toEqual([]);
  });

  it('uses the first of several endpoints and says so', () => {
    const preview = recognizeImport(
      link({ resource: 'provider', app: 'claude', name: 'Relay', endpoint: 'https://a.example.com, https://b.example.com', apiKey: 'sk-fake-relay-00000000000000000002' }),
    );
    expect(preview.providers[0]?.baseUrl).toBe('https://a.example.com');
    expect(preview.warnings).toEqual(['The link offers 2 addresses; Switchyard uses the first. Add the others as providers of their own if you want them as fallbacks.']);
  });

  it('refuses links that import something other than a provider, or for other apps, saying which', () => {
    const prompt = thrownBy(() => recognizeImport(link({ resource: 'prompt', app: 'claude', name: 'x', content: 'aGk=' })));
    expect(isImportNotRecognized(prompt)).toBe(true);
    expect((prompt as Error).message).toContain('only provider links');
    const other = thrownBy(() => recognizeImport(link({ resource: 'provider', app: 'opencode', name: 'x', apiKey: 'sk-fake-secret-0000000000000' })));
    expect(isImportNotRecognized(other)).toBe(true);
    expect((other as Error).message).not.toContain('sk-fake-secret');
    expect(isImportNotRecognized(thrownBy(() => recognizeImport('ccswitch://v2/export?resource=provider')))).toBe(true);
  });

  it('imports a link without a key under an environment variable, never inventing one', () => {
    const preview = recognizeImport(link({ resource: 'provider', app: 'claude', name: 'PackyCode', endpoint: 'https://www.packyapi.ai' }));
    expect(preview.providers[0]?.keys).toEqual([{ id: 'key-1', secret: 'env:PACKYCODE_API_KEY' }]);
    expect(preview.warnings[0]).toContain('PACKYCODE_API_KEY');
  });
});
