import type { InboundCodec } from '../../conversion/inbound-codec.js';
import { anthropicErrorBody } from './anthropic-error-body.js';
import { createAnthropicStreamEncoder } from './anthropic-stream-encoder.js';
import { decodeAnthropicRequest } from './decode-anthropic-request.js';
import { encodeAnthropicResponse } from './encode-anthropic-response.js';

/**
 * The Anthropic Messages door (`POST /v1/messages`) for requests routed to another vendor. Usage is
 * always part of an Anthropic stream, so `includeUsage` does not change the encoder.
 */
export const anthropicInboundCodec: InboundCodec = {
  format: 'anthropic-messages',
  decodeRequest: (body) => decodeAnthropicRequest(body),
  // Every body this door accepts is a Messages body.
  needsConversion: () => false,
  encodeResponse: (response, context) => ({ ...encodeAnthropicResponse(response, context) }),
  createStreamEncoder: (context) => createAnthropicStreamEncoder(context),
  errorBody: (error) => ({ ...anthropicErrorBody(error) }),
};
