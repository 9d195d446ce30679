import { describe, expect, it } from 'vitest';
import { clientKeyPlaceholder, clientSnippets, snippetIds } from '../../../src-renderer/lib/snippets.js';

const byId = (baseUrl: string) => Object.fromEntries(clientSnippets(baseUrl).map((snippet) => [snippet.id, snippet]));

describe('the client snippets', () => {
  it('cover every client, each with the placeholder key and never anything that looks like a real one', () => {
    const snippets = clientSnippets('http://127.0.0.1:4780');
    expect(snippets.map((snippet) => snippet.id)).toEqual([...snippetIds]);
    for (const snippet of snippets) {
      expect(snippet.code, snippet.id).toContain(clientKeyPlaceholder);
      expect(snippet.code, snippet.id).not.toMatch(/sk-[A-Za-z0-9]/);
    }
  });

  it('give the OpenAI door /v1 and the Anthropic door the bare origin, for the gateway they are shown on', () => {
    const snippets = byId('http://127.0.0.1:5123/');
    expect(snippets['openai-js']!.code).toContain("baseURL: 'http://127.0.0.1:5123/v1'");
    expect(snippets['openai-python']!.code).toContain('base_url="http://127.0.0.1:5123/v1"');
    expect(snippets['anthropic-js']!.code).toContain("baseURL: 'http://127.0.0.1:5123'");
    expect(snippets['anthropic-python']!.code).toContain('base_url="http://127.0.0.1:5123"');
    expect(snippets.curl!.code).toContain('http://127.0.0.1:5123/v1/chat/completions');
  });

  it('set Claude Code up through its two variables, with the client key as the auth token', () => {
    const code = byId('http://localhost:4780')['claude-code']!.code;
    expect(code).toContain('ANTHROPIC_BASE_URL="http://localhost:4780"');
    expect(code).toContain(`ANTHROPIC_AUTH_TOKEN="${clientKeyPlaceholder}"`);
  });

  it('give Codex a model_providers entry with base_url, env_key and the chat wire API, flagged with its caveat', () => {
    const codex = byId('http://127.0.0.1:4780').codex!;
    expect(codex.code).toContain('[model_providers.switchyard]');
    expect(codex.code).toContain('base_url = "http://127.0.0.1:4780/v1"');
    expect(codex.code).toContain('env_key = "SWITCHYARD_API_KEY"');
    expect(codex.code).toContain('wire_api = "chat"');
    expect(codex.code).toContain('model_provider = "switchyard"');
    expect(codex.caveat).toBe(true);
  });

  it('mark Gemini CLI as not working yet, since it needs the Gemini-native API', () => {
    const gemini = byId('http://127.0.0.1:4780')['gemini-cli']!;
    expect(gemini.code).toContain('GOOGLE_GEMINI_BASE_URL="http://127.0.0.1:4780"');
    expect(gemini.caveat).toBe(true);
    expect(byId('http://127.0.0.1:4780')['openai-js']!.caveat).toBe(false);
  });
});
