import { ContractError } from './contract-error.js';

/**
 * A request the target format cannot express: answered with a clear 400, not sent. The message names
 * the feature and the target, so the user knows what to change. The gateway tries the next candidate
 * on this code, since another family may express the request.
 */
export function unsupportedFeature(feature: string, target: string): ContractError<'unsupported_feature'> {
  return new ContractError(
    'unsupported_feature',
    `${feature} cannot be sent to the ${target} provider. Remove it, or route this model to a provider that supports it.`,
  );
}
