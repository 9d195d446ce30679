import { errorCodeEntry } from '../../../src-shared/error-codes.js';
import { isContractError, type ContractError, type UpstreamStatement } from '../../conversion/contract-error.js';
import type { UpstreamError } from '../../conversion/stream-part.js';

// A type, not an interface: a door's error body is a plain JSON record (InboundCodec.errorBody).
export type OpenAIErrorBody = {
  error: { message: string; type: string; param: null; code: string | null; upstream?: UpstreamStatement; field?: string };
};

/**
 * An error in OpenAI's shape, as the OpenAI door (and every route outside the Anthropic door)
 * answers: one of ours takes its type from the catalogue, a vendor's keeps its own type and code.
 */
export function openaiErrorBody(error: ContractError | UpstreamError): OpenAIErrorBody {
  if (isContractError(error)) {
    const body = { message: error.message, type: errorCodeEntry(error.code).openaiType, param: null, code: error.code };
    // `field`: the control API's refusals name the input field at fault, for the window to mark it.
    const located = error.field === undefined ? body : { ...body, field: error.field };
    return { error: error.upstream === undefined ? located : { ...located, upstream: error.upstream } };
  }
  return { error: { message: error.message, type: error.type, param: null, code: error.code ?? null } };
}
