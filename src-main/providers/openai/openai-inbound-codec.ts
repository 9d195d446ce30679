import type { InboundCodec } from '../../conversion/inbound-codec.js';
import { decodeOpenAIChatRequest } from './decode-openai-chat-request.js';
import { encodeOpenAIChatResponse } from './encode-openai-chat-response.js';
import { openaiErrorBody } from './openai-error-body.js';
import { createOpenAIStreamEncoder } from './openai-stream-encoder.js';

/** The OpenAI door (`POST /v1/chat/completions`) when the routed provider speaks another format. */
export const openaiInboundCodec: InboundCodec = {
  format: 'openai-chat',
  decodeRequest: decodeOpenAIChatRequest,
  encodeResponse: encodeOpenAIChatResponse,
  createStreamEncoder: createOpenAIStreamEncoder,
  errorBody: openaiErrorBody,
};
