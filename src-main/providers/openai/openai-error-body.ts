import type { UpstreamError } from '../../conversion/stream-part.js';

/** An upstream error in OpenAI's shape (SPEC §4), as the OpenAI door answers every error. */
export function openaiErrorBody(error: UpstreamError): { error: { message: string; type: string; param: null; code: string | null } } {
  return { error: { message: error.message, type: error.type, param: null, code: error.code ?? null } };
}
