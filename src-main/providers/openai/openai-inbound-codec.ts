import type { InboundCodec } from '../../conversion/inbound-codec.js';
import { decodeGeminiStyleBody, isGeminiStyleBody } from '../gemini/gemini-style-openai-body.js';
import { decodeOpenAIChatRequest } from './decode-openai-chat-request.js';
import { encodeOpenAIChatResponse } from './encode-openai-chat-response.js';
import { openaiErrorBody } from './openai-error-body.js';
import { createOpenAIStreamEncoder } from './openai-stream-encoder.js';

/**
 * The OpenAI door (`POST /v1/chat/completions`) when the routed provider speaks another format.
 *
 * A seed behaviour of this door: a body that carries Gemini's `contents` instead of `messages` is
 * understood too, so a client written for Gemini only has to change its URL. Such a body is not an
 * OpenAI body, so it is converted for every candidate, OpenAI providers included.
 */
export const openaiInboundCodec: InboundCodec = {
  format: 'openai-chat',
  decodeRequest: (body) => (isGeminiStyleBody(body) ? decodeGeminiStyleBody(body) : decodeOpenAIChatRequest(body)),
  needsConversion: isGeminiStyleBody,
  encodeResponse: encodeOpenAIChatResponse,
  createStreamEncoder: createOpenAIStreamEncoder,
  errorBody: openaiErrorBody,
};
