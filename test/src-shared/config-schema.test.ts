import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { defaultCnyPerUsd } from '../../src-shared/balance-sources.js';
import { configSchema, formatIssuePath } from '../../src-shared/config-schema.js';
import { aliasTarget } from '../../src-shared/model-alias.js';

function firstIssue(input: unknown): string {
  const result = configSchema.safeParse(input);
  if (result.success) throw new Error('expected the config to be refused');
  const issue = result.error.issues[0]!;
  return `${formatIssuePath(issue.path)}: ${issue.message}`;
}

describe('configSchema', () => {
  it('accepts the example with every provider type exactly as written', () => {
    const example = readFileSync(new URL('../fixtures/config/every-provider-type.json', import.meta.url), 'utf8');
    const parsed = configSchema.parse(JSON.parse(example));
    expect(parsed.providers.map((provider) => provider.type)).toEqual([
      'openai',
      'anthropic',
      'gemini',
      'azure-openai',
      'openai-compatible',
    ]);
    expect(parsed.routing).toEqual({ strategy: 'priority', retries: 2, timeoutMs: 120_000, failureThreshold: 3, cooldownMs: 30_000 });
    expect(parsed.prices['gpt-4o']?.cachedInputPerMTok).toBe(1.25);
  });

  it("accepts the README's Quick-start config exactly as written", () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /## Quick start[\s\S]*?```json\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example, "README.md's Quick-start config not found").toBeTruthy();
    // Indented as a list item's code block; JSON does not mind.
    const parsed = configSchema.parse(JSON.parse(example!));
    expect(parsed.providers.map((provider) => provider.id)).toEqual(['openai-main', 'deepseek']);
    // Claude Code's model names are routed, each to a model a provider of the example serves.
    expect(Object.keys(parsed.modelAliases)).toEqual(expect.arrayContaining(['claude-sonnet-4-5', 'claude-opus-4-1', 'claude-haiku-4-5']));
    const served = parsed.providers.flatMap((provider) => provider.models ?? []);
    for (const [alias, target] of Object.entries(parsed.modelAliases)) expect(served, alias).toContain(aliasTarget(target));
  });

  it('fills defaults for an empty file', () => {
    expect(configSchema.parse({})).toEqual({
      clients: [],
      providers: [],
      modelAliases: {},
      routing: { strategy: 'priority', retries: 2, timeoutMs: 120_000, failureThreshold: 3, cooldownMs: 30_000 },
      prices: {},
      currency: { cnyPerUsd: defaultCnyPerUsd },
    });
  });

  it('names the field of an unknown key', () => {
    expect(
      firstIssue({ providers: [{ id: 'a', type: 'openai', baseUrl: 'https://x.test/v1', keys: [{ id: 'k', secret: 's', prioriy: 1 }] }] }),
    ).toBe('providers[0].keys[0]: Unrecognized key: "prioriy"');
  });

  it('names the field of a wrong type and of a bad enum', () => {
    expect(firstIssue({ routing: { retries: 'two' } })).toMatch(/^routing\.retries: /);
    expect(firstIssue({ routing: { strategy: 'cheapest' } })).toMatch(/^routing\.strategy: /);
    expect(firstIssue({ providers: [{ id: 'a', type: 'bedrock', baseUrl: 'https://x.test', keys: [{ id: 'k', secret: 's' }] }] })).toMatch(
      /^providers\[0\]\.type: /,
    );
  });

  it('takes a budget period per key, total when left out, and names a wrong one', () => {
    const keys = [
      { id: 'm', secret: 's', budgetUsd: 5, budgetPeriod: 'monthly' },
      { id: 'd', secret: 's', budgetUsd: 1, budgetPeriod: 'daily' },
      { id: 't', secret: 's', budgetUsd: 9 },
    ];
    const parsed = configSchema.parse({ providers: [{ id: 'a', type: 'openai', baseUrl: 'https://x.test', keys }] });
    expect(parsed.providers[0]!.keys.map((key) => key.budgetPeriod ?? 'total')).toEqual(['monthly', 'daily', 'total']);
    expect(
      firstIssue({ providers: [{ id: 'a', type: 'openai', baseUrl: 'https://x.test', keys: [{ id: 'k', secret: 's', budgetPeriod: 'weekly' }] }] }),
    ).toMatch(/^providers\[0\]\.keys\[0\]\.budgetPeriod: /);
  });

  it('refuses duplicate provider and key ids', () => {
    const key = { id: 'k', secret: 's' };
    expect(
      firstIssue({
        providers: [
          { id: 'a', type: 'openai', baseUrl: 'https://x.test', keys: [key] },
          { id: 'a', type: 'openai', baseUrl: 'https://y.test', keys: [key] },
        ],
      }),
    ).toBe('providers[1].id: duplicate provider id "a"');
    expect(firstIssue({ providers: [{ id: 'a', type: 'openai', baseUrl: 'https://x.test', keys: [key, key] }] })).toBe(
      'providers[0].keys[1].id: duplicate key id "k"',
    );
  });

  it('refuses a provider id that could not be used in /proxy/{providerId}/ or providerId/model', () => {
    expect(firstIssue({ providers: [{ id: 'a/b', type: 'openai', baseUrl: 'https://x.test', keys: [{ id: 'k', secret: 's' }] }] })).toMatch(
      /^providers\[0\]\.id: use letters/,
    );
  });
});

describe('vendor presets in the config', () => {
  it('fills type, base URL and headers from a preset, the entry winning', () => {
    const parsed = configSchema.parse({
      providers: [
        { id: 'ds', preset: 'deepseek', keys: [{ id: 'k', secret: 'env:DEEPSEEK_API_KEY' }] },
        { id: 'or', preset: 'openrouter', keys: [{ id: 'k', secret: 's' }], headers: { 'X-Title': 'My tool' } },
      ],
    });
    expect(parsed.providers[0]).toMatchObject({ type: 'openai-compatible', baseUrl: 'https://api.deepseek.com/v1' });
    expect(parsed.providers[1]!.headers).toEqual({ 'HTTP-Referer': 'http://localhost', 'X-Title': 'My tool' });
  });

  it('gives a local server that needs no key a stand-in one', () => {
    const parsed = configSchema.parse({ providers: [{ id: 'local', preset: 'ollama' }] });
    expect(parsed.providers[0]).toMatchObject({ baseUrl: 'http://localhost:11434/v1', keys: [{ id: 'local', secret: 'ollama' }] });
  });

  it('names an unknown preset, and a preset URL still holding its placeholder', () => {
    expect(firstIssue({ providers: [{ id: 'x', preset: 'nope', keys: [{ id: 'k', secret: 's' }] }] })).toMatch(/^providers\[0\]\.preset: Invalid option/);
    expect(firstIssue({ providers: [{ id: 'az', preset: 'azure-openai', keys: [{ id: 'k', secret: 's' }] }] })).toBe(
      'providers[0].baseUrl: replace "your-resource-name" with your own Azure OpenAI endpoint',
    );
  });
});
