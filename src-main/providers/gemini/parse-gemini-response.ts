import { randomBytes } from 'node:crypto';
import type { ChatResponse } from '../../conversion/chat-response.js';
import { ContractError } from '../../conversion/contract-error.js';
import { emptyUsage } from '../../../src-shared/usage.js';
import { convertGeminiUsage } from './convert-gemini-usage.js';
import { createToolCallIdSource, decodeGeminiModelParts } from './decode-gemini-contents.js';
import { geminiGenerateContentResponseSchema } from './gemini-api.js';
import { mapGeminiFinishReason } from './map-gemini-finish-reason.js';

/**
 * A non-stream generateContent answer as the internal response. Only the first candidate is read
 * (Switchyard never asks for more). A prompt blocked before any generation comes back with no
 * candidates and a promptFeedback.blockReason: a content-filter stop with no content.
 */
export function parseGeminiResponse(body: unknown): ChatResponse {
  const parsed = geminiGenerateContentResponseSchema.safeParse(body);
  if (!parsed.success) {
    throw new ContractError('invalid_upstream_response', 'The Gemini provider answered with a body that is not a generateContent response.');
  }
  const answer = parsed.data;
  const candidate = answer.candidates?.[0];
  const content = decodeGeminiModelParts(candidate?.content?.parts ?? [], createToolCallIdSource(answer.responseId));
  const hasToolCalls = content.some((part) => part.type === 'tool-call');
  const blocked = !candidate && answer.promptFeedback?.blockReason != null;
  return {
    id: answer.responseId ?? `gemini-${randomBytes(12).toString('hex')}`,
    model: answer.modelVersion ?? '',
    content,
    finishReason: blocked ? 'content-filter' : mapGeminiFinishReason(candidate?.finishReason, hasToolCalls),
    usage: answer.usageMetadata ? convertGeminiUsage(answer.usageMetadata) : emptyUsage(),
    rawUsage: answer.usageMetadata ?? null,
  };
}
