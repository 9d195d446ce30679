import { describe, expect, it } from 'vitest';
import { presetToProviderConfig } from '../../../../src-main/providers/openai-compatible/preset-to-provider-config.js';
import { findVendorPreset, vendorPresets, type PresetAuth, type VendorPreset } from '../../../../src-shared/vendor-presets.js';
import { azureOpenAIAdapter } from '../../../../src-main/providers/azure-openai/azure-openai-adapter.js';
import { openaiAdapter } from '../../../../src-main/providers/openai/openai-adapter.js';
import { configSchema } from '../../../../src-shared/config-schema.js';
import { providerTypes, type ProviderType } from '../../../../src-shared/provider-type.js';

/** The key each provider type's adapter sends; a preset must not promise another. */
const authOfType: Record<ProviderType, readonly PresetAuth[]> = {
  openai: ['bearer'],
  'openai-compatible': ['bearer', 'none'],
  anthropic: ['x-api-key'],
  gemini: ['x-goog-api-key'],
  'azure-openai': ['api-key'],
};

const localHosts = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The options that make a preset usable as is: a key, and the user's own endpoint where one is needed. */
function usableOptions(preset: VendorPreset) {
  return {
    keys: ['test-secret'],
    ...(preset.baseUrlPlaceholder ? { baseUrl: preset.baseUrl.replace(preset.baseUrlPlaceholder, 'contoso') } : {}),
  };
}

describe('vendorPresets', () => {
  it('covers every vendor the picker offers', () => {
    const ids = vendorPresets.map((preset) => preset.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'openai',
        'deepseek',
        'xai',
        'mistral',
        'groq',
        'openrouter',
        'moonshot-cn',
        'moonshot-ai',
        'qwen-cn',
        'qwen-intl',
        'zhipu',
        'siliconflow-cn',
        'siliconflow-com',
        'together',
        'fireworks',
        'perplexity',
        'ollama',
        'lm-studio',
        'anthropic',
        'gemini',
        'azure-openai',
      ]),
    );
    for (const type of providerTypes) expect(vendorPresets.some((preset) => preset.type === type)).toBe(true);
  });

  it('has unique ids that are valid provider ids', () => {
    const ids = vendorPresets.map((preset) => preset.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9._-]+$/);
  });

  it('uses https everywhere except servers on this machine, which need no key', () => {
    for (const preset of vendorPresets) {
      const url = new URL(preset.baseUrl);
      if (localHosts.has(url.hostname)) {
        expect(url.protocol, preset.id).toBe('http:');
        expect(preset.auth, preset.id).toBe('none');
      } else {
        expect(url.protocol, preset.id).toBe('https:');
      }
      expect(new URL(preset.docsUrl).protocol, preset.id).toBe('https:');
      // The gateway appends paths such as /chat/completions to the base URL.
      expect(preset.baseUrl.endsWith('/'), preset.id).toBe(false);
    }
  });

  it('promises the auth its adapter sends, with a placeholder key exactly when none is needed', () => {
    for (const preset of vendorPresets) {
      expect(authOfType[preset.type], preset.id).toContain(preset.auth);
      expect(preset.placeholderKey !== undefined, preset.id).toBe(preset.auth === 'none');
    }
    expect(Object.keys(openaiAdapter.authHeaders('k'))).toEqual(['authorization']);
    expect(Object.keys(azureOpenAIAdapter.authHeaders('k'))).toEqual(['api-key']);
  });

  it('names every vendor in English and Chinese and says how it differs where it does', () => {
    for (const preset of vendorPresets) {
      expect(preset.name.trim(), preset.id).not.toBe('');
      expect(preset.nameZh.trim(), preset.id).not.toBe('');
      for (const quirk of preset.quirks) expect(quirk.trim(), preset.id).not.toBe('');
    }
    expect(findVendorPreset('deepseek')!.quirks.join(' ')).toContain('reasoning_content');
    expect(findVendorPreset('groq')!.quirks.join(' ')).toContain('x_groq');
    expect(findVendorPreset('moonshot-cn')!.quirks.join(' ')).toMatch(/Temperature ranges 0–1/);
    expect(findVendorPreset('zhipu')!.baseUrl).toBe('https://open.bigmodel.cn/api/paas/v4');
    expect(findVendorPreset('qwen-cn')!.baseUrl).toBe('https://dashscope.aliyuncs.com/compatible-mode/v1');
    expect(findVendorPreset('qwen-intl')!.baseUrl).toBe('https://dashscope-intl.aliyuncs.com/compatible-mode/v1');
  });

  it('identifies the app to OpenRouter', () => {
    expect(findVendorPreset('openrouter')!.headers).toEqual({ 'HTTP-Referer': expect.any(String), 'X-Title': 'Switchyard' });
  });
});

describe('presetToProviderConfig', () => {
  it('gives every preset a provider entry the config schema accepts, alone and all together', () => {
    const providers = vendorPresets.map((preset) => presetToProviderConfig(preset.id, usableOptions(preset)));
    for (const provider of providers) expect(configSchema.safeParse({ providers: [provider] }).success, provider.id).toBe(true);
    const whole = configSchema.safeParse({ providers });
    expect(whole.success).toBe(true);
  });

  it('fills id, type, base URL, models and key ids from the preset', () => {
    expect(presetToProviderConfig('deepseek', { keys: ['sk-abc', { secret: 'env:DEEPSEEK_KEY_2', priority: 2 }] })).toEqual({
      id: 'deepseek',
      type: 'openai-compatible',
      baseUrl: 'https://api.deepseek.com/v1',
      keys: [
        { id: 'deepseek-1', secret: 'sk-abc' },
        { id: 'deepseek-2', secret: 'env:DEEPSEEK_KEY_2', priority: 2 },
      ],
      models: ['deepseek-chat', 'deepseek-reasoner'],
    });
  });

  it('takes the user\'s provider id, key ids and models, and trims a pasted key', () => {
    const config = presetToProviderConfig('groq', { id: 'groq-team', keys: [{ id: 'team', secret: '  gsk_abc\n' }], models: ['llama-3.1-8b-instant'] });
    expect(config).toMatchObject({ id: 'groq-team', keys: [{ id: 'team', secret: 'gsk_abc' }], models: ['llama-3.1-8b-instant'] });
  });

  it('leaves models out, so the vendor\'s list is fetched, when there are none', () => {
    expect(presetToProviderConfig('openai', { keys: ['sk-x'], models: [] })).not.toHaveProperty('models');
    expect(presetToProviderConfig('ollama', { keys: [] })).not.toHaveProperty('models');
  });

  it('carries the preset\'s headers', () => {
    expect(presetToProviderConfig('openrouter', { keys: ['sk-or-v1-x'] }).headers).toEqual({ 'HTTP-Referer': 'http://localhost', 'X-Title': 'Switchyard' });
  });

  it('puts in a placeholder key for local servers that need none', () => {
    expect(presetToProviderConfig('ollama', { keys: [] }).keys).toEqual([{ id: 'ollama-local', secret: 'ollama' }]);
    expect(presetToProviderConfig('lm-studio', { keys: [] }).keys).toEqual([{ id: 'lm-studio-local', secret: 'lm-studio' }]);
    expect(presetToProviderConfig('ollama', { keys: [], baseUrl: 'http://192.168.1.9:11434/v1' }).baseUrl).toBe('http://192.168.1.9:11434/v1');
  });

  it('refuses a vendor that needs a key when none is given', () => {
    expect(() => presetToProviderConfig('anthropic', { keys: [] })).toThrow('Anthropic (Claude) needs an API key.');
  });

  it('builds an Azure entry with the resource URL, api-version and deployments, and refuses the placeholder URL', () => {
    expect(() => presetToProviderConfig('azure-openai', { keys: ['k'] })).toThrow(/replace "your-resource-name"/);
    const config = presetToProviderConfig('azure-openai', {
      keys: ['env:AZURE_OPENAI_KEY'],
      baseUrl: 'https://contoso.openai.azure.com',
      deployments: { 'gpt-4o': 'prod-gpt4o' },
    });
    expect(config).toEqual({
      id: 'azure-openai',
      type: 'azure-openai',
      baseUrl: 'https://contoso.openai.azure.com',
      keys: [{ id: 'azure-openai-1', secret: 'env:AZURE_OPENAI_KEY' }],
      apiVersion: '2024-10-21',
      deployments: { 'gpt-4o': 'prod-gpt4o' },
    });
  });

  it('refuses an unknown preset and what the schema refuses', () => {
    expect(() => presetToProviderConfig('nope', { keys: ['k'] })).toThrow(/Unknown vendor preset "nope"/);
    expect(() => presetToProviderConfig('openai', { keys: ['k'], baseUrl: 'ftp://example.com' })).toThrow();
    expect(() => presetToProviderConfig('openai', { keys: ['a', { id: 'openai-1', secret: 'b' }] })).toThrow(/duplicate key id/);
  });

  it('hands out copies: changing a config does not change the preset', () => {
    const config = presetToProviderConfig('openrouter', { keys: ['k'] });
    config.models!.push('mutated');
    config.headers!['X-Title'] = 'mutated';
    expect(findVendorPreset('openrouter')!.defaultModels).not.toContain('mutated');
    expect(findVendorPreset('openrouter')!.headers!['X-Title']).toBe('Switchyard');
  });
});
