import type { WireFormat } from './wire-format.js';
import type { ChatRequest } from './chat-request.js';
import type { ChatResponse } from './chat-response.js';
import type { StreamPart, UpstreamError } from './stream-part.js';

export interface StreamEncoder {
  /** SSE text for this part; '' when the client's format has nothing to say for it. */
  encode(part: StreamPart): string;
}

export interface EncodeResponseContext {
  /** The model name the client asked for: echoed back, as OpenAI and Anthropic do. */
  requestedModel: string;
}

/**
 * One client-facing format (an inbound door): decodes its requests to the internal contract and
 * encodes internal answers, streams and errors back in its own shape.
 */
export interface InboundCodec {
  readonly format: WireFormat;
  /** Throws a 400 `GatewayError` naming what is wrong with the body. */
  decodeRequest(body: Record<string, unknown>): ChatRequest;
  encodeResponse(response: ChatResponse, context: EncodeResponseContext): Record<string, unknown>;
  createStreamEncoder(context: EncodeResponseContext & { includeUsage: boolean }): StreamEncoder;
  errorBody(error: UpstreamError): Record<string, unknown>;
}
