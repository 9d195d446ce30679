import type { ProviderConfig } from '../../../src-shared/config-schema.js';
import type { UpstreamTarget } from '../provider-adapter.js';

/**
 * The latest GA data-plane inference version when this was written. It is the first GA version that
 * takes `stream_options.include_usage`, which Switchyard adds to streams to record their usage;
 * older versions refuse that field with a 400.
 */
export const defaultAzureApiVersion = '2024-10-21';

export function azureApiVersion(provider: ProviderConfig): string {
  return provider.apiVersion ?? defaultAzureApiVersion;
}

/**
 * Azure routes by deployment (a name the user chose in the portal), not by model. A model listed in
 * `deployments` goes to that deployment; any other model name is used as the deployment name itself,
 * because naming a deployment after its model is the portal's default and the common setup.
 */
export function azureDeploymentFor(provider: ProviderConfig, model: string): string {
  return provider.deployments?.[model] ?? model;
}

/** `/openai/deployments/{deployment}/{operation}?api-version=…`; every data-plane call needs the version. */
export function azureDeploymentTarget(provider: ProviderConfig, model: string, operation: 'chat/completions' | 'embeddings'): UpstreamTarget {
  return {
    path: `/openai/deployments/${encodeURIComponent(azureDeploymentFor(provider, model))}/${operation}`,
    query: { 'api-version': azureApiVersion(provider) },
  };
}

export function azureModelsTarget(provider: ProviderConfig): UpstreamTarget {
  return { path: '/openai/models', query: { 'api-version': azureApiVersion(provider) } };
}
