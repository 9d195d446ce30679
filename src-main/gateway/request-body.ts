import { isRecord } from '../../src-shared/json-record.js';
import { ContractError } from '../conversion/contract-error.js';
import { duplicateKeyCheck } from './top-level-keys.js';

/** The top-level keys the gateway itself reads to route, bill and shape the answer: each may come once. */
const duplicateOfKeyTheGatewayReads = duplicateKeyCheck(['model', 'stream']);

/** The JSON object a route needs, or the 400 that says what is wrong with it. */
export function parseJsonObject(raw: unknown): Record<string, unknown> {
  if (!Buffer.isBuffer(raw) || raw.length === 0) {
    throw new ContractError('invalid_json', 'The request needs a JSON body.');
  }
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (error) {
    throw new ContractError('invalid_json', `The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (!isRecord(value)) {
    throw new ContractError('invalid_json', 'The request body must be a JSON object.');
  }
  // The gateway would act on one copy (JSON.parse keeps the last) while the upstream may read the other.
  const duplicate = duplicateOfKeyTheGatewayReads(raw);
  if (duplicate !== null) {
    throw new ContractError('duplicate_key', `The request body has "${duplicate}" more than once at its top level: the gateway would route and bill one value while the provider might read the other. Send it once.`);
  }
  return value as Record<string, unknown>;
}

export function requireModel(body: Record<string, unknown>): string {
  if (typeof body.model !== 'string' || body.model.trim() === '') {
    throw new ContractError('missing_model', 'The request body needs a "model" string.');
  }
  return body.model;
}
