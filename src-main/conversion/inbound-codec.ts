import type { WireFormat } from './wire-format.js';
import type { ChatRequest } from './chat-request.js';
import type { ChatResponse } from './chat-response.js';
import type { ContractError } from './contract-error.js';
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
  /** Throws a 400 `ContractError` (`invalid_request`, `unsupported_feature`) naming what is wrong with the body. */
  decodeRequest(body: Record<string, unknown>): ChatRequest;
  /**
   * Whether the body, though this door understands it, is not in the door's own format, so that it
   * must be decoded and converted for every candidate: nothing can pass through untouched.
   */
  needsConversion(body: Record<string, unknown>): boolean;
  encodeResponse(response: ChatResponse, context: EncodeResponseContext): Record<string, unknown>;
  createStreamEncoder(context: EncodeResponseContext & { includeUsage: boolean }): StreamEncoder;
  /** An error in this door's shape: one of ours (from the catalogue) or a vendor's. */
  errorBody(error: ContractError | UpstreamError): Record<string, unknown>;
}
