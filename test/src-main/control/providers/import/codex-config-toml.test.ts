import { describe, expect, it } from 'vitest';
import { readCodexConfigToml } from '../../../../../src-main/control/providers/import/codex-config-toml.js';

describe('readCodexConfigToml', () => {
  it("reads the active provider's base_url and wire_api, and the model", () => {
    const text = [
      'model_provider = "relay" # the one in use',
      "model = 'gpt-5-codex'",
      '',
      '[model_providers.other]',
      'base_url = "https://other.example.com/v1"',
      '',
      '[model_providers.relay]',
      'name = "Relay"',
      'base_url = "https://relay.example.com/v1"',
      'wire_api = "chat"',
    ].join('\n');
    expect(readCodexConfigToml(text)).toEqual({ model: 'gpt-5-codex', baseUrl: 'https://relay.example.com/v1', wireApi: 'chat' });
  });

  it('falls back to a top-level base_url, and reads nothing from what is not TOML', () => {
    expect(readCodexConfigToml('base_url = "https://top.example.com/v1"')).toEqual({ baseUrl: 'https://top.example.com/v1' });
    expect(readCodexConfigToml('{"not": "toml"}')).toEqual({});
  });
});
