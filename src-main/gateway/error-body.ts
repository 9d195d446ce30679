import { anthropicInboundCodec } from '../providers/anthropic/anthropic-inbound-codec.js';
import { GatewayError, openaiErrorBody } from './gateway-error.js';

/**
 * Errors answer in the caller's own format (SPEC §4): Anthropic's shape on the Messages door,
 * OpenAI's everywhere else.
 */
export function errorBodyFor(url: string, error: GatewayError): Record<string, unknown> {
  if (url.startsWith('/v1/messages')) {
    const body = anthropicInboundCodec.errorBody({ status: error.status, type: error.type, message: error.message, code: error.code });
    return error.upstream === undefined ? body : { ...body, error: { ...(body.error as object), upstream: error.upstream } };
  }
  return openaiErrorBody(error);
}
