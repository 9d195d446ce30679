import { describe, expect, it } from 'vitest';
import { recognizeImport } from '../../../../../src-main/control/providers/import/recognize-import.js';
import { readImportFixture } from './import-fixtures.js';

describe('recognizeImport: a claude-code-router config.json', () => {
  const file = readImportFixture('ccr-config.json');

  it('reads the file with its comments and trailing commas, as claude-code-router (JSON5) does', () => {
    const preview = recognizeImport(file);
    expect(preview.format).toBe('claude-code-router');
    expect(preview.providers.map((provider) => provider.id)).toEqual(['openrouter', 'deepseek', 'ollama', 'gemini', 'dashscope', 'volcengine']);
  });

  it('strips the endpoint from api_base_url and uses the vendor preset where the host is a known one', () => {
    const byId = new Map(recognizeImport(file).providers.map((provider) => [provider.id, provider]));
    expect([...byId.values()].map((provider) => [provider.id, provider.preset, provider.type, provider.baseUrl])).toEqual([
      ['openrouter', 'openrouter', 'openai-compatible', 'https://openrouter.ai/api/v1'],
      ['deepseek', 'deepseek', 'openai-compatible', 'https://api.deepseek.com/v1'],
      ['ollama', 'ollama', 'openai-compatible', 'http://localhost:11434/v1'],
      ['gemini', 'gemini', 'gemini', 'https://generativelanguage.googleapis.com'],
      ['dashscope', 'qwen-cn', 'openai-compatible', 'https://dashscope.aliyuncs.com/compatible-mode/v1'],
      ['volcengine', undefined, 'openai-compatible', 'https://ark.cn-beijing.volces.com/api/v3'],
    ]);
    expect(byId.get('deepseek')?.models).toEqual(['deepseek-chat', 'deepseek-reasoner']);
  });

  it('turns $VAR and ${VAR} keys into env: references, and keeps literal keys as written', () => {
    const secrets = Object.fromEntries(recognizeImport(file).providers.map((provider) => [provider.id, provider.keys.map((key) => key.secret)]));
    expect(secrets).toEqual({
      openrouter: ['env:OPENROUTER_API_KEY'],
      deepseek: ['sk-fake-deepseek-0000000000000000l3m4'],
      ollama: ['ollama'],
      gemini: ['env:GEMINI_API_KEY'],
      dashscope: ['env:DASHSCOPE_API_KEY'],
      volcengine: ['fake-volc-0000000000000000n5o6'],
    });
  });

  it('points Claude Code\'s names at Router.default, and its haiku name at Router.background', () => {
    expect(recognizeImport(file).aliases).toEqual({
      'claude-sonnet-4-5': 'deepseek-chat',
      'claude-opus-4-1': 'deepseek-chat',
      'claude-haiku-4-5': 'qwen2.5-coder:latest',
    });
  });

  it('warns for transformers, task routes, the custom router and the access key it cannot bring over', () => {
    const warnings = recognizeImport(file).warnings.join('\n');
    expect(warnings).toContain('"deepseek" used the tooluse transformer');
    expect(warnings).toContain('"dashscope" used the maxtoken, enhancetool transformers');
    expect(warnings).toContain('"dashscope" has no key written down; it reads the environment variable DASHSCOPE_API_KEY');
    expect(warnings).toContain('Router.think was not imported');
    expect(warnings).toContain('Router.longContext was not imported');
    expect(warnings).toContain('Router.webSearch was not imported');
    expect(warnings).toContain('CUSTOM_ROUTER_PATH');
    expect(warnings).toContain('(APIKEY) was not imported');
    expect(warnings).not.toContain('ccr-local-secret-0000');
    // openrouter, deepseek and gemini transformers are what Switchyard's presets and adapters do anyway.
    expect(warnings).not.toMatch(/the (openrouter|gemini|deepseek) transformer/);
  });

  it('takes the lowercase `providers` spelling and the Anthropic transformer', () => {
    const config = {
      providers: [{ name: 'Claude direct', api_base_url: 'https://api.anthropic.com/v1/messages', api_key: 'sk-ant-fake-000000000000000000', models: ['claude-sonnet-4-5'], transformer: { use: ['Anthropic'] } }],
      Router: { default: 'Claude direct,claude-sonnet-4-5' },
    };
    const preview = recognizeImport(JSON.stringify(config));
    expect(preview.providers).toEqual([
      { id: 'claude-direct', preset: 'anthropic', type: 'anthropic', baseUrl: 'https://api.anthropic.com', models: ['claude-sonnet-4-5'], keys: [{ id: 'key-1', secret: 'sk-ant-fake-000000000000000000' }] },
    ]);
    // A Claude name served under its own name needs no alias for itself, but opus still does.
    expect(preview.aliases).toEqual({ 'claude-opus-4-1': 'claude-sonnet-4-5', 'claude-haiku-4-5': 'claude-sonnet-4-5' });
  });

  it('adds a Router model the provider did not list, so the alias has a provider that serves it', () => {
    const config = {
      Providers: [{ name: 'relay', api_base_url: 'https://relay.example.com/v1/chat/completions', api_key: 'relay-key-0000000000000001', models: ['model-a'] }],
      Router: { default: 'relay,model-b' },
    };
    const preview = recognizeImport(JSON.stringify(config));
    expect(preview.providers[0]?.models).toEqual(['model-a', 'model-b']);
    expect(preview.aliases['claude-sonnet-4-5']).toBe('model-b');
  });

  it('leaves out a provider that signs in through Vertex, and the routes that pointed at it', () => {
    const config = {
      Providers: [{ name: 'vertex', api_base_url: 'https://us-central1-aiplatform.googleapis.com/v1/projects/p/locations/us-central1/publishers/google/models/', api_key: '', models: ['gemini-2.5-pro'], transformer: { use: ['vertex-gemini'] } }],
      Router: { default: 'vertex,gemini-2.5-pro' },
    };
    const preview = recognizeImport(JSON.stringify(config));
    expect(preview.providers).toEqual([]);
    expect(preview.aliases).toEqual({});
    expect(preview.warnings.join('\n')).toContain('"vertex" was left out: it signs in through the vertex-gemini transformer');
    expect(preview.warnings.join('\n')).toContain('Router.default names the provider "vertex", which was not imported.');
  });

  it('leaves out a provider whose api_base_url is no URL, saying so without its key', () => {
    const config = { Providers: [{ name: 'broken', api_base_url: 'not a url', api_key: 'sk-fake-broken-0000000000000000' }] };
    const preview = recognizeImport(JSON.stringify(config));
    expect(preview.providers).toEqual([]);
    expect(preview.warnings).toEqual(['"broken" was left out: its api_base_url is not an http(s) URL.']);
  });
});
