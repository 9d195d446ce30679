import { ContractError } from '../conversion/contract-error.js';

/** A control method whose implementation has not landed yet: a clear 501, never a silent empty answer. */
export function notYet(method: string): () => Promise<never> {
  return async () => {
    throw new ContractError('not_available', `${method} is not available in this build yet.`);
  };
}
