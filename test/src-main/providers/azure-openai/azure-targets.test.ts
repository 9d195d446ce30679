import { describe, expect, it } from 'vitest';
import { configSchema, type ProviderConfig } from '../../../../src-shared/config-schema.js';
import {
  azureApiVersion,
  azureDeploymentFor,
  azureDeploymentTarget,
  azureModelsTarget,
  defaultAzureApiVersion,
} from '../../../../src-main/providers/azure-openai/azure-targets.js';

function azureProvider(extra: Record<string, unknown> = {}): ProviderConfig {
  return configSchema.parse({
    providers: [
      { id: 'azure', type: 'azure-openai', baseUrl: 'https://res.openai.azure.com', keys: [{ id: 'k', secret: 'key' }], ...extra },
    ],
  }).providers[0]!;
}

describe('azure targets', () => {
  it('uses the configured api-version, or the GA default that accepts stream_options', () => {
    expect(defaultAzureApiVersion).toBe('2024-10-21');
    expect(azureApiVersion(azureProvider())).toBe('2024-10-21');
    expect(azureApiVersion(azureProvider({ apiVersion: '2025-04-01-preview' }))).toBe('2025-04-01-preview');
  });

  it('maps a model to its deployment, and an unmapped model to a deployment of the same name', () => {
    const provider = azureProvider({ deployments: { 'gpt-4o': 'prod-gpt4o' } });
    expect(azureDeploymentFor(provider, 'gpt-4o')).toBe('prod-gpt4o');
    expect(azureDeploymentFor(provider, 'gpt-4o-mini')).toBe('gpt-4o-mini');
    expect(azureDeploymentFor(azureProvider(), 'gpt-4o')).toBe('gpt-4o');
  });

  it('builds deployment paths with the api-version query', () => {
    const provider = azureProvider({ apiVersion: '2024-10-21', deployments: { 'gpt-4o': 'prod-gpt4o', 'text-embedding-3-small': 'embed' } });
    expect(azureDeploymentTarget(provider, 'gpt-4o', 'chat/completions')).toEqual({
      path: '/openai/deployments/prod-gpt4o/chat/completions',
      query: { 'api-version': '2024-10-21' },
    });
    expect(azureDeploymentTarget(provider, 'text-embedding-3-small', 'embeddings')).toEqual({
      path: '/openai/deployments/embed/embeddings',
      query: { 'api-version': '2024-10-21' },
    });
  });

  it('escapes a deployment name so it stays one path segment', () => {
    const provider = azureProvider({ deployments: { odd: 'a/b c' } });
    expect(azureDeploymentTarget(provider, 'odd', 'chat/completions').path).toBe('/openai/deployments/a%2Fb%20c/chat/completions');
  });

  it('lists models at /openai/models with the api-version', () => {
    expect(azureModelsTarget(azureProvider({ apiVersion: '2024-06-01' }))).toEqual({
      path: '/openai/models',
      query: { 'api-version': '2024-06-01' },
    });
  });
});
