import { GatewayError } from '../gateway/gateway-error.js';

/**
 * A request the target format cannot express (SPEC §4: answered with a clear 400, not sent). The
 * message names the feature and the target, so the user knows what to change.
 */
export class UnsupportedFeatureError extends GatewayError {
  constructor(feature: string, target: string) {
    super(400, 'unsupported_feature', `${feature} cannot be sent to the ${target} provider. Remove it, or route this model to a provider that supports it.`);
  }
}
