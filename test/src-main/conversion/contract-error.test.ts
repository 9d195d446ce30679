import { describe, expect, it } from 'vitest';
import { errorCodes, type ErrorCode } from '../../../src-shared/error-codes.js';
import { ContractError, hasErrorCode, isContractError } from '../../../src-main/conversion/contract-error.js';
import { unsupportedFeature } from '../../../src-main/conversion/unsupported-feature.js';

describe('ContractError', () => {
  it.each(Object.keys(errorCodes) as ErrorCode[])('takes status and retryable for %s from the catalogue', (code) => {
    const error = new ContractError(code, 'message');
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ code, status: errorCodes[code].status, retryable: errorCodes[code].retryable, message: 'message', name: 'ContractError' });
    expect(error.headers).toEqual({});
  });

  it('carries the headers that go with it, such as retry-after', () => {
    const error = new ContractError('keys_cooling_down', 'Cooling down.', { headers: { 'retry-after': '7' } });
    expect(error).toMatchObject({ status: 503, retryable: true, headers: { 'retry-after': '7' } });
  });

  it("takes the source's status only for a code whose status is the source's own", () => {
    expect(new ContractError('upstream_unavailable', 'Timed out.', { status: 504 }).status).toBe(504);
    expect(new ContractError('upstream_unavailable', 'Refused.').status).toBe(502);
    // @ts-expect-error a fixed code takes no status: the catalogue decides it.
    const fixed = new ContractError('model_not_found', 'Unknown model.', { status: 500 });
    expect(fixed.status).toBe(404);
  });

  it('keeps its cause', () => {
    const cause = new Error('ECONNREFUSED');
    expect(new ContractError('upstream_unavailable', 'No answer.', { cause }).cause).toBe(cause);
  });
});

describe('isContractError and hasErrorCode', () => {
  it('recognise one of ours by its code, whatever its class', () => {
    const error = new ContractError('model_not_found', 'Unknown model.');
    expect(isContractError(error)).toBe(true);
    expect(hasErrorCode(error, 'model_not_found')).toBe(true);
    expect(hasErrorCode(error, 'unsupported_feature')).toBe(false);
    // An error built elsewhere (another copy of the module, say) matches on its code alone.
    const lookalike = Object.assign(new Error('Unknown model.'), { code: 'model_not_found', status: 404 });
    expect(hasErrorCode(lookalike, 'model_not_found')).toBe(true);
  });

  it('reject what is not one of ours', () => {
    // A vendor's error in the internal vocabulary is data, not one of our errors, even with a code like ours.
    expect(isContractError({ status: 429, type: 'insufficient_quota', message: 'Quota.', code: 'insufficient_quota' })).toBe(false);
    // An error whose code is not in the catalogue (fastify's, undici's).
    expect(isContractError(Object.assign(new Error('x'), { code: 'FST_ERR_CTP_BODY_TOO_LARGE', status: 413 }))).toBe(false);
    // A catalogue code without a status (the price sync's own error, before the route maps it).
    expect(isContractError(Object.assign(new Error('x'), { code: 'prices_bad_url' }))).toBe(false);
    expect(isContractError(new Error('plain'))).toBe(false);
    expect(isContractError(null)).toBe(false);
    expect(isContractError(undefined)).toBe(false);
  });
});

describe('unsupportedFeature', () => {
  it('is a 400 unsupported_feature naming the feature, the target and what to do', () => {
    const error = unsupportedFeature('top_k', 'OpenAI');
    expect(hasErrorCode(error, 'unsupported_feature')).toBe(true);
    expect(error.status).toBe(400);
    expect(error.retryable).toBe(false);
    expect(error.message).toBe('top_k cannot be sent to the OpenAI provider. Remove it, or route this model to a provider that supports it.');
  });
});
